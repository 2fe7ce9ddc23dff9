"""Titles in headless Chromium: the office publishes the notice; someone objects on the public
page and keeps a tracking code; the office upholds it and the candidate is withdrawn; after the
period (time moved by the test) the office awards; the holder opens its certificate and the
verification page says valid; a veto confirmed on supervision's page makes it say revoked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.evaluation import services as evaluation
from fangxin.evaluation.models import ScoringClosure
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import VetoEvent
from fangxin.supervision.models.enforcement import VetoKind
from fangxin.titles.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _local_public_address(public_base_url, live_server):
    """As in the demo, the certificates link to the local server the browser talks to."""
    public_base_url.FANGXIN_PUBLIC_BASE_URL = live_server.url


@pytest.fixture
def county(make_user, office):
    today = timezone.localdate()
    campaign = programme.create_campaign(office, today.year)
    holder = OperatorFactory(name="清朗直播有限公司")
    objected = OperatorFactory(name="异议电商有限公司")
    for operator in (holder, objected):
        Enrolment.objects.create(campaign=campaign, operator=operator, kind="livestream")
    evaluation.recompute_campaign_now(campaign.pk)
    ScoringClosure.objects.create(campaign=campaign, closed_on=today, closed_by=office)
    make_user(Role.OFFICE, username="chief")
    make_user(Role.OPERATOR, username="shop", operator=holder)
    return campaign, holder


def test_notice_objection_award_verification_and_revocation(page, login, county, console_sms):
    _campaign, holder = county
    login("chief", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='titles:notices']")
    with page.expect_navigation():
        page.click("#publish-livestream button[type=submit]")
    notice = Notice.objects.get()

    page.context.clear_cookies()
    page.goto(f"/public/titles/notices/{notice.pk}/")
    assert "清朗直播有限公司" in page.locator("#public-candidates").inner_text()
    with page.expect_navigation():
        page.click("#public-candidates tr:has-text('异议电商有限公司') a")
    page.fill("#id_name", "李四")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_facts", "该店直播中虚假宣传")
    with page.expect_navigation():
        page.click("#send-code")
    page.fill("#id_code", console_sms())
    with page.expect_navigation():
        page.click("#submit-objection")
    code = page.locator("#tracking-code").inner_text()

    login("chief", PASSWORD)
    page.goto(f"/titles/notices/{notice.pk}/")
    page.fill("#objections input[name=reason]", "经核实，存在虚假宣传")
    with page.expect_navigation():
        page.click("#objections button[value=upheld]")
    assert "已撤回" in page.locator("#candidates").inner_text()

    # The period ends: the test moves the notice back in time rather than waiting.
    earlier = timezone.localdate() - timedelta(days=30)
    Notice.objects.filter(pk=notice.pk).update(starts_on=earlier, ends_on=earlier)
    page.reload()
    with page.expect_navigation():
        page.click("#award")
    assert "CXFX-" in page.locator("#titles").inner_text()

    page.context.clear_cookies()
    page.goto("/public/titles/objections/")
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.click("button[type=submit] >> text=查询")
    assert "异议成立" in page.locator("#objection-status").inner_text()

    login("shop", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='titles:mine']")
    with page.expect_navigation():
        page.click("#my-titles a")
    verify_url = page.locator("#verify-url").inner_text()
    page.goto(verify_url)
    assert page.locator("#title-status").get_attribute("data-status") == "valid"

    VetoEvent.objects.create(
        operator=holder,
        kind=VetoKind.HEALTH_HAZARD,
        source=VetoEvent.Source.STATION,
        description="销售有毒食品",
        occurred_on=timezone.localdate(),
    )
    page.context.clear_cookies()
    login("chief", PASSWORD)
    page.goto("/supervision/vetoes/")
    page.fill("#veto-table input[name=reason]", "经查属实")
    with page.expect_navigation():
        page.click("#veto-table button[value=confirm]")
    page.goto(verify_url)
    assert page.locator("#title-status").get_attribute("data-status") == "revoked"
    assert "危害人民群众生命健康安全" in page.locator("#verification").inner_text()
    assert page.console_errors == []


def test_reply_and_reevaluation_by_the_holder_decided_by_the_office(page, login, county, office):
    campaign, holder = county
    from fangxin.titles import services

    notice = services.publish_notice(
        office, campaign, "livestream", today=timezone.localdate() - timedelta(days=30)
    )
    title = next(
        t
        for t in services.award(office, notice, today=timezone.localdate())
        if t.operator_id == holder.pk
    )

    login("shop", PASSWORD)
    page.goto("/titles/mine/")
    with page.expect_navigation():
        page.click("#link-reevaluation")
    page.fill("#id_text", "抽检样品送检有误，附检验报告")
    with page.expect_navigation():
        page.click("#submit-reevaluation")
    assert "待决定" in page.locator("#my-reevaluations").inner_text()
    page.goto("/titles/mine/replies/")
    page.select_option("#id_target", f"t{title.pk}")
    page.fill("#id_text", "我方一直诚信经营，欢迎监督。")
    with page.expect_navigation():
        page.click("#submit-reply")
    assert "待审核" in page.locator("#my-replies").inner_text()

    page.context.clear_cookies()
    login("chief", PASSWORD)
    page.goto("/titles/reevaluations/")
    with page.expect_navigation():
        page.click("#reevaluations a")
    page.select_option("#id_decision", "refuse")
    page.fill("#id_reason", "检验报告与抽检批次不符，维持原评分")
    with page.expect_navigation():
        page.click("#decide-reevaluation")
    assert "维持原评分" in page.locator("#reevaluation-status").inner_text()
    page.goto("/titles/replies/")
    with page.expect_navigation():
        page.click("#replies button[value=approve]")

    page.context.clear_cookies()
    page.goto(f"/public/titles/{title.certificate_no}/")
    assert "诚信经营" in page.locator("#replies").inner_text()


def test_the_public_notice_reads_as_cards_on_a_phone(page, county, office):
    from fangxin.titles import services as titles

    campaign, _holder = county
    notice = titles.publish_notice(office, campaign, "livestream")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/public/titles/notices/{notice.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("#public-candidates tbody tr").first
    # Each cell stands on its own line and names its column, as a card.
    cell = row.locator("td").nth(3)
    assert cell.get_attribute("data-label") == "平台账号"
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert page.evaluate("document.querySelector('#public-candidates').scrollWidth") <= 390
