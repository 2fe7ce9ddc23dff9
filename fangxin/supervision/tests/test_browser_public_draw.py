"""The public draw page in headless Chromium: the verify button answers beside itself without
leaving the page; a frozen plan reads "not drawn yet" (never a red failure), a drawn one verifies;
on a 390 px phone the public tables stack and nothing runs off the screen."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from fangxin.supervision import services
from fangxin.supervision.models import Inspection
from fangxin.supervision.tests.conftest import plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def click_verify(page) -> None:
    """Click the button and wait for its answer; it must come without a page load."""
    url = page.url
    page.evaluate("window.__same_document = true")
    page.click("#verify")
    page.wait_for_selector("#verify-slot #verify-result")
    assert page.url == url
    assert page.evaluate("window.__same_document === true")  # htmx swapped, nothing reloaded


def assert_beside_the_button(page) -> None:
    button, result = page.locator("#verify").bounding_box(), page.locator("#verify-result")
    box = result.bounding_box()
    assert 0 <= box["y"] - (button["y"] + button["height"]) <= 40, (button, box)
    assert result.is_visible()
    # Scrolled into view if it opened below the fold (htmx settles, then scrolls).
    page.wait_for_function(
        "() => { const r = document.getElementById('verify-result').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight + 1; }",
        timeout=2000,
    )


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 800}])
def test_verify_says_not_drawn_yet_then_verified_beside_the_button(page, county, office, viewport):
    page.set_viewport_size(viewport)
    plan = plan_for(office)
    draw = services.freeze(office, plan)

    page.goto(f"/public/draws/{draw.pk}/")
    assert "verify-draw" not in page.content()  # no server command for citizens
    assert "现在还无法复核" in page.locator("#verify-howto").inner_text()
    click_verify(page)
    result = page.locator("#verify-result")
    assert result.get_attribute("data-state") == "not_drawn"
    assert result.inner_text().startswith("尚未抽取")
    assert "复核未通过" not in page.content()
    assert page.locator(".alert-danger").count() == 0
    assert_beside_the_button(page)
    shot(page, f"public-draw-frozen-{viewport['width']}")

    services.run_draw(office, plan, "03 07 12 19 25 31 + 08", "双色球第2026138期")
    page.goto(f"/public/draws/{draw.pk}/")
    assert "下载全部输入数据" in page.locator("#verify-howto").inner_text()
    click_verify(page)
    assert result.get_attribute("data-state") == "verified"
    assert result.inner_text().startswith("复核通过")
    assert_beside_the_button(page)
    shot(page, f"public-draw-verified-{viewport['width']}")
    assert page.console_errors == []


def test_public_tables_fit_a_phone(page, county, office):
    _stations, operators, _inspectors = county
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    services.run_draw(office, plan, "03 07 12 19 25 31 + 08", "双色球第2026138期")
    first = operators[0]
    Inspection.objects.create(
        operator=first,
        station=first.area.station,
        source=Inspection.Source.TARGETED,
        planned_on=date(2026, 3, 2),
        inspected_on=date(2026, 3, 3),
        status=Inspection.Status.PUBLISHED,
        conclusion="未发现问题，亮照亮证、进货查验记录齐全，直播间公示信息与营业执照一致。",
        published_at=timezone.now(),
    )
    page.set_viewport_size(PHONE)
    for path, table, label in [
        ("/public/draws/", "#public-draws", "承诺值"),
        (f"/public/draws/{draw.pk}/", "#draw-result", "执法人员"),
        ("/public/inspections/", "#public-inspections", "检查结论"),
    ]:
        page.goto(path)
        assert page.locator(f"{table} tbody tr").count() >= 1, path
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        table_box = page.locator(table).bounding_box()
        assert table_box["x"] >= 0 and table_box["x"] + table_box["width"] <= PHONE["width"]
        # Each stacked cell says which column it is.
        labels = page.eval_on_selector_all(
            f"{table} tbody td[data-label]",
            "tds => tds.map(td => getComputedStyle(td, '::before').content)",
        )
        assert f'"{label}"' in labels, (path, labels[:4])
        shot(page, "phone" + path.replace("/", "-").rstrip("-"))
