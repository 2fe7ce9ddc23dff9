"""Publicity activities, meetings and field visits: kept per station, bad input refused, the
awareness and participation figures and the summary lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.oversight import incidents, publicity
from fangxin.oversight.models import FieldVisit, Meeting, PublicityActivity
from fangxin.programme.models import Enrolment, Kind
from fangxin.ratings.models import SurveyResponse
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

from .incident_factories import MeetingFactory, PublicityActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def station():
    return StationFactory()


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


def _activity(campaign, **kw):
    fields = {
        "campaign": campaign,
        "held_on": timezone.localdate(),
        "place": "画溪街道文化礼堂",
        "form": PublicityActivity.Form.LECTURE,
        "audience": 80,
    }
    return PublicityActivity(**(fields | kw))


def test_a_station_keeps_its_own_records(station_user, station, campaign):
    other = StationFactory()
    row = publicity.save_record(station_user, _activity(campaign, station=other))
    # A station's record is its own station's, whatever the form said.
    assert row.station == station and row.created_by == station_user
    theirs = PublicityActivityFactory(campaign=campaign, station=other)
    assert list(visible(station_user, PublicityActivity)) == [row]
    theirs.place = "改地点"
    with pytest.raises(PermissionDenied):
        publicity.save_record(station_user, theirs)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"audience": -5}, "audience"),
        ({"held_on": timezone.localdate() + datetime.timedelta(days=2)}, "held_on"),
        ({"place": ""}, "place"),
    ],
)
def test_bad_activities_are_refused(office, campaign, fields, field):
    with pytest.raises(ValidationError) as refused:
        publicity.save_record(office, _activity(campaign, **fields))
    assert field in refused.value.error_dict
    assert not PublicityActivity.objects.exists()


def test_a_visit_names_an_operator_or_a_place(office, campaign, station):
    visit = FieldVisit(
        campaign=campaign, station=station, visited_on=timezone.localdate(), notes="x"
    )
    with pytest.raises(ValidationError) as refused:
        publicity.save_record(office, visit)
    assert "place" in refused.value.error_dict
    elsewhere = OperatorFactory()
    visit.operator = elsewhere
    with pytest.raises(ValidationError) as refused:
        publicity.save_record(office, visit)
    assert "operator" in refused.value.error_dict
    visit.operator = OperatorFactory(area=AreaFactory(station=station))
    assert publicity.save_record(office, visit).pk


def test_awareness_and_participation(office, campaign, station):
    area = AreaFactory(station=station)
    enrolled = OperatorFactory(area=area)
    OperatorFactory(area=area)  # eligible, not enrolled
    OperatorFactory(area=area, status=Operator.Status.APPLIED)  # not eligible
    elsewhere = OperatorFactory()
    for operator in (enrolled, elsewhere):
        Enrolment.objects.create(campaign=campaign, operator=operator, kind=Kind.LIVESTREAM)
    for n, (operator, aware) in enumerate(
        [(enrolled, True), (enrolled, False), (elsewhere, True), (elsewhere, None)]
    ):
        SurveyResponse.objects.create(
            campaign=campaign,
            operator=operator,
            phone_hash=f"h{n}",
            quality=5,
            honesty=5,
            service=5,
            overall=5,
            aware=aware,
        )
    county = publicity.awareness_figures(campaign)
    assert (county.aware, county.answered, county.awareness_rate) == (2, 3, Decimal("66.7"))
    assert (county.enrolled, county.eligible) == (2, 3)
    assert county.participation_rate == Decimal("66.7")
    mine = publicity.awareness_figures(campaign, station)
    assert (mine.aware, mine.answered, mine.awareness_rate) == (1, 2, Decimal("50.0"))
    assert (mine.enrolled, mine.eligible, mine.participation_rate) == (1, 2, Decimal("50.0"))


def test_no_answers_no_rate(campaign):
    figures = publicity.awareness_figures(campaign)
    assert figures.awareness_rate is None


def test_summary_figures(office, campaign, station, make_user):
    operator = OperatorFactory(area=AreaFactory(station=station))
    day = datetime.date(campaign.year, 1, 5)
    first = incidents.record_incident(
        office, operator, source="media", occurred_on=day, summary="媒体曝光"
    )
    incidents.record_incident(office, operator, source="online", occurred_on=day, summary="网帖")
    incidents.judge_incident(office, first, True, "影响较大")
    incidents.hold_interview(
        office,
        first,
        held_on=day,
        summary="约谈",
        requirement="整改",
        area="marketing",
        working_days=5,
    )
    PublicityActivityFactory(campaign=campaign, station=station, audience=50)
    PublicityActivityFactory(campaign=campaign, station=None, audience=120)
    MeetingFactory(campaign=campaign, station=station)
    lines = dict(publicity.summary_figures(campaign))
    assert lines["舆情事件"] == 2
    assert lines["有较大社会影响的舆情"] == 1
    assert lines["舆情约谈"] == 1
    assert (lines["宣传活动"], lines["宣传受众人次"]) == (2, 170)
    assert (lines["工作会议"], lines["走访调研"]) == (1, 0)
    assert lines["知晓率"] == "—"
    station_lines = dict(publicity.summary_figures(campaign, station))
    assert station_lines["宣传受众人次"] == 50
    other = dict(publicity.summary_figures(campaign, StationFactory()))
    assert other["舆情事件"] == 0


def test_the_overview_page_and_a_round_trip(client, station_user, station, campaign):
    row = publicity.save_record(station_user, _activity(campaign))
    client.force_login(station_user)
    page = client.get(reverse("oversight:publicity") + f"?year={campaign.year}")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="awareness-rate"' in body and f'data-row="{row.pk}"' in body
    edit = reverse("oversight:publicity-edit", args=[row.pk])
    assert client.get(edit).status_code == 200
    answer = client.post(
        edit,
        {
            "campaign": campaign.pk,
            "held_on": row.held_on.isoformat(),
            "place": row.place,
            "form": row.form,
            "audience": "-1",
        },
    )
    assert answer.status_code == 200
    assert "0" in answer.content.decode()
    row.refresh_from_db()
    assert row.audience == 80
    meeting = client.post(
        reverse("oversight:meeting-create"),
        {
            "campaign": campaign.pk,
            "kind": "exchange",
            "held_on": timezone.localdate().isoformat(),
            "place": "所会议室",
            "minutes": "交流经验",
            "attendees": "甲\n乙",
        },
    )
    assert meeting.status_code == 302
    assert Meeting.objects.get().station == station


def test_other_stations_records_are_not_found(client, station_user, campaign):
    theirs = PublicityActivityFactory(campaign=campaign)
    client.force_login(station_user)
    assert client.get(reverse("oversight:publicity-edit", args=[theirs.pk])).status_code == 404


def test_operators_are_turned_away(client, make_user):
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(reverse("oversight:publicity")).status_code == 403
    assert client.get(reverse("oversight:incident-list")).status_code == 403


def test_materials_are_checked_and_kept(office, campaign, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    row = publicity.save_record(
        office, _activity(campaign), [SimpleUploadedFile("海报.png", png, "image/png")]
    )
    material = row.materials.get()
    assert material.original_name == "海报.png"
    client.force_login(office)
    answer = client.get(reverse("oversight:publicity-file", args=["activity", material.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    with pytest.raises(ValidationError):
        publicity.save_record(
            office,
            _activity(campaign, place="另一处"),
            [SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")],
        )
    assert PublicityActivity.objects.count() == 1
