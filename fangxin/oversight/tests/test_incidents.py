"""Public-opinion incidents: recorded by a station in its own area, judged by the office, and an
interview (约谈) with a rectification deadline only after a major judgement."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core.calendar import add_working_days
from fangxin.core.facts import Ref, Window
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.oversight import facts, incidents
from fangxin.oversight.models import Incident
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Measure, RectificationOrder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


@pytest.fixture
def operator():
    return OperatorFactory()


@pytest.fixture
def station_user(make_user, operator):
    return make_user(Role.STATION, station=operator.area.station)


def _record(user, operator, **kw):
    fields = {
        "source": Incident.Source.ONLINE,
        "occurred_on": timezone.localdate() - datetime.timedelta(days=3),
        "summary": "直播间宣称“治百病”，视频转发过万",
        "link": "https://weibo.example/post/1",
    }
    return incidents.record_incident(user, operator, **(fields | kw))


def _interview(user, incident, **kw):
    fields = {
        "held_on": timezone.localdate(),
        "summary": "约谈法定代表人，指出虚假宣传问题",
        "requirement": "下架违规视频并公开澄清",
        "area": "marketing",
        "working_days": 10,
    }
    return incidents.hold_interview(user, incident, **(fields | kw))


def test_a_station_records_an_incident_with_evidence_on_the_timeline(station_user, operator):
    upload = SimpleUploadedFile("截图.png", PNG, content_type="image/png")
    incident = _record(station_user, operator, uploads=[upload])
    assert incident.status == Incident.Status.RECORDED
    assert incident.evidence.get().original_name == "截图.png"
    line = OperatorEvent.objects.get(operator=operator, kind="public_opinion")
    assert line.data["about"] == ["oversight.incident", incident.pk]
    assert "治百病" in line.summary


def test_a_station_cannot_record_outside_its_area(make_user, operator):
    other = make_user(Role.STATION)
    with pytest.raises(PermissionDenied):
        _record(other, operator)
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "not a url"}, "link"),
        ({"occurred_on": timezone.localdate() + datetime.timedelta(days=1)}, "occurred_on"),
        ({"summary": "  "}, "summary"),
        ({"source": "rumour"}, "source"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(station_user, operator, fields, field):
    with pytest.raises(ValidationError) as refused:
        _record(station_user, operator, **fields)
    assert field in refused.value.error_dict
    assert not Incident.objects.exists()
    assert not OperatorEvent.objects.filter(kind="public_opinion").exists()


def test_a_bad_evidence_file_leaves_no_incident(station_user, operator):
    upload = SimpleUploadedFile("a.png", b"not a png at all", content_type="image/png")
    with pytest.raises(ValidationError):
        _record(station_user, operator, uploads=[upload])
    assert not Incident.objects.exists()


def test_only_the_office_judges(station_user, office, operator):
    incident = _record(station_user, operator)
    with pytest.raises(PermissionDenied):
        incidents.judge_incident(station_user, incident, True, "转发量大")
    with pytest.raises(ValidationError):
        incidents.judge_incident(office, incident, True, " ")
    incidents.judge_incident(office, incident, True, "转发量过万，媒体跟进")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.MAJOR
    assert incident.judged_by == office
    # Judged once: a second judgement is a refused move.
    with pytest.raises(ValidationError):
        incidents.judge_incident(office, incident, False, "改判")


def test_the_interview_is_refused_for_an_incident_not_judged_major(station_user, office, operator):
    incident = _record(station_user, operator)
    with pytest.raises(ValidationError, match="较大社会影响"):
        _interview(station_user, incident)
    incidents.judge_incident(office, incident, False, "影响较小")
    with pytest.raises(ValidationError, match="较大社会影响"):
        _interview(station_user, incident)
    assert not Measure.objects.exists()
    assert not RectificationOrder.objects.exists()


def test_an_interview_after_a_major_judgement_issues_an_order_with_a_working_day_deadline(
    station_user, office, operator
):
    incident = _record(station_user, operator)
    incidents.judge_incident(office, incident, True, "媒体报道")
    _interview(station_user, incident)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.INTERVIEWED
    measure, order = incident.measure, incident.order
    assert measure.kind == Measure.Kind.INTERVIEW
    assert measure.basis == order.basis == "public_opinion"
    assert f"#{incident.pk}" in measure.basis_note and f"#{incident.pk}" in order.basis_note
    assert order.due_on == add_working_days(timezone.localdate(), 10).value
    assert order.area.code == "marketing"
    kinds = list(OperatorEvent.objects.filter(operator=operator).values_list("kind", flat=True))
    assert {"public_opinion", "measure", "order"} <= set(kinds)
    # A second interview on the same incident: refused.
    with pytest.raises(ValidationError):
        _interview(station_user, incident)


def test_an_interviewed_incident_closes_only_after_verification(station_user, office, operator):
    incident = _record(station_user, operator)
    incidents.judge_incident(office, incident, True, "媒体报道")
    _interview(station_user, incident)
    with pytest.raises(ValidationError, match="销号"):
        incidents.close_incident(station_user, incident, "已整改")
    RectificationOrder.objects.filter(pk=incident.order_id).update(status="verified")
    incident.refresh_from_db()
    incidents.close_incident(station_user, incident, "已整改并核查")
    assert incident.status == Incident.Status.CLOSED
    with pytest.raises(ValidationError):
        incidents.close_incident(station_user, incident, "再次办结")


def test_a_recorded_incident_cannot_be_closed_before_judgement(station_user, operator):
    incident = _record(station_user, operator)
    with pytest.raises(ValidationError):
        incidents.close_incident(station_user, incident, "无需处理")


def test_a_station_sees_only_its_own_areas_incidents(station_user, make_user, operator, office):
    mine = _record(station_user, operator)
    elsewhere = OperatorFactory()
    theirs = _record(office, elsewhere)
    assert list(visible(station_user, Incident)) == [mine]
    assert set(visible(office, Incident)) == {mine, theirs}
    assert not station_user.has_perm("oversight.view_incidents", theirs)
    inspector = make_user(Role.OPERATOR, operator=operator)
    assert not visible(inspector, Incident).exists()


def test_facts_count_incidents_and_major_ones(station_user, office, operator):
    first = _record(station_user, operator)
    second = _record(station_user, operator, summary="第二起")
    incidents.judge_incident(office, first, True, "媒体报道")
    _interview(station_user, first)
    incidents.judge_incident(office, second, False, "影响较小")
    window = Window.year(timezone.localdate().year)
    found = facts.incidents([operator.pk], window)[operator.pk]
    assert [f.ref for f in found] == [Ref.of(first), Ref.of(second)]
    major = facts.major_incidents([operator.pk, 999999], window)
    assert [f.ref for f in major[operator.pk]] == [Ref.of(first)]
    assert major[999999] == ()
    fact = major[operator.pk][0]
    assert fact.interview == Ref.to(Measure, first.measure_id) and fact.counts_for("livestream")
