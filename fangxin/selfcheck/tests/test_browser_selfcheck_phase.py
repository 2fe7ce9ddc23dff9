"""Self-inspection outside its phase, in headless Chromium: the operator is told before any
work (the phase's dates and whom to ask for an extension), and a refused submission keeps
what was typed and uploaded."""

import pytest
from django.utils import timezone

from fangxin.core.models import Area, Station
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.programme import services as programme
from fangxin.programme.models import PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck.models import Answer, Evidence, SelfInspection
from fangxin.selfcheck.tests.test_browser_selfcheck import shot, small_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(make_user, changxing, office):
    """A live-stream operator of Zhicheng enrolled in this year's campaign."""
    station = Station.objects.get(code="zhicheng")
    station.phone = "0572-6021234"
    station.save()
    campaign = programme.create_campaign(office, timezone.localdate().year)
    operator = OperatorFactory(name="雉城直播电商有限公司", area=Area.objects.get(code="zhicheng"))
    programme.enrol(office, campaign, [operator], "livestream")
    make_user(Role.OPERATOR, username="shop", operator=operator)
    return campaign, operator, station


def open_my_selfcheck(page):
    with page.expect_navigation():
        page.click("[data-nav='selfcheck:mine']")
    with page.expect_navigation():
        page.click("#my-selfchecks tbody a.btn")


def test_outside_the_phase_the_operator_sees_dates_and_whom_to_ask(page, login, shop):
    campaign, _operator, station = shop
    put_phase_around_today(campaign, PhaseCode.GOVERNANCE)  # self-inspection is over
    phase = campaign.phase(PhaseCode.SELF_INSPECTION)
    login("shop", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='selfcheck:mine']")
    row = page.locator("#my-selfchecks tbody tr").first.inner_text()
    assert "已结束" in row and "填写自查" not in row
    with page.expect_navigation():
        page.click("#my-selfchecks tbody a:text-is('查看')")
    notice = page.locator("#phase-closed")
    assert notice.is_visible()
    text = notice.inner_text()
    assert f"{phase.starts_on} 至 {phase.ends_on}" in text
    assert station.name in text and "0572-6021234" in text and "延长" in text
    assert page.locator("#selfcheck-form input").count() == 1  # only the CSRF token
    assert page.locator("#submit-selfcheck").count() == 0
    assert page.locator(".answer-card").count() > 0  # the items, to prepare
    shot(page, "selfcheck-outside-phase")
    assert not SelfInspection.objects.exists()
    assert page.console_errors == []


def test_a_refused_submit_keeps_the_typed_answers_and_the_evidence(page, login, shop, tmp_path):
    campaign, operator, _station = shop
    put_phase_around_today(campaign, PhaseCode.SELF_INSPECTION)
    login("shop", PASSWORD)
    open_my_selfcheck(page)
    inspection = SelfInspection.objects.get(enrolment__operator=operator)
    answers = list(inspection.answers.order_by("pk"))
    for answer in answers[:-1]:  # the last one is forgotten
        page.check(f"input[name='result-{answer.pk}'][value=compliant]")
    first = answers[0]
    page.fill(f"input[name='note-{first.pk}']", "直播间已亮照亮证")
    photo = tmp_path / "亮照.png"
    photo.write_bytes(small_png())
    page.set_input_files(f"input[name='file-{first.pk}']", str(photo))
    with page.expect_navigation():
        page.click("#submit-selfcheck")

    refusal = page.locator("#refusal")
    assert refusal.is_visible()
    assert answers[-1].requirement.code in refusal.inner_text()
    assert "已保存为草稿" in refusal.inner_text() and "亮照.png" in refusal.inner_text()
    form_top = page.locator("#selfcheck-form").bounding_box()["y"]
    assert refusal.bounding_box()["y"] < form_top  # above the form, not under it
    assert page.input_value(f"input[name='note-{first.pk}']") == "直播间已亮照亮证"
    assert page.is_checked(f"input[name='result-{first.pk}'][value=compliant]")
    assert "亮照.png" in page.locator(f"#answer-{first.requirement.code}").inner_text()
    shot(page, "selfcheck-refused-submit")
    assert Answer.objects.get(pk=first.pk).note == "直播间已亮照亮证"
    assert Evidence.objects.get().answer_id == first.pk

    # The phase closes while the form is open; the last answer and the submission come late.
    put_phase_around_today(campaign, PhaseCode.GOVERNANCE)
    page.check(f"input[name='result-{answers[-1].pk}'][value=compliant]")
    with page.expect_navigation():
        page.click("#submit-selfcheck")
    assert "自查自纠阶段已于" in page.locator("#refusal").inner_text()
    assert page.locator("#phase-closed").is_visible()
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.DRAFT
    assert not Answer.objects.filter(inspection=inspection).exclude(result="compliant").exists()
    assert Evidence.objects.count() == 1
    assert page.console_errors == []
