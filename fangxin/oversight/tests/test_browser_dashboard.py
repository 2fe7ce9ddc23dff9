"""The office's journey in headless Chromium: open the year's dashboard, filter it by station,
see the charts drawn, follow a count to its rows, and generate the summary report; a station
sees its own station without choosing. Screenshots at 1366 and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from fangxin.core.tests.factories import PASSWORD

from .report_fixtures import county_fixture  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_office_filters_the_dashboard_by_station_and_generates_the_report(
    page, login, county, demo_day
):
    page.set_viewport_size(DESKTOP)
    login(county.office.username, PASSWORD)
    page.goto("/desk/")
    page.click("nav a[href='/oversight/dashboard/']")
    page.wait_for_selector(".oversight-chart canvas")
    assert page.locator("[data-figure='participation.operators']").inner_text() == "4"
    assert "+2（+100.0%）" in page.locator("#section-participation").inner_text()
    shot(page, "oversight-dashboard-county-1366")

    page.select_option("#station", str(county.north.pk))
    with page.expect_navigation():
        page.click("#dashboard-filter button[type=submit]")
    assert f"station={county.north.pk}" in page.url
    assert "北城市场监督管理所" in page.locator("h1").inner_text()
    assert page.locator("[data-figure='participation.operators']").inner_text() == "3"
    charts = page.locator(".oversight-chart canvas")
    assert charts.count() >= 8
    assert page.console_errors == []
    shot(page, "oversight-dashboard-north-1366")

    # Made inline: a few seconds, more on a loaded test machine.
    with page.expect_download(timeout=90_000) as pdf:
        page.click("#report-pdf", timeout=90_000)
    assert pdf.value.suggested_filename == "summary-2026-north.pdf"
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as chart_data:
        page.click("#export-complaint-trend")
    assert chart_data.value.suggested_filename == "summary-2026-north.complaint-trend.xlsx"

    # a count opens the rows behind it
    with page.expect_navigation():
        page.click("[data-figure='complaints.received']")
    assert "/complaints/" in page.url and f"station={county.north.pk}" in page.url

    page.set_viewport_size(PHONE)
    page.goto(f"/oversight/dashboard/?station={county.north.pk}")
    page.wait_for_selector(".oversight-chart canvas")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, width
    shot(page, "oversight-dashboard-north-390")


def test_a_station_sees_its_own_dashboard(page, login, county, demo_day):
    page.set_viewport_size(PHONE)
    login(county.north_user.username, PASSWORD)
    page.goto("/oversight/dashboard/")
    page.wait_for_selector(".oversight-chart canvas")
    assert "北城市场监督管理所" in page.locator("h1").inner_text()
    assert page.locator("#station").count() == 0
    assert page.locator("#report-pdf").is_visible()
    page.goto(f"/oversight/dashboard/?station={county.south.pk}")
    assert "南城市场监督管理所" not in page.content()
