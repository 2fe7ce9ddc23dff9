"""Staff and operator pages on a 390 px phone: wide tables scroll inside themselves.

Walk of issue 11: the operator's own pages (my file, campaigns, self-inspections, trainings)
and every staff list widened the whole page to 520-1190 px at 390 px, so the page slid
sideways under a menu bar that stayed 390 px wide.
"""

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.STATION])
def test_pages_with_tables_fit_a_phone(page, login, make_user, campaign, role):
    make_user(role, username="phone1")
    page.set_viewport_size({"width": 390, "height": 844})
    login("phone1", PASSWORD)
    page.goto("/programme/")
    table = page.locator("#campaign-table")
    assert table.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the campaign list is {width} px wide"
    # the table keeps its columns and can still be scrolled to its last one
    assert page.evaluate("document.querySelector('#campaign-table').scrollWidth") > 390


def test_phase_adjustment_fits_an_english_office_screen(page, login, make_user, campaign):
    """Walk of issue 11: in English at 1366 px the phase table's two forms (reschedule, extend)
    sat side by side on one line and pushed the page to 1511 px; the extension's reason box
    was a blank input with no visible hint."""
    make_user(Role.OFFICE, username="office1")
    page.set_viewport_size({"width": 1366, "height": 900})
    login("office1", PASSWORD)
    page.goto(f"/programme/{campaign.year}/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the campaign page is {width} px wide"
    assert (
        page.locator("#id_x-summary-reason").get_attribute("placeholder")
        == "Reason for the extension"
    )


def test_audit_log_keeps_the_changes_on_screen(page, login, make_user):
    """Walk of issue 11: an object with a long name (a watch entry's reason) stayed on one line
    and pushed the changes column past the right edge of a 1366 px screen."""
    from auditlog.context import set_actor

    from fangxin.registry.tests.factories import OperatorFactory

    office = make_user(Role.OFFICE, username="office1")
    operator = OperatorFactory(name="长兴县" + "蓝海水产养殖专业合作社" * 8)
    with set_actor(office):
        operator.contact_name = "新联系人"
        operator.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    login("office1", PASSWORD)
    page.goto("/audit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    change = page.locator("#audit-table li", has_text="新联系人").first
    box = change.bounding_box()
    assert box["x"] + box["width"] <= 1366
