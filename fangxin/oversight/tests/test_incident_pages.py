"""The incident pages: a station records, the office judges, the interview form only on a
major incident, refusals said in words, scoping by area."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.oversight import incidents
from fangxin.oversight.models import Incident
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return OperatorFactory(name="长兴小鲜直播间")


@pytest.fixture
def station_user(make_user, operator):
    return make_user(Role.STATION, station=operator.area.station)


def _form(operator, **kw):
    return {
        "operator": operator.pk,
        "source": "online",
        "link": "https://example.com/post/9",
        "occurred_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "summary": "直播间售卖临期食品被网友曝光",
    } | kw


def test_a_station_records_an_incident_on_the_page(client, station_user, operator):
    client.force_login(station_user)
    assert client.get(reverse("oversight:incident-create")).status_code == 200
    answer = client.post(reverse("oversight:incident-create"), _form(operator))
    incident = Incident.objects.get()
    assert answer.status_code == 302 and answer.url == f"/oversight/incidents/{incident.pk}/"
    page = client.get(answer.url).content.decode()
    assert "临期食品" in page and 'id="judge-form"' not in page
    assert 'id="awaiting-judgement"' in page
    listed = client.get(reverse("oversight:incident-list")).content.decode()
    assert f'data-row="{incident.pk}"' in listed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"link": "ftp://x"}, "http://"),
        ({"occurred_on": "2999-01-01"}, "晚于今天"),
        ({"summary": ""}, "该字段是必填项"),
    ],
)
def test_bad_input_on_the_page_says_why(client, station_user, operator, fields, message):
    client.force_login(station_user)
    answer = client.post(reverse("oversight:incident-create"), _form(operator, **fields))
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not Incident.objects.exists()


def test_a_station_cannot_record_for_another_area(client, make_user, operator):
    client.force_login(make_user(Role.STATION))
    answer = client.post(reverse("oversight:incident-create"), _form(operator))
    assert answer.status_code == 200  # the operator is not among its choices
    assert not Incident.objects.exists()


def test_the_office_judges_and_the_interview_follows(client, station_user, office, operator):
    incident = incidents.record_incident(
        station_user,
        operator,
        source="media",
        occurred_on=timezone.localdate(),
        summary="媒体曝光",
    )
    url = reverse("oversight:incident-detail", args=[incident.pk])
    client.force_login(office)
    assert 'id="judge-form"' in client.get(url).content.decode()
    client.post(url, {"action": "judge", "major": "yes", "reason": "转发量大"})
    incident.refresh_from_db()
    assert incident.status == "major"
    client.force_login(station_user)
    page = client.get(url).content.decode()
    assert 'id="interview-form"' in page
    client.post(
        url,
        {
            "action": "interview",
            "held_on": timezone.localdate().isoformat(),
            "summary": "约谈负责人",
            "requirement": "下架商品，公开说明",
            "area": "marketing",
            "working_days": "10",
        },
    )
    incident.refresh_from_db()
    assert incident.status == "interviewed" and incident.order is not None
    page = client.get(url).content.decode()
    assert incident.order.due_on.strftime("%Y-%m-%d") in page
    timeline = client.get(reverse("registry:operator-detail", args=[operator.pk])).content.decode()
    assert "登记舆情事件" in timeline and "因舆情事件约谈" in timeline
    assert f"/oversight/incidents/{incident.pk}/" in timeline


def test_a_station_cannot_judge_and_no_interview_without_major(client, station_user, operator):
    incident = incidents.record_incident(
        station_user, operator, source="media", occurred_on=timezone.localdate(), summary="网帖"
    )
    url = reverse("oversight:incident-detail", args=[incident.pk])
    client.force_login(station_user)
    answer = client.post(
        url, {"action": "judge", "major": "yes", "reason": "自行研判"}, follow=True
    )
    assert "只有领导小组办公室可以研判舆情" in answer.content.decode()
    answer = client.post(
        url,
        {
            "action": "interview",
            "held_on": timezone.localdate().isoformat(),
            "summary": "约谈",
            "requirement": "整改",
            "area": "marketing",
        },
        follow=True,
    )
    assert "较大社会影响" in answer.content.decode()
    incident.refresh_from_db()
    assert incident.status == "recorded" and not Measure.objects.exists()


def test_another_stations_incident_is_not_found(client, make_user, office, operator):
    incident = incidents.record_incident(
        office, operator, source="media", occurred_on=timezone.localdate(), summary="网帖"
    )
    client.force_login(make_user(Role.STATION))
    url = reverse("oversight:incident-detail", args=[incident.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "close", "note": "x"}).status_code == 404


def test_the_api_lists_incidents_in_scope(client, station_user, office, operator):
    mine = incidents.record_incident(
        station_user, operator, source="media", occurred_on=timezone.localdate(), summary="网帖"
    )
    theirs = incidents.record_incident(
        office, OperatorFactory(), source="media", occurred_on=timezone.localdate(), summary="网帖"
    )
    client.force_login(station_user)
    rows = client.get("/api/v1/oversight/incidents/").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert client.get(f"/api/v1/oversight/incidents/{theirs.pk}/").status_code == 404
