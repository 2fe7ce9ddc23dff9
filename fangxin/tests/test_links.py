"""Counts and messages lead somewhere (issue 11, item 12): home cards, inbox items, timeline lines
and dashboard rows link to the rows behind them, and only to what the reader may open."""

import datetime
import re

import pytest
from django.utils import timezone

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.registry import services as registry
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def _links(body: str) -> set[str]:
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', body)}


def test_home_cards_link_to_the_rows_they_count(client, office):
    OperatorFactory(livestream=True)
    client.force_login(office)
    body = client.get("/desk/").content.decode()
    cards = body[body.index('id="home-cards"') :]
    links = _links(cards)
    assert "/registry/operators/?status=active" in links
    assert "/registry/operators/?kind=livestream" in links
    assert "/selfcheck/dashboard/?status=submitted#selfcheck-operators" in links
    # The link leads to the rows counted: the list filtered as the card counts.
    listed = client.get("/registry/operators/?status=active")
    assert (
        listed.context["page"].paginator.count == Operator.objects.filter(status="active").count()
    )


def test_operator_home_cards_lead_to_its_own_pages(client, make_user):
    user = make_user(Role.OPERATOR)
    client.force_login(user)
    body = client.get("/desk/").content.decode()
    assert "/registry/mine/" in _links(body[body.index('id="home-cards"') :])


def test_inbox_items_link_to_the_row(client, make_user, django_capture_on_commit_callbacks):
    operator = OperatorFactory(status=Operator.Status.APPLIED)
    station_user = make_user(Role.STATION, station=operator.area.station)
    owner = make_user(Role.OPERATOR, operator=operator)
    office = make_user(Role.OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        registry.confirm_application(office, operator)
    client.force_login(owner)
    inbox = client.get("/inbox/").content.decode()
    assert '<a href="/registry/mine/">' in inbox
    assert client.get("/registry/mine/", follow=True).status_code == 200
    client.force_login(station_user)
    assert client.get("/inbox/").content.decode().count("<a href=") >= 0


def test_timeline_lines_link_to_their_rows_for_officials_only(client, office, make_user):
    from fangxin.supervision import services as supervision
    from fangxin.supervision.models import Inspection

    operator = OperatorFactory()
    station = operator.area.station
    inspectors = [make_user(Role.INSPECTOR, station=station) for _ in range(2)]
    inspection = supervision.create_inspection(
        office,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=timezone.localdate() + datetime.timedelta(days=3),
        free_items=["亮照亮证"],
    )
    client.force_login(office)
    body = client.get(f"/registry/operators/{operator.pk}/").content.decode()
    timeline = body[body.index('id="timeline"') :]
    assert f'href="/supervision/inspections/{inspection.pk}/"' in timeline

    client.force_login(make_user(Role.OPERATOR, operator=operator))
    mine = client.get(f"/registry/operators/{operator.pk}/")
    if mine.status_code == 200:
        body = mine.content.decode()
        assert "/supervision/inspections/" not in body[body.index('id="timeline"') :]


def test_supervision_dashboard_cells_lead_to_their_stations_rows(client, office, make_user):
    from fangxin.supervision import services as supervision
    from fangxin.supervision.models import Inspection

    mine, other = OperatorFactory(), OperatorFactory()
    for operator in (mine, other):
        inspectors = [make_user(Role.INSPECTOR, station=operator.area.station) for _ in range(2)]
        supervision.create_inspection(
            office,
            operator,
            source=Inspection.Source.TARGETED,
            inspectors=inspectors,
            planned_on=timezone.localdate(),
            free_items=["亮照亮证"],
        )
    station = mine.area.station
    client.force_login(office)
    body = client.get("/supervision/dashboard/").content.decode()
    cell = f"/supervision/inspections/?station={station.pk}&status=planned&due=1"
    assert cell in _links(body)
    listed = client.get(cell)
    assert [i.operator_id for i in listed.context["page"]] == [mine.pk]
    assert Station.objects.count() >= 2
    # A station value that is no id is ignored, not a 500.
    assert client.get("/supervision/orders/", {"station": "9" * 30}).status_code == 200
