"""Complaint journeys in headless Chromium: a consumer files a complaint and follows it by code;
the station accepts, mediates and closes it; a tip-off becomes a case; the third substantiated
complaint makes the operator a key supervision target."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from fangxin.complaints import services
from fangxin.complaints.models import Complaint
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Case, WatchEntry

from .conftest import file_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav button[type=submit]")


@pytest.fixture
def shop(db):
    operator = OperatorFactory(name="长兴好味道食品直播间有限公司")
    operator.accounts.create(platform="douyin", handle="好味道蜂蜜直播")
    return operator


def test_consumer_files_and_follows_a_complaint_station_mediates_and_closes(
    page, login, shop, make_user
):
    station = make_user(Role.STATION, station=shop.area.station, username="station1")
    page.goto("/public/complaints/")
    page.fill("#id_name", "王女士")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_operator_text", "好味道蜂蜜")
    page.click(f"[data-pick-operator='{shop.pk}']")
    assert page.input_value("#id_operator_text") == shop.name
    page.select_option("#id_category", "quality")
    page.fill("#id_description", "直播间购买的土蜂蜜检测出糖浆成分，要求退货退款。")
    page.fill("#id_demand", "退款 268 元")
    page.fill("#id_captcha_1", "PASSED")
    shot(page, "complaint-public-form")
    with page.expect_navigation():
        page.click("#submit-complaint")
    code = page.text_content("#tracking-code").strip()
    shot(page, "complaint-receipt")
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.operator == shop and complaint.station == shop.area.station

    page.goto("/public/complaints/track/")
    page.fill("#id_code", code)
    page.fill("#id_secret", "0000")
    page.click("#track-submit")
    page.wait_for_selector("#track-error")
    page.fill("#id_code", code)
    page.fill("#id_secret", "5678")
    with page.expect_navigation():
        page.click("#track-submit")
    assert "已登记，待处理" in page.text_content("#track-status")

    login(station.username, PASSWORD)
    page.goto(f"/complaints/{complaint.pk}/")
    assert "13912345678" in page.text_content("#complainant")
    with page.expect_navigation():
        page.click("#accept")
    with page.expect_navigation():
        page.click("#start-mediation")
    page.fill("#id_agreement", "商家同意退货退款")
    page.fill("#id_amount", "268")
    with page.expect_navigation():
        page.click("#mediated")
    assert "调解成功" in page.text_content("#complaint-status")
    with page.expect_navigation():
        page.click("#close-substantiated")
    assert "已办结" in page.text_content("#complaint-status")
    shot(page, "complaint-station-closed")
    assert page.console_errors == []
    logout(page)

    page.goto("/public/complaints/track/")
    page.fill("#id_code", code)
    page.fill("#id_secret", "5678")
    with page.expect_navigation():
        page.click("#track-submit")
    progress = page.text_content("#track-progress")
    assert "调解成功" in progress and "已办结" in progress
    assert "王女士" not in page.content()


def test_tipoff_becomes_a_case(page, login, shop, make_user):
    station = make_user(Role.STATION, station=shop.area.station, username="station2")
    tipoff = file_complaint(shop, kind="tipoff", description="主播宣称蜂蜜能治疗糖尿病。")
    login(station.username, PASSWORD)
    page.goto(f"/complaints/{tipoff.pk}/")
    with page.expect_navigation():
        page.click("#start-verification")
    with page.expect_navigation():
        page.click("#open-case")
    assert "已立案" in page.text_content("#complaint-status")
    case = Case.objects.get(operator=shop)
    assert case.status == Case.Status.FILED
    with page.expect_navigation():
        page.click("#case-link")
    assert f"/supervision/cases/{case.pk}/" in page.url
    shot(page, "tipoff-case")


def test_third_substantiated_complaint_makes_a_key_target(page, login, shop, make_user):
    station = make_user(Role.STATION, station=shop.area.station, username="station3")
    today = timezone.localdate()
    for days in (40, 20):
        earlier = file_complaint(shop, received_on=today - timedelta(days=days))
        services.accept(station, earlier, today - timedelta(days=days))
        services.close(station, earlier, substantiated=True)
    third = file_complaint(shop)
    services.accept(station, third)
    login(station.username, PASSWORD)
    page.goto(f"/complaints/{third.pk}/")
    with page.expect_navigation():
        page.click("#close-substantiated")
    entry = WatchEntry.objects.get(operator=shop)
    assert entry.source == WatchEntry.Source.COMPLAINTS
    page.goto(f"/supervision/operators/{shop.pk}/")
    assert third.tracking_code in page.content()
    shot(page, "complaint-key-target")
    page.goto("/inbox/")
    assert "重点监管对象" in page.content()
