"""Self-inspection journey in headless Chromium: the office copies last year's campaign and
enrols the live-stream operators, an operator fills in and submits, the station returns it with
a comment, the operator resubmits, the station accepts — and the progress dashboard follows."""

import struct
import zlib
from pathlib import Path

import pytest
from django.utils import timezone

from fangxin.core.models import Area, Station
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.programme.models import Campaign, Enrolment, PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck.models import Answer, Evidence, SelfInspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")


def small_png(width: int = 8, height: int = 8) -> bytes:
    """A real, decodable RGB PNG (a green square), not just the magic bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x20\xa0\x40" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav button[type=submit]")
    assert "/accounts/login/" in page.url


def progress(page) -> dict[str, int]:
    """The station's row of #progress-table as {state: count}."""
    cells = page.locator("#progress-table tbody tr").first.locator("td[data-state]")
    counts = {}
    for i in range(cells.count()):
        cell = cells.nth(i)
        counts[cell.get_attribute("data-state")] = int(cell.inner_text().split()[0])
    return counts


def open_dashboard(page) -> dict[str, int]:
    with page.expect_navigation():
        page.click("[data-nav='selfcheck:dashboard']")
    page.wait_for_selector("#progress-chart svg", state="attached")
    return progress(page)


def open_review(page, operator_name: str) -> None:
    with page.expect_navigation():
        page.click(f"#selfcheck-operators a:text-is('{operator_name}')")
    assert operator_name in page.locator("h1").inner_text()


def open_fill_page(page) -> None:
    with page.expect_navigation():
        page.click("[data-nav='selfcheck:mine']")
    with page.expect_navigation():
        page.click("#my-selfchecks a:text-is('填写自查')")
    assert "自查自纠" in page.locator("h1").inner_text()


def test_selfcheck_fill_return_resubmit_accept(page, login, make_user, changxing, tmp_path):
    this_year = timezone.localdate().year
    zhicheng = Station.objects.get(code="zhicheng")
    make_user(Role.OFFICE, username="office1", first_name="王主任")
    shop = OperatorFactory(name="雉城直播电商有限公司", area=Area.objects.get(code="zhicheng"))
    neighbour = OperatorFactory(name="雉城带货电商有限公司", area=Area.objects.get(code="zhicheng"))
    faraway = OperatorFactory(name="画溪直播电商有限公司", area=Area.objects.get(code="huaxi"))
    OperatorFactory(
        name="雉城团购电商有限公司",
        area=Area.objects.get(code="zhicheng"),
        livestream=False,
        group_buying=True,
    )
    make_user(Role.OPERATOR, username="shop", operator=shop)
    make_user(Role.STATION, username="st", station=zhicheng)
    failed = []  # page-initiated requests that failed (the favicon probe is not one of them)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # 1. The office creates last year's campaign, copies it to this year and enrols.
    login("office1", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='programme:campaign-list']")
    page.fill("form[action$='/programme/new/'] input[name=year]", str(this_year - 1))
    with page.expect_navigation():
        page.click("form[action$='/programme/new/'] button[type=submit]")
    assert f"/programme/{this_year - 1}/" in page.url
    assert page.locator("#phase-table tbody tr").count() == len(PhaseCode)
    page.fill("#id_year", str(this_year))
    with page.expect_navigation():
        page.click("#copy-campaign")
    assert f"/programme/{this_year}/" in page.url
    assert "已复制为" in page.locator(".alert-success").inner_text()
    campaign = Campaign.objects.get(year=this_year)
    assert campaign.copied_from.year == this_year - 1
    put_phase_around_today(campaign, PhaseCode.SELF_INSPECTION)
    page.reload()
    assert page.locator("#current-phase").inner_text() == "自查自纠"

    with page.expect_navigation():
        page.click("a:text-is('培育对象名单')")
    page.select_option("#id_kind", "livestream")
    page.select_option("#id_area", label="全部辖区")
    with page.expect_navigation():
        page.click("#enrol-form button[type=submit]")
    # A blank credit code enrols a whole jurisdiction: the page says how many and asks first.
    assert "将纳入 3 家" in page.locator("#enrol-preview").inner_text()
    assert not Enrolment.objects.exists()
    with page.expect_navigation():
        page.click("#confirm-enrol")
    assert "已纳入3家" in page.locator(".alert-success").inner_text()
    table = page.locator("#enrolment-table tbody").inner_text()
    for operator in (shop, neighbour, faraway):
        assert operator.name in table
    assert "团购" not in table
    assert page.locator("#enrolment-table tbody tr").count() == 3
    shot(page, "selfcheck-enrolments")
    logout(page)

    # 2. The operator answers every item, attaches a photo to the first one and submits.
    login("shop", PASSWORD)
    open_fill_page(page)
    inspection = SelfInspection.objects.get(enrolment__operator=shop)
    answers = list(inspection.answers.all())
    assert answers
    assert page.locator("#selfcheck-form input[type=radio][value=compliant]").count() == len(
        answers
    )
    for answer in answers:
        page.check(f"input[name='result-{answer.pk}'][value=compliant]")
    photo = tmp_path / "营业执照.png"
    photo.write_bytes(small_png())
    first_file = page.locator("#selfcheck-form input[type=file]").first
    first_answer_pk = int(first_file.get_attribute("name").removeprefix("file-"))
    first_file.set_input_files(str(photo))
    shot(page, "selfcheck-fill")
    with page.expect_navigation():
        page.click("#submit-selfcheck")
    assert "自查已提交" in page.locator(".alert-success").inner_text()
    assert "已提交" in page.locator("#my-selfchecks tbody").inner_text()
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.SUBMITTED
    evidence = Evidence.objects.get()
    assert evidence.answer_id == first_answer_pk
    assert evidence.original_name == "营业执照.png"
    assert set(inspection.answers.values_list("result", flat=True)) == {Answer.Result.COMPLIANT}
    logout(page)

    # 3. The station sees it on the dashboard and returns it with a comment on one item.
    login("st", PASSWORD)
    assert page.console_errors == []
    counts = open_dashboard(page)
    assert counts["submitted"] == 1
    assert counts["not_started"] == 1  # the neighbour has not started
    assert counts["returned"] == counts["accepted"] == 0
    assert page.locator("#progress-table tbody tr").count() == 1  # only the station's own row
    assert faraway.name not in page.locator("#selfcheck-operators").inner_text()
    assert page.locator("#progress-chart svg").count() == 1
    shot(page, "selfcheck-dashboard")
    assert page.console_errors == []  # ECharts loads under the CSP

    open_review(page, shop.name)
    assert page.locator("#inspection-status").inner_text() == "已提交"
    assert "营业执照.png" in page.locator("#review-table").inner_text()
    comment = "请补充直播间商品资质公示截图"
    page.locator("#review-table input[name^='comment-']").first.fill(comment)
    shot(page, "selfcheck-review")
    with page.expect_navigation():
        page.click("#return")
    assert "已退回" in page.locator(".alert-success").inner_text()
    page.wait_for_selector("#progress-chart svg", state="attached")
    counts = progress(page)
    assert counts["returned"] == 1
    assert counts["submitted"] == 0
    logout(page)

    # 4. The operator sees the comment and resubmits.
    login("shop", PASSWORD)
    open_fill_page(page)
    assert page.locator("#inspection-status").inner_text() == "已退回"
    assert page.locator(".review-comment").count() == 1
    assert comment in page.locator(".review-comment").inner_text()
    assert "营业执照.png" in page.locator("#selfcheck-form").inner_text()
    shot(page, "selfcheck-returned")
    with page.expect_navigation():
        page.click("#submit-selfcheck")
    assert "自查已提交" in page.locator(".alert-success").inner_text()
    assert "已提交" in page.locator("#my-selfchecks tbody").inner_text()
    logout(page)

    # 5. The station accepts; the dashboard shows it accepted.
    login("st", PASSWORD)
    assert open_dashboard(page)["submitted"] == 1
    open_review(page, shop.name)
    with page.expect_navigation():
        page.click("#accept")
    assert "已通过" in page.locator(".alert-success").inner_text()
    page.wait_for_selector("#progress-chart svg", state="attached")
    counts = progress(page)
    assert counts["accepted"] == 1
    assert counts["submitted"] == counts["returned"] == 0
    assert counts["not_started"] == 1
    assert "已通过" in page.locator("#selfcheck-operators").inner_text()
    shot(page, "selfcheck-dashboard-accepted")
    assert page.console_errors == []
    assert failed == []
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.ACCEPTED
    assert Enrolment.objects.filter(campaign=campaign).count() == 3
