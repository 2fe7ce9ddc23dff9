"""A citizen's journey in headless Chromium, on a desktop and a 390 px phone: the front door,
finding a seller by its live room's handle, its verification page and its badge; a revoked
title's badge says so."""

from pathlib import Path

import pytest

from fangxin.core.tests.accessibility import axe_violations
from fangxin.titles.models import Title

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 800}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits(page) -> None:
    """Nothing runs off the screen sideways, and axe-core finds no serious violation."""
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        page.url
    )
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize(("viewport", "tag"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_citizen_finds_a_seller_by_handle_and_verifies_it(page, make_title, viewport, tag):
    page.set_viewport_size(viewport)
    title = make_title(name="长兴放心好物有限公司", handle="小溪农家直播间")
    make_title(name="别家商贸有限公司", handle="别家直播")

    page.goto("/")
    assert page.locator("#authority").inner_text() == "长兴县市场监督管理局"
    assert "12315" in page.locator("#site-footer").inner_text()
    fits(page)
    shot(page, f"public-front-{tag}")

    page.click("[data-service='disclosure:sellers']")
    page.fill("#id_q", "小溪农家")
    with page.expect_navigation():
        page.click("#seller-search button[type=submit]")
    rows = page.locator("#sellers tbody tr")
    assert rows.count() == 1
    assert "小溪农家直播间" in rows.first.inner_text()
    fits(page)
    shot(page, f"public-sellers-{tag}")

    with page.expect_navigation():
        page.click(f"#sellers a:has-text('{title.certificate_no}')")
    assert page.locator("#title-status").get_attribute("data-status") == "valid"
    badge = page.locator("#badge-image")
    badge.scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('badge-image').naturalWidth > 0")
    assert "badge.svg" in badge.get_attribute("src")
    assert "&lt;" not in page.locator("#badge-html").input_value()
    assert page.locator("#badge-html").input_value().startswith("<a href=")
    fits(page)
    shot(page, f"public-verify-{tag}")
    assert page.console_errors == []


def test_a_revoked_titles_badge_shows_revoked(page, make_title):
    title = make_title(status=Title.Status.REVOKED)
    page.set_viewport_size(PHONE)
    page.goto(f"/public/titles/{title.certificate_no}/")
    assert page.locator("#title-status").get_attribute("data-status") == "revoked"
    page.wait_for_function("() => document.getElementById('badge-image').naturalWidth > 0")
    page.goto(f"/public/titles/{title.certificate_no}/badge.svg")
    assert page.locator("text[data-status]").text_content() == "已撤销"
    page.set_viewport_size({"width": 420, "height": 120})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "public-badge-revoked.png"))
