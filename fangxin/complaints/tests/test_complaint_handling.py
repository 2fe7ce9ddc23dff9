from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from fangxin.complaints import services
from fangxin.complaints.models import Complaint, PersonalDataAccess
from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.registry.models import OperatorEvent
from fangxin.supervision.models import Case, Finding, WatchEntry

from .conftest import file_complaint

pytestmark = pytest.mark.django_db
S = Complaint.Status


def test_complaint_accepted_mediated_and_closed(operator, station_user):
    complaint = file_complaint(operator, received_on=date(2024, 9, 2))
    services.accept(station_user, complaint, date(2024, 9, 4))
    # 45 working days from 2024-09-04: Mid-Autumn and National Day off, three Saturdays/Sundays
    # (09-14, 09-29, 10-12) worked.
    assert complaint.mediation_ends_by == date(2024, 11, 12)
    assert complaint.due_on == complaint.mediation_ends_by
    services.start_mediation(station_user, complaint)
    services.end_mediation(
        station_user,
        complaint,
        agreed=True,
        agreement="商家退款并赔偿",
        amount_recovered=Decimal("268.00"),
        on=date(2024, 9, 20),
    )
    assert complaint.status == S.MEDIATED and complaint.due_on is None
    services.close(station_user, complaint, substantiated=True, note="属实", on=date(2024, 9, 20))
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED and complaint.substantiated is True
    assert complaint.amount_recovered == Decimal("268.00")
    moves = list(complaint.events.filter(kind="status").values_list("to_status", flat=True))
    assert moves == ["accepted", "mediating", "mediated", "closed"]
    assert OperatorEvent.objects.filter(operator=operator, kind="complaint").exists()


def test_not_accepted_needs_a_legal_reason(operator, station_user):
    complaint = file_complaint(operator)
    with pytest.raises(ValidationError):
        services.refuse(station_user, complaint, "made_up")
    services.refuse(station_user, complaint, "time_barred")
    assert complaint.status == S.NOT_ACCEPTED
    assert "第十五条" in complaint.events.filter(kind="status").last().note


def test_moves_outside_the_table_are_refused(operator, station_user):
    complaint = file_complaint(operator)
    with pytest.raises(ValidationError):
        services.start_mediation(station_user, complaint)
    with pytest.raises(ValidationError):
        services.close(station_user, complaint, substantiated=False)
    complaint.refresh_from_db()
    assert complaint.status == S.RECEIVED


def test_testing_time_does_not_count_against_mediation(operator, station_user):
    complaint = file_complaint(operator, received_on=date(2024, 3, 1))
    services.accept(station_user, complaint, date(2024, 3, 4))
    before = complaint.mediation_ends_by
    services.record_testing(
        station_user, complaint, date(2024, 3, 11), date(2024, 3, 15), "送检蜂蜜样品"
    )
    assert complaint.testing_days == 5
    assert complaint.mediation_ends_by > before


def test_failed_mediation_must_be_told_before_closing(operator, station_user):
    complaint = file_complaint(operator, received_on=date(2024, 3, 1))
    services.accept(station_user, complaint, date(2024, 3, 4))
    services.start_mediation(station_user, complaint)
    services.end_mediation(
        station_user, complaint, agreed=False, agreement="商家拒绝退款", on=date(2024, 3, 8)
    )
    assert complaint.notify_by == date(2024, 3, 19) and complaint.due_on == complaint.notify_by
    with pytest.raises(ValidationError):
        services.close(station_user, complaint, substantiated=False)
    services.record_notice(station_user, complaint, date(2024, 3, 12), "电话告知双方")
    services.close(station_user, complaint, substantiated=False)
    assert complaint.status == S.CLOSED


def test_only_the_handling_station_acts(operator, make_user):
    complaint = file_complaint(operator)
    for role in (Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.MONITOR):
        stranger = make_user(role)
        with pytest.raises(PermissionDenied):
            services.accept(stranger, complaint)
    own_operator = make_user(Role.OPERATOR, operator=operator)
    with pytest.raises(PermissionDenied):
        services.accept(own_operator, complaint)


def test_tipoff_becomes_a_case_and_named_informant_is_told(operator, station_user):
    tipoff = file_complaint(operator, kind="tipoff", received_on=date(2024, 5, 6))
    services.start_verification(station_user, tipoff)
    services.extend_verification(station_user, tipoff, "需调取平台交易数据")
    assert tipoff.decide_by == date(2024, 6, 17)  # 30 working days: 05-11 worked, 06-10 off
    with pytest.raises(ValidationError):
        services.extend_verification(station_user, tipoff, "再次延长")
    services.decide_tipoff(station_user, tipoff, open_case=True, on=date(2024, 5, 20))
    tipoff.refresh_from_db()
    assert tipoff.status == S.CASE_OPENED
    case = Case.objects.get(pk=tipoff.case_id)
    assert case.status == Case.Status.FILED and case.operator == operator
    assert tipoff.notify_by == date(2024, 5, 27)  # 5 working days
    services.record_notice(station_user, tipoff, date(2024, 5, 22))
    services.close(station_user, tipoff, substantiated=True)
    assert tipoff.status == S.CLOSED


def test_no_case_needs_a_reason(operator, station_user):
    tipoff = file_complaint(operator, kind="tipoff", name="", phone="")
    services.start_verification(station_user, tipoff)
    with pytest.raises(ValidationError):
        services.decide_tipoff(station_user, tipoff, open_case=False, reason=" ")
    services.decide_tipoff(station_user, tipoff, open_case=False, reason="经核查未发现违法行为")
    assert tipoff.status == S.NO_CASE
    assert tipoff.notify_by is None  # anonymous: nobody to tell


def test_repeated_tipoffs_are_merged(operator, station_user):
    first = file_complaint(operator, kind="tipoff")
    second = file_complaint(operator, kind="tipoff")
    assert list(services.possible_duplicates(second)) == [first]
    services.merge(station_user, second, first, "同一直播场次")
    second.refresh_from_db()
    assert second.status == S.MERGED and second.merged_into == first
    assert not second.is_open
    with pytest.raises(ValidationError):
        services.merge(station_user, first, first)


def test_complaint_spawns_a_finding(operator, station_user):
    complaint = file_complaint(operator)
    finding = services.spawn_finding(
        station_user, complaint, description="销售掺假蜂蜜", severity="serious"
    )
    assert finding.source == Finding.Source.COMPLAINT and complaint.finding == finding


def _substantiated(operator, handler, received_on):
    complaint = file_complaint(operator, received_on=received_on)
    services.accept(handler, complaint, received_on)
    services.close(handler, complaint, substantiated=True, on=timezone.localdate())
    return complaint


def test_third_substantiated_complaint_makes_a_key_target(
    operator, station_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    _substantiated(operator, station_user, today - timedelta(days=100))  # outside the window
    _substantiated(operator, station_user, today - timedelta(days=60))
    _substantiated(operator, station_user, today - timedelta(days=10))
    assert not WatchEntry.objects.filter(operator=operator).exists()
    with django_capture_on_commit_callbacks(execute=True):
        third = _substantiated(operator, station_user, today - timedelta(days=1))
    entry = WatchEntry.objects.get(operator=operator)
    assert entry.source == WatchEntry.Source.COMPLAINTS
    assert third.tracking_code in entry.reason and "3件" in entry.reason
    assert Notification.objects.filter(user=station_user, subject__contains="重点监管").exists()
    # A fourth does not add a second entry while the first stands.
    _substantiated(operator, station_user, today)
    assert WatchEntry.objects.filter(operator=operator).count() == 1


@override_settings(FANGXIN_COMPLAINT_WATCH_COUNT=2, FANGXIN_COMPLAINT_WATCH_DAYS=30)
def test_threshold_and_window_are_settings(operator, station_user):
    today = timezone.localdate()
    _substantiated(operator, station_user, today - timedelta(days=5))
    _substantiated(operator, station_user, today)
    assert WatchEntry.objects.filter(operator=operator).exists()


def test_unsubstantiated_complaints_do_not_count(operator, station_user):
    for _ in range(3):
        complaint = file_complaint(operator)
        services.accept(station_user, complaint)
        services.close(station_user, complaint, substantiated=False)
    assert not WatchEntry.objects.filter(operator=operator).exists()


def test_personal_data_masked_except_for_the_handler(operator, station_user, make_user):
    complaint = file_complaint(operator)
    other_station = make_user(Role.STATION)
    inspector = make_user(Role.INSPECTOR, station=operator.area.station)
    own = make_user(Role.OPERATOR, operator=operator)
    for user in (other_station, inspector, own):
        shown = services.complainant(user, complaint, via="test")
        assert shown["masked"] and shown["phone"] == "138********" and shown["name"] == "张*"
    assert not PersonalDataAccess.objects.exists()
    shown = services.complainant(station_user, complaint, via="test")
    assert shown == {"name": "张三", "phone": "13800001234", "masked": False}
    access = PersonalDataAccess.objects.get()
    assert access.user == station_user and access.via == "test"


def test_operator_sees_contact_only_with_consent(operator, make_user):
    own = make_user(Role.OPERATOR, operator=operator)
    consenting = file_complaint(operator, consent_contact=True)
    assert services.complainant(own, consenting, via="test")["phone"] == "13800001234"


def test_sweep_marks_due_soon_and_overdue_once(operator, station_user):
    today = timezone.localdate()
    late = file_complaint(operator, received_on=today - timedelta(days=30))
    fresh = file_complaint(operator, received_on=today)
    assert services.sweep(today) >= 1
    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.alert == Complaint.Alert.OVERDUE and fresh.alert == ""
    notified = Notification.objects.filter(user=station_user, subject__contains="超期").count()
    assert notified == 1
    assert services.sweep(today) == 0  # acting at most once
    assert Notification.objects.filter(user=station_user, subject__contains="超期").count() == 1
    # Due soon: two working days before the deadline.
    soon = file_complaint(operator, received_on=today)
    Complaint.objects.filter(pk=soon.pk).update(due_on=today + timedelta(days=1))
    services.sweep(today)
    soon.refresh_from_db()
    assert soon.alert == Complaint.Alert.DUE_SOON


def test_follow_up_after_handling(operator, station_user):
    complaint = file_complaint(operator)
    with pytest.raises(ValidationError):
        services.add_follow_up(
            station_user,
            complaint,
            visited_on=timezone.localdate(),
            method="phone",
            satisfaction="satisfied",
        )
    services.accept(station_user, complaint)
    services.close(station_user, complaint, substantiated=True)
    follow_up = services.add_follow_up(
        station_user,
        complaint,
        visited_on=timezone.localdate(),
        method="phone",
        satisfaction="satisfied",
        note="已收到退款",
    )
    assert follow_up.get_satisfaction_display() == "满意"
