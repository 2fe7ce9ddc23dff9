"""Evaluation panels in headless Chromium: the office forms a panel, names its members and
assigns the enrolments of a town; a member scores with the operator's facts beside the form."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.accessibility import axe_violations
from fangxin.core.tests.factories import PASSWORD
from fangxin.evaluation import services
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import ConflictOfInterest
from fangxin.supervision.tests.test_facts import area, finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN = date(2026, 7, 15)
IN_EVALUATION = date(2026, 10, 15)
SCREENSHOTS = Path("test-artifacts")  # the conftest's folder for failure screenshots


@pytest.fixture
def county(make_user, office, monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return IN_EVALUATION if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    campaign = programme.create_campaign(office, 2026)
    first = OperatorFactory(name="清朗直播有限公司")
    second = OperatorFactory(name="放心团购有限公司", area=first.area)
    enrolments = [
        Enrolment.objects.create(campaign=campaign, operator=first, kind="livestream"),
        Enrolment.objects.create(campaign=campaign, operator=second, kind="group_buying"),
    ]
    finding(first, IN, area=area("conduct"))
    services.recompute_campaign_now(campaign.pk)
    make_user(Role.OFFICE, username="chief")
    make_user(Role.EVALUATOR, username="judge", first_name="", last_name="王评审")
    adviser = make_user(Role.PARTNER, username="adviser", first_name="", last_name="李顾问")
    ConflictOfInterest.objects.create(inspector=adviser, operator=first, reason="亲属")
    return campaign, enrolments


def test_the_office_forms_a_panel_and_a_member_scores(page, login, county):
    _campaign, (first, _second) = county
    SCREENSHOTS.mkdir(exist_ok=True)
    login("chief", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:results-current']")
    with page.expect_navigation():
        page.click("#panels-link")
    page.fill("#id_name", "第一考评组")
    page.select_option("#id_leader", label="王评审")
    with page.expect_navigation():
        page.click("#panel-create button[type=submit]")
    panel = page.locator("section[data-panel='第一考评组']")
    panel.locator(".member-add select").select_option(label="李顾问")
    with page.expect_navigation():
        panel.locator(".member-add button[type=submit]").click()
    panel.locator(".assign select[name$='-by']").select_option("area")
    panel.locator(".assign select[name$='-area']").select_option(label=first.operator.area.name)
    with page.expect_navigation():
        panel.locator(".assign button[type=submit]").click()
    assert "已分配 2 个培育对象" in page.content()
    text = panel.inner_text()
    assert "清朗直播有限公司" in text and "放心团购有限公司" in text
    assert "李顾问 已申报回避，不参与评分" in text
    page.screenshot(path=str(SCREENSHOTS / "panels-office.png"), full_page=True)
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login("judge", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:my-panels']")
    with page.expect_navigation():
        page.click("a:text-is('清朗直播有限公司')")
    facts = page.locator("#operator-facts").inner_text()
    assert "检查发现问题" in facts and "经营行为合法" in facts
    assert "检查发现一般问题" in page.locator("#automatic-deductions").inner_text()
    for code in ("qualifications", "site", "quality", "marketing", "labelling"):
        page.fill(f"#points-{code}", "4")
    page.fill("#points-conduct", "9")  # above its 6 points
    for code in ("consumer_rights", "after_sales"):
        page.fill(f"#points-{code}", "3")
    # The browser refuses it before sending (the server's refusal is tested in test_panel_pages).
    assert page.eval_on_selector("#points-conduct", "e => e.validity.rangeOverflow")
    page.fill("#points-conduct", "5")
    page.fill("#comment-conduct", "直播间话术规范，已整改上次问题")
    page.locator("#criterion-conduct details summary").click()
    page.locator("#criterion-conduct input[type=checkbox]").first.check()
    with page.expect_navigation():
        page.click("#sheet-form button[type=submit]")
    assert "已保存评分" in page.content()
    assert "考评组合成分：5.00" in page.locator("#criterion-conduct").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "panels-sheet.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.console_errors == []
