"""Evaluation in headless Chromium: the office recomputes and reads the ranking (a vetoed
enrolment disqualified, a blocked area named), a refused rubric keeps what was typed, and the
operator reads its own ledger in words."""

from datetime import date

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.tests.test_facts import area, finding, sample, veto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(make_user, office):
    year = timezone.localdate().year
    campaign = programme.create_campaign(office, year)
    inside = date(year, 7, 15)
    names = {
        "clean": "清朗直播有限公司",
        "vetoed": "否决电商有限公司",
        "blocked": "抽检电商有限公司",
    }
    enrolments = {}
    for key, name in names.items():
        operator = OperatorFactory(name=name)
        enrolments[key] = Enrolment.objects.create(
            campaign=campaign, operator=operator, kind="livestream"
        )
    finding(enrolments["clean"].operator, inside, area=area("conduct"))
    veto(enrolments["vetoed"].operator, inside)
    for _ in range(3):
        sample(enrolments["blocked"].operator, inside)
    make_user(Role.OFFICE, username="chief")
    make_user(Role.OPERATOR, username="shop", operator=enrolments["clean"].operator)
    return campaign, enrolments


def test_the_office_ranks_and_the_operator_reads_its_ledger(page, login, county):
    campaign, _enrolments = county
    login("chief", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:results-current']")
    with page.expect_navigation():
        page.click("#recompute")
    ranking = page.locator("#ranking-livestream").inner_text()
    assert "一票否决" in ranking
    assert "“商品质量过硬”得分触及底线" in ranking
    assert "拟授牌 1 家" in ranking
    with page.expect_navigation():
        page.click("#ranking-livestream a:text-is('清朗直播有限公司')")
    assert "总分 93.8 分" in page.locator("#ledger-total").inner_text()

    with page.expect_navigation():
        page.goto(f"/evaluation/{campaign.year}/rubrics/livestream/edit/")
    text = page.input_value("#id_text")
    page.fill("#id_text", text.replace("threshold: 85", "threshold: 185"))
    with page.expect_navigation():
        page.click("#rubric-form button[type=submit]")
    assert "达标分数线必须在 0 至 100 之间" in page.locator("#rubric-problems").inner_text()
    assert "threshold: 185" in page.input_value("#id_text")

    page.context.clear_cookies()
    login("shop", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:mine']")
    with page.expect_navigation():
        page.click("#my-scores a")
    lines = page.locator("#ledger-lines").inner_text()
    assert "检查发现一般问题" in lines and "-1" in lines
    assert "消费者评价不足，按细则默认分计" in lines
    assert page.console_errors == []
