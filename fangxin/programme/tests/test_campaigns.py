from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.programme import guides, services
from fangxin.programme.models import Campaign, Enrolment, PhaseCode, Requirement
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_default_schedule_is_the_seed_plan(office):
    campaign = services.create_campaign(office, 2024)
    dates = {p.code: (p.starts_on, p.ends_on) for p in campaign.phases.all()}
    assert dates["mobilisation"] == (date(2024, 6, 1), date(2024, 6, 30))
    assert dates["self_inspection"] == (date(2024, 7, 1), date(2024, 7, 31))
    assert dates["governance"] == (date(2024, 8, 1), date(2024, 9, 30))
    assert dates["evaluation"] == (date(2024, 10, 1), date(2024, 11, 30))
    assert dates["summary"] == (date(2024, 12, 1), date(2024, 12, 30))
    assert campaign.current_phase(date(2024, 10, 8)).code == "evaluation"
    assert campaign.current_phase(date(2024, 12, 31)) is None


def test_guide_has_eight_areas_for_both_kinds(office):
    guide = guides.load()
    assert guide.areas.count() == 8
    for kind in ("livestream", "group_buying"):
        areas = set(
            Requirement.objects.filter(area__guide=guide, kind=kind).values_list("area", flat=True)
        )
        assert len(areas) == 8
    assert guides.load() == guide  # loading twice is idempotent


def test_copy_shifts_dates_and_versions_the_guide(office):
    source = services.create_campaign(office, 2024)
    copy = services.copy_campaign(office, source)
    assert copy.year == 2025
    assert copy.phase("self_inspection").starts_on == date(2025, 7, 1)
    assert copy.guide != source.guide
    assert copy.guide.version == source.guide.version + 1
    assert copy.guide.based_on == source.guide
    assert (
        Requirement.objects.filter(area__guide=copy.guide).count()
        == Requirement.objects.filter(area__guide=source.guide).count()
    )
    with pytest.raises(ValidationError):
        services.copy_campaign(office, source)


def test_only_office_creates_campaigns(make_user):
    with pytest.raises(PermissionDenied):
        services.create_campaign(make_user(Role.STATION), 2030)
    assert not Campaign.objects.exists()


def test_phase_end_before_start_is_refused(office):
    campaign = services.create_campaign(office, 2024)
    phase = campaign.phase("governance")
    with pytest.raises(ValidationError) as err:
        services.set_phase_dates(office, phase, date(2024, 9, 1), date(2024, 8, 15))
    assert "结束日期不能早于开始日期" in str(err.value)
    with pytest.raises(ValidationError):
        services.set_phase_dates(office, phase, date(2024, 7, 15), date(2024, 9, 30))


def test_extension_keeps_the_phase_open(office):
    campaign = services.create_campaign(office, 2024)
    phase = campaign.phase("self_inspection")
    with pytest.raises(ValidationError):
        services.extend_phase(office, phase, date(2024, 8, 10), "")
    services.extend_phase(office, phase, date(2024, 8, 10), "部分经营主体申请延期")
    assert phase.is_open(date(2024, 8, 5))
    services.require_phase(campaign, "self_inspection", date(2024, 8, 5))


def test_out_of_phase_action_names_the_dates(office):
    campaign = services.create_campaign(office, 2024)
    with pytest.raises(ValidationError) as err:
        services.require_phase(campaign, "self_inspection", date(2024, 9, 1))
    assert "自查自纠" in str(err.value) and "2024-07-01" in str(err.value)


def test_station_enrols_only_its_own_active_operators(office, make_user):
    mine = OperatorFactory(livestream=True)
    OperatorFactory(livestream=True, area=mine.area, status=Operator.Status.APPLIED)
    other = OperatorFactory(livestream=True)
    campaign = services.create_campaign(office, timezone.localdate().year)
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    station = make_user(Role.STATION, station=mine.area.station)
    assert services.enrol_all(station, campaign, "livestream").created == 1
    assert services.enrol(station, campaign, [other], "livestream").created == 0
    assert list(Enrolment.objects.values_list("operator", flat=True)) == [mine.pk]
    again = services.enrol_all(station, campaign, "livestream")  # idempotent
    assert again.created == 0 and again.already == [mine]
    assert mine.events.filter(kind="enrolled").exists()
    with pytest.raises(PermissionDenied):
        services.enrol(make_user(Role.MONITOR), campaign, [mine], "livestream")


def test_enrolment_window_on_time_late_and_closed(office, make_user):
    operator = OperatorFactory(livestream=True)
    station = make_user(Role.STATION, station=operator.area.station)
    campaign = services.create_campaign(office, 2024)
    assert campaign.enrolment_state(date(2024, 6, 30)) == Campaign.ENROLMENT_OPEN
    assert campaign.enrolment_state(date(2024, 7, 1)) == Campaign.ENROLMENT_LATE
    assert campaign.enrolment_state(date(2024, 12, 31)) == Campaign.ENROLMENT_CLOSED
    with pytest.raises(ValidationError) as err:
        services.enrol(station, campaign, [operator], "livestream", today=date(2024, 8, 1))
    assert "补录原因" in str(err.value) and "2024-06-30" in str(err.value)
    report = services.enrol(
        station, campaign, [operator], "livestream", reason="新设直播间", today=date(2024, 8, 1)
    )
    assert report.created == 1 and Enrolment.objects.get().late_reason == "新设直播间"
    with pytest.raises(ValidationError) as err:
        services.enrol(office, campaign, [operator], "livestream", today=date(2025, 1, 2))
    assert "已于2024-12-30结束" in str(err.value)


def test_live_stream_needs_a_fixed_studio(office, campaign):
    from fangxin.registry.models import Studio

    nomad = OperatorFactory(name="流动直播主体", livestream=True, fixed_studio=False)
    Studio.objects.create(
        operator=nomad, name="户外", address="各地", area=nomad.area, is_fixed=False
    )
    report = services.enrol(office, campaign, [nomad], "livestream")
    assert report.created == 0
    assert report.refused == [(nomad, services.refusal_reason(nomad, "livestream"))]
    assert "固定直播场所" in report.refused[0][1]
    assert not Enrolment.objects.exists()
    Studio.objects.create(operator=nomad, name="基地", address="雉城", area=nomad.area)
    assert services.enrol(office, campaign, [nomad], "livestream").created == 1


def test_operator_applies_only_during_mobilisation(office, make_user):
    operator = OperatorFactory(livestream=True)
    user = make_user(Role.OPERATOR, operator=operator)
    campaign = services.create_campaign(office, 2024)
    with pytest.raises(ValidationError):
        services.apply_to_enrol(user, campaign, "livestream")
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    enrolment = services.apply_to_enrol(user, campaign, "livestream")
    assert enrolment.status == Enrolment.Status.APPLIED
    with pytest.raises(ValidationError):
        services.apply_to_enrol(user, campaign, "group_buying")  # not its kind
    services.approve_enrolment(make_user(Role.STATION, station=operator.area.station), enrolment)
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED


def test_training_attendance_on_timeline(office, make_user):
    operator = OperatorFactory()
    training = services.record_training(
        office,
        held_on=date(2024, 6, 18),
        topic="合规培训",
        place="三楼会议室",
        invited=[operator],
        attended=[operator],
    )
    assert training.attended.get() == operator
    assert "参加培训：合规培训" in operator.events.get(kind="training").summary
    with pytest.raises(PermissionDenied):
        services.record_training(
            make_user(Role.OPERATOR), held_on=date(2024, 6, 18), topic="x", place="y"
        )
