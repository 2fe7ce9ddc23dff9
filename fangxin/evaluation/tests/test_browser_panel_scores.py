"""The office opens a panel's members' scores from the panels page in headless Chromium: each
member's score per criterion, the conflicted member left out, the combined figure; axe passes."""

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.accessibility import axe_violations
from fangxin.core.tests.factories import PASSWORD

from .test_panel_scores_page import scored_panel  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_reads_the_members_scores(page, login, make_user, scored_panel):  # noqa: F811
    panel, enrolment, _ = scored_panel
    make_user(Role.OFFICE, username="chief")
    login("chief", PASSWORD)
    page.goto(f"/evaluation/{enrolment.campaign.year}/panels/")
    with page.expect_navigation():
        page.click(f"#panel-{panel.pk} .panel-scores-link")
    section = page.locator(f"#enrolment-{enrolment.pk}")
    conduct = section.locator("tr[data-criterion='conduct']").inner_text()
    assert "回避" in conduct and "4.5" in conduct
    assert "证照齐全" in section.inner_text() and "价签不全" in section.inner_text()
    assert axe_violations(page) == []
    assert page.console_errors == []
