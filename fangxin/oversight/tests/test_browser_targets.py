"""Journey in headless Chromium: a failed evaluation puts an operator on the watch list with an
order. The office runs the results; the station then sees the watch entry with its reason and
end date, and the order with its deadline and basis 考评结果."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.oversight.models import ResultWatch
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import RectificationOrder

from .targets_support import failed_evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("FANGXIN_SCREENSHOTS")  # a folder: keep 1366 px and 390 px screenshots


def _shoot(page, name):
    if not SHOTS:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_failed_evaluation_puts_the_operator_on_the_watch_list_with_an_order(
    page, login, make_user, campaign
):
    office = make_user(Role.OFFICE)
    failing = OperatorFactory(name="长兴未达标电商有限公司")
    failed_evaluation(campaign, office, failing, passed=[OperatorFactory(name="合格示范电商")])
    station = make_user(Role.STATION, station=failing.area.station)

    login(office.username, PASSWORD)
    page.goto("/oversight/targets/")
    page.select_option("#id_campaign", str(campaign.pk))
    with page.expect_navigation():
        page.click("#run-targets")
    assert "已新增重点监管对象1个，下达整改通知1份" in page.inner_text("body")
    link = ResultWatch.objects.get()
    order = link.order
    assert order.basis == RectificationOrder.Basis.EVALUATION
    page.context.clear_cookies()

    login(station.username, PASSWORD)
    page.goto("/oversight/targets/")
    row = page.locator("#result-watch-table tr.result-watch", has_text=failing.name)
    assert "考评未达标" in row.locator(".watch-reason").inner_text()
    ends = (timezone.localdate() + timedelta(days=365)).isoformat()
    assert row.locator(".watch-ends").inner_text() == ends
    cell = row.locator(".watch-order").inner_text()
    assert order.due_on.isoformat() in cell and "考评结果" in cell
    assert "合格示范电商" not in page.inner_text("#result-watch-table")
    _shoot(page, "targets")
    with page.expect_navigation():
        row.locator(".watch-order a").click()
    body = page.inner_text("body")
    assert "考评结果" in body and order.due_on.isoformat() in body
    assert page.console_errors == []


def test_the_office_pages_render(page, login, make_user):
    office = make_user(Role.OFFICE)
    OperatorFactory(name="风险分类示例电商")
    login(office.username, PASSWORD)
    page.goto("/oversight/risk/")
    with page.expect_navigation():
        page.click("#recompute")
    assert "B" in page.locator("#risk-table .risk-class").first.inner_text()
    assert "近两年未经检查" in page.inner_text("#risk-table")
    _shoot(page, "risk")
    page.goto("/oversight/punishments/")
    assert "国发〔2019〕5号" in page.inner_text("#measure-catalogue")
    _shoot(page, "punishments")
    page.goto("/oversight/risk/import/")
    _shoot(page, "risk-import")
    assert page.console_errors == []
