"""Monitoring journeys in headless Chromium: a monitor uploads a live stream's subtitles, reviews
the hits and confirms one; the finding lands on the operator's timeline and, being a veto
category, among the office's proposed veto events. The rule list refuses a broken edit."""

from pathlib import Path

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.monitoring import rulelists
from fangxin.monitoring.models import Hit, Material, RuleSet
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Finding, VetoEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")

RULES = {
    "absolute.yaml": """category: absolute_terms
name: 绝对化用语
legal_basis: 《中华人民共和国广告法》第九条第（三）项
severity: review
veto: null
allow: [最近]
rules:
  - 全网最低价
  - 最便宜
""",
    "fake.yaml": """category: fake_reviews
name: 诱导虚假评价
legal_basis: 《中华人民共和国电子商务法》第十七条
severity: serious
veto: counterfeit_or_fake_orders
rules:
  - 好评返现
  - 刷单
""",
}

SUBTITLES = """1
00:00:01,000 --> 00:00:04,000
家人们，这款土蜂蜜今天全网最低价

2
00:00:05,000 --> 00:00:08,000
下单后<b>好评返现</b>五元，最近卖得很好

3
00:12:30,200 --> 00:12:33,000
真的是最 便 宜的一次了
"""


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav button[type=submit]")


@pytest.fixture
def rule_list(db):
    parsed = rulelists.parse(RULES)
    return RuleSet.objects.create(
        version=parsed.version,
        label="直播监测规则（测试）",
        files=RULES,
        rule_count=len(parsed),
        is_active=True,
    )


@pytest.fixture
def shop(db):
    operator = OperatorFactory(name="长兴好味道食品直播间有限公司")
    operator.accounts.create(platform="douyin", handle="好味道蜂蜜直播")
    return operator


def test_monitor_uploads_subtitles_confirms_a_hit_and_the_office_sees_the_veto_proposal(
    page, login, shop, rule_list, make_user
):
    monitor = make_user(Role.MONITOR, username="monitor1", first_name="监测员")
    office = make_user(Role.OFFICE, username="office1")
    login(monitor.username, PASSWORD)

    page.goto("/monitoring/")
    with page.expect_navigation():
        page.click("#upload-link")
    with page.expect_navigation():
        page.select_option("#id_operator", str(shop.pk))
    assert page.text_content("#chosen-operator") == shop.name
    page.select_option("#id_account", label="抖音 · 好味道蜂蜜直播")
    page.fill("#id_duration_minutes", "120")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "好味道-直播字幕.srt",
                "mimeType": "application/x-subrip",
                "buffer": SUBTITLES.encode("utf-8"),
            }
        ],
    )
    shot(page, "monitoring-upload")
    with page.expect_navigation():
        page.click("#upload-submit")

    material = Material.objects.get()
    assert material.status == Material.Status.SCANNED and material.account.handle
    assert f"/monitoring/{material.pk}/" in page.url
    assert "发现3处命中" in page.text_content("main")
    shot(page, "monitoring-review-queue")

    # The evasive spelling is flagged; the HTML in the subtitles is shown as text.
    evasive = material.hits.get(rule_id="absolute_terms:最便宜")
    assert evasive.evasion
    assert "插入符号规避" in page.text_content(f"#hit-{evasive.pk}")
    fake = material.hits.get(term="好评返现")
    assert "<b>好评返现</b>" in page.text_content(f"#hit-{fake.pk} .hit-context")
    assert page.text_content(f"#hit-{fake.pk} mark") == "好评返现"

    # Confirm the veto-category hit; dismiss the evasive one with a reason.
    with page.expect_navigation():
        page.click(f"#confirm-{fake.pk}")
    assert "报请办公室认定取消称号情形" in page.text_content("main")
    page.fill(f"#hit-{evasive.pk} .dismiss-form input[name=reason]", "主播口误，无价格比较")
    with page.expect_navigation():
        page.click(f"#dismiss-{evasive.pk}")
    fake.refresh_from_db()
    evasive.refresh_from_db()
    assert fake.status == Hit.Status.CONFIRMED and evasive.status == Hit.Status.DISMISSED
    assert fake.finding.source == Finding.Source.MONITORING
    assert "已确认" in page.text_content(f"#hit-{fake.pk}")
    shot(page, "monitoring-reviewed")

    page.goto("/monitoring/")
    row = page.text_content(f"#material-table [data-material='{material.pk}']")
    assert shop.name in row and "好味道-直播字幕.srt" in row
    shot(page, "monitoring-list")

    # The operator's timeline tells what happened.
    page.goto(f"/registry/operators/{shop.pk}/")
    timeline = page.locator("#timeline").inner_text()
    assert "第三方监测" in timeline and "好评返现" in timeline
    assert "报请认定取消称号情形" in timeline
    shot(page, "monitoring-operator-timeline")
    assert page.console_errors == []
    logout(page)

    # The office finds the proposal waiting for its decision.
    login(office.username, PASSWORD)
    page.goto("/supervision/vetoes/")
    table = page.locator("#veto-table").inner_text()
    assert shop.name in table and "销售假冒伪劣产品、刷单炒信" in table and "待认定" in table
    event = VetoEvent.objects.get()
    assert event.source == VetoEvent.Source.MONITORING and event.status == "proposed"
    shot(page, "monitoring-office-vetoes")
    page.goto(f"/monitoring/{material.pk}/")
    with page.expect_navigation():
        page.click(f"#hit-{fake.pk} .finding-link")
    assert f"/supervision/findings/{fake.finding_id}/" in page.url
    assert page.console_errors == []


def test_monitor_edits_the_rules_and_a_broken_pattern_is_refused(page, login, rule_list, make_user):
    monitor = make_user(Role.MONITOR, username="monitor2")
    login(monitor.username, PASSWORD)
    page.goto("/monitoring/rules/")
    assert "诱导虚假评价" in page.text_content("#category-table")
    shot(page, "monitoring-rules")
    with page.expect_navigation():
        page.click("#edit-rules")
    page.goto(page.url.split("#")[0] + "?file=fake.yaml#edit")
    assert "好评返现" in page.input_value("#id_text")
    page.fill("#id_text", RULES["fake.yaml"] + "  - pattern: '返现[0-9'\n")
    page.fill("#id_label", "增加返现金额规则")
    with page.expect_navigation():
        page.click("#save-rules")
    assert "fake.yaml:9" in page.text_content("#text-error")
    shot(page, "monitoring-rules-error")
    assert RuleSet.objects.count() == 1
    page.fill("#id_text", RULES["fake.yaml"] + "  - pattern: '返现[0-9]+元'\n")
    with page.expect_navigation():
        page.click("#save-rules")
    new = RuleSet.objects.get(is_active=True)
    assert new != rule_list and new.rule_count == 5
    assert new.version in page.text_content("#ruleset-version")
    assert page.console_errors == []
