"""Accessibility of the shell in headless Chromium: axe-core finds no serious or critical
violation on the public pages (desktop and phone, menu open), the bar's links read at 4.5:1 or
better, keyboard focus shows on the bar, a skip link leads to the content, and the office's menu
in English leaves the language switch and log-out on screen at 1366 and 1920 px."""

from datetime import date

import pytest
from django.utils import timezone

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.core.tests.accessibility import axe_violations, contrast_ratio
from fangxin.core.tests.factories import PASSWORD
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services
from fangxin.supervision.models import Inspection
from fangxin.supervision.tests.conftest import plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 800}


@pytest.fixture
def public_record(changxing, make_user, office):
    """A drawn plan, a frozen one and a published inspection: every public page has content."""
    stations = list(Station.objects.order_by("code")[:3])
    operators = [
        OperatorFactory(area=station.areas.first(), risk_class=cls)
        for station in stations[:2]
        for cls in "AABBCCDD"
    ]
    for station in stations:
        make_user(Role.INSPECTOR, station=station)
        make_user(Role.INSPECTOR, station=station)
    drawn = services.freeze(office, plan_for(office))
    services.run_draw(office, drawn.plan, "03 07 12 19 25 31 + 08", "双色球第2026138期")
    frozen = services.freeze(office, plan_for(office))
    Inspection.objects.create(
        operator=operators[0],
        station=stations[0],
        source=Inspection.Source.TARGETED,
        planned_on=date(2026, 3, 2),
        inspected_on=date(2026, 3, 3),
        status=Inspection.Status.PUBLISHED,
        conclusion="未发现问题，亮照亮证、进货查验记录齐全，直播间公示信息与营业执照一致。",
        published_at=timezone.now(),
    )
    return {"drawn": drawn, "frozen": frozen}


def public_paths(record) -> list[str]:
    return [
        "/",
        "/public/sellers/",
        "/public/sellers/?q=%E5%BF%83",
        "/public/titles/verify/",
        "/public/titles/notices/",
        "/public/ratings/",
        "/public/stories/",
        "/public/suggestions/",
        "/public/suggestions/new/",
        "/public/privacy/",
        "/public/draws/",
        f"/public/draws/{record['drawn'].pk}/",
        f"/public/draws/{record['frozen'].pk}/",
        "/public/inspections/",
        "/public/complaints/",
        "/public/complaints/track/",
        "/registry/apply/",
        "/accounts/login/",
    ]


def test_public_pages_have_no_serious_axe_violations(page, public_record):
    found = {}
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in public_paths(public_record):
            page.goto(path)
            if viewport is PHONE:  # the collapsed menu is checked open
                page.click(".navbar-toggler")
                page.wait_for_selector("#mainnav.show")
            if path.startswith("/public/draws/") and path != "/public/draws/":
                page.click("#verify")  # and the verification's answer with it
                page.wait_for_selector("#verify-result")
            if violations := axe_violations(page):
                found[f"{viewport['width']} {path}"] = violations
    assert found == {}
    assert page.console_errors == []


def test_bar_links_read_at_aa_contrast(page, login, office, public_record):
    def ratios() -> list[tuple[str, float]]:
        # Each text against the first opaque background behind it (the bar, or a button's own).
        pairs = page.eval_on_selector_all(
            "nav.navbar a, nav.navbar button, nav.navbar .navbar-text",
            """els => els.filter(e => e.offsetParent).map(e => {
                 const bg = x => getComputedStyle(x).backgroundColor;
                 let b = e;
                 while (b && /, 0\\)$|transparent/.test(bg(b))) b = b.parentElement;
                 return [e.textContent.trim(), getComputedStyle(e).color, bg(b)];
               })""",
        )
        return [(text, contrast_ratio(colour, back)) for text, colour, back in pairs]

    page.set_viewport_size(DESKTOP)
    page.goto("/public/draws/")  # the current page's link too
    public = ratios()
    assert len(public) >= 5
    assert [(t, r) for t, r in public if r < 4.5] == []
    login(office.username, PASSWORD)
    office = ratios()
    assert len(office) >= 10
    assert [(t, r) for t, r in office if r < 4.5] == []


def test_skip_link_and_visible_focus_on_the_bar(page, public_record):
    page.set_viewport_size(DESKTOP)
    page.goto("/public/inspections/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-link"
    box = page.locator("#skip-link").bounding_box()
    assert box["width"] > 40 and box["height"] > 20  # shown, not a 1 px clip
    assert page.locator("#skip-link").inner_text() == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is in the content, not back on the bar
    assert page.evaluate("!!document.activeElement.closest('main')")

    page.goto("/public/inspections/")
    background = page.eval_on_selector("nav.navbar", "n => getComputedStyle(n).backgroundColor")
    seen = 0
    for _ in range(8):  # skip link, brand, then the menu, the language switch, log in
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('nav.navbar')"):
            continue
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()"
        )
        assert style[0] != "none" and style[1] >= 2, style
        assert contrast_ratio(style[2], background) >= 3, style  # WCAG 1.4.11
        seen += 1
    assert seen >= 6
    page.locator("[data-nav='public-draws']").focus()
    page.screenshot(path="test-artifacts/a11y-focus-on-bar.png")


@pytest.mark.parametrize("width", [1366, 1920])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_office_menu_leaves_language_and_log_out_on_screen(page, login, make_user, width, language):
    make_user(Role.OFFICE, username="office1", first_name="王主任")
    page.set_viewport_size({"width": width, "height": 800})
    login("office1", PASSWORD)
    if language == "en":
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        assert "Audit log" in page.locator("#nav-items").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in ["select[name=language]", "#logout", "#current-user", "#nav-items a >> nth=-1"]:
        element = page.locator(selector)
        assert element.is_visible(), selector
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        assert box["width"] > 20 and box["y"] + box["height"] <= 200, (selector, box)
    # The switch shows its current language, not a squeezed empty box.
    assert page.locator("select[name=language]").bounding_box()["width"] >= 80
    assert page.locator("#logout").bounding_box()["height"] < 40  # one line
    page.screenshot(path=f"test-artifacts/office-menu-{language}-{width}.png")


# 200 % zoom halves the CSS viewport: a 1366 px screen zoomed in lays out as 683 px.
ZOOMED = {"width": 683, "height": 400}
# Older users' habits (适老化): body text of 16 px or more, and every control in the page's
# content at least 24 × 24 px (WCAG 2.2 target size, minimum) — 44 px for the menu's entries
# on a phone, where a thumb taps them.
_SMALL_TARGETS = """(minimum) => [...document.querySelectorAll(
    "main button, main input:not([type=hidden]), main select, main textarea, main .btn")]
  .filter(e => e.offsetParent !== null)
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width < minimum || r.height < minimum)
  .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} `
    + `${Math.round(r.width)}x${Math.round(r.height)}`)
"""


def test_public_pages_survive_200_percent_zoom_with_readable_text_and_targets(page, public_record):
    found = {}
    page.set_viewport_size(ZOOMED)
    for path in public_paths(public_record):
        page.goto(path)
        problems = []
        if not page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"):
            problems.append("runs off the screen sideways")
        body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        if body < 16:
            problems.append(f"body text {body} px")
        if small := page.evaluate(_SMALL_TARGETS, 24):
            problems.append(f"small targets {small}")
        if problems:
            found[path] = problems
    assert found == {}, "\n".join(f"{path}: {problems}" for path, problems in found.items())


def test_the_phone_menu_has_thumb_sized_entries(page, public_record):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#mainnav.show")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('#mainnav a.nav-link, #mainnav button')]
          .filter(e => e.offsetParent !== null)
          .map(e => [e.textContent.trim(), e.getBoundingClientRect().height])"""
    )
    assert heights and all(h >= 44 for _text, h in heights), heights
