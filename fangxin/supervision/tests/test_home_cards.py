"""The home page's supervision cards: an inspector's tasks, an operator's orders to put right
and, apart, the overdue ones."""

# ruff: noqa: F811 (pytest fixtures imported from the enforcement tests)

import re

import pytest
from django.urls import reverse

from fangxin.core.roles import Role
from fangxin.supervision import services
from fangxin.supervision.models import Inspection
from fangxin.supervision.tests.test_enforcement import (  # noqa: F401 (fixtures)
    BEFORE_SPRING_FESTIVAL,
    minor,
    operator,
    operator_user,
    order,
    station,
    station_user,
)

pytestmark = pytest.mark.django_db


def _tasks(html: str) -> str:
    found = re.search(r"待检查的任务</div>\s*<div class=\"value\"><a[^>]*>(\d+)</a>", html)
    assert found, "no task card"
    return found.group(1)


def _cards(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_operator_sees_its_order_to_put_right_and_that_it_is_overdue(
    client, operator_user, order
):
    html = _cards(client, operator_user)
    assert "待整改的通知" in html
    # Issued before the 2024 Spring Festival: long past its deadline today.
    assert "已逾期的整改" in html
    assert reverse("supervision:order-list") + "?overdue=true" in html


def test_an_inspector_sees_his_own_tasks_only(client, make_user, station, station_user, operator):
    mine, partner, other = (make_user(Role.INSPECTOR, station=station) for _ in range(3))
    services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=[mine, partner],
        planned_on=BEFORE_SPRING_FESTIVAL,
        free_items=["进货查验记录"],
    )
    assert _tasks(_cards(client, mine)) == "1"
    html = _cards(client, other)
    assert _tasks(html) == "0"
    assert "待整改的通知" not in html


def test_outside_roles_get_no_supervision_card(client, make_user):
    html = _cards(client, make_user(Role.ASSOCIATION))
    assert "待检查的任务" not in html
    assert "待整改的通知" not in html
