"""Public-opinion incident journey in headless Chromium, on a desktop and a 390 px phone: a
station records an incident, the office judges it of major social impact, the station holds the
interview (约谈) with a rectification deadline, and the operator's timeline shows it; an incident
judged not major offers no interview."""

from pathlib import Path

import pytest
from django.utils import timezone

from fangxin.core.calendar import add_working_days
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.oversight.models import Incident
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def as_user(page, login, user) -> None:
    page.context.clear_cookies()
    login(user.username, PASSWORD)


@pytest.mark.parametrize("width", [1366, 390])
def test_an_incident_leads_to_an_interview_on_the_timeline(page, login, make_user, width):
    page.set_viewport_size({"width": width, "height": 900})
    operator = OperatorFactory(name="长兴小鲜食品直播间")
    station = make_user(Role.STATION, station=operator.area.station)
    office = make_user(Role.OFFICE)
    today = timezone.localdate()

    as_user(page, login, station)
    page.goto("/oversight/incidents/new/")
    page.select_option("#id_operator", str(operator.pk))
    page.select_option("#id_source", "online")
    page.fill("#id_link", "https://weibo.example/post/20260301")
    page.fill("#id_occurred_on", today.isoformat())
    page.fill("#id_summary", "直播间宣称普通食品“降血糖”，视频被大量转发")
    shot(page, f"incident-form-{width}")
    with page.expect_navigation():
        page.click("#save-incident")
    incident = Incident.objects.get()
    assert page.text_content("#incident-status").strip() == "待研判"
    assert page.is_visible("#awaiting-judgement")

    as_user(page, login, office)
    page.goto(f"/oversight/incidents/{incident.pk}/")
    page.check("#id_major_0")
    page.fill("#id_reason", "转发量过万，多家媒体跟进，有较大社会影响")
    with page.expect_navigation():
        page.click("#judge-submit")
    assert page.text_content("#incident-status").strip() == "有较大社会影响"

    as_user(page, login, station)
    page.goto(f"/oversight/incidents/{incident.pk}/")
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_summary", "约谈法定代表人，指出虚假宣传问题")
    page.fill("#id_requirement", "下架违规视频，发布澄清说明")
    page.select_option("#id_area", "marketing")
    page.fill("#id_working_days", "10")
    with page.expect_navigation():
        page.click("#interview-submit")
    due = add_working_days(today, 10).value
    assert page.text_content("#incident-status").strip() == "已约谈"
    assert page.text_content("#incident-due").strip() == due.isoformat()
    shot(page, f"incident-detail-{width}")

    page.goto(f"/registry/operators/{operator.pk}/")
    body = page.content()
    assert "登记舆情事件" in body and "舆情研判：有较大社会影响" in body
    assert f"因舆情事件约谈，整改期限至{due.isoformat()}" in body
    assert page.locator(f'a[href="/oversight/incidents/{incident.pk}/"]').count() >= 1
    shot(page, f"incident-timeline-{width}")

    # An incident judged not major: no interview is offered.
    minor = Incident.objects.create(
        operator=operator, source="other", occurred_on=today, summary="个别差评", status="not_major"
    )
    page.goto(f"/oversight/incidents/{minor.pk}/")
    assert page.locator("#interview-form").count() == 0
    # Nothing overflows the phone's width.
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow


@pytest.mark.parametrize("width", [1366, 390])
def test_a_station_records_a_publicity_activity(page, login, make_user, campaign, width):
    from fangxin.oversight.models import PublicityActivity

    page.set_viewport_size({"width": width, "height": 900})
    station = make_user(Role.STATION)
    as_user(page, login, station)
    page.goto("/oversight/publicity/activities/new/")
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_place", "画溪街道文化礼堂")
    page.select_option("#id_form", "lecture")
    page.fill("#id_audience", "-3")
    with page.expect_navigation():
        page.click("#save-record")
    assert page.locator('.field-error[data-field="audience"]').count() == 1
    page.fill("#id_audience", "75")
    with page.expect_navigation():
        page.click("#save-record")
    row = PublicityActivity.objects.get()
    assert row.station_id == station.station_id and row.audience == 75
    assert page.is_visible(f'#activity-table tr[data-row="{row.pk}"]')
    assert page.is_visible("#awareness-rate") and page.is_visible("#participation-rate")
    shot(page, f"publicity-overview-{width}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
