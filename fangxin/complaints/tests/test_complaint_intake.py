from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.complaints import services
from fangxin.complaints.models import Complaint, ComplaintEvent
from fangxin.core.models import Notification, PeriodRule
from fangxin.core.roles import Role

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


def test_complaint_about_known_operator_goes_to_its_station(
    operator, station_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_complaint(operator)
    assert complaint.station_id == operator.area.station_id
    assert complaint.tracking_code.startswith("TS") and len(complaint.tracking_code) == 12
    assert complaint.lookup_tail == "1234"
    assert complaint.events.get().kind == ComplaintEvent.Kind.RECEIVED
    assert Notification.objects.filter(user=station_user).exists()


def test_unknown_operator_waits_for_the_office(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_complaint(None)
    assert complaint.station is None and complaint.operator_text == "某不知名直播间"
    assert Notification.objects.filter(user=office).exists()


def test_complaint_needs_name_and_phone():
    with pytest.raises(ValidationError) as exc:
        file_complaint(None, name="", phone="")
    assert "name" in exc.value.message_dict
    assert not Complaint.objects.exists()


def test_anonymous_tipoff_gets_a_pin():
    receipt = services.submit(
        kind="tipoff",
        channel="web",
        category="advertising",
        description="主播宣称产品能治疗糖尿病。",
        operator_text="某直播间",
    )
    assert receipt.pin and len(receipt.pin) == 4
    assert receipt.complaint.lookup_tail == receipt.pin
    assert receipt.complaint.complainant_phone == ""


@pytest.mark.parametrize("phone", ["12345", "138000012345", "abc"])
def test_bad_phone_is_refused(phone):
    with pytest.raises(ValidationError) as exc:
        file_complaint(None, phone=phone)
    assert "phone" in exc.value.message_dict


def test_text_too_long_is_refused():
    with pytest.raises(ValidationError) as exc:
        file_complaint(None, description="假" * 2001)
    assert "description" in exc.value.message_dict


def test_fake_evidence_is_refused_and_nothing_written():
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        file_complaint(None, evidence=[fake])
    assert "evidence" in exc.value.message_dict
    assert not Complaint.objects.exists()


def test_real_evidence_is_kept_with_its_hash(operator):
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    complaint = file_complaint(operator, evidence=[png])
    evidence = complaint.evidence.get()
    assert len(evidence.sha256) == 64 and evidence.original_name == "p.png"


def test_acceptance_deadline_skips_national_day(operator):
    # Received Friday 2024-09-27: Sunday 09-29 and Saturday 10-12 were make-up workdays and
    # 10-01..10-07 a holiday, so the 7th working day is Saturday 2024-10-12.
    complaint = file_complaint(operator, received_on=date(2024, 9, 27))
    assert complaint.decide_by == date(2024, 10, 12)
    used = complaint.periods_used["complaint_acceptance"]
    assert used["days"] == 7 and "第20号" in used["source"]


def test_tipoff_verification_deadline_skips_spring_festival(operator):
    # 2025 Spring Festival: 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked.
    tipoff = file_complaint(operator, kind="tipoff", received_on=date(2025, 1, 24))
    # 15 working days: 01-26, 01-27, 02-05..02-08, 02-10..14, 02-17..20.
    assert tipoff.decide_by == date(2025, 2, 20)


def test_the_version_in_force_on_the_receipt_date_applies(operator):
    PeriodRule.objects.create(
        code="complaint_acceptance",
        name="投诉受理决定",
        days=5,
        unit="working_days",
        source="新办法",
        effective_from=date(2026, 9, 1),
    )
    before = file_complaint(operator, received_on=date(2026, 8, 31))
    after = file_complaint(operator, received_on=date(2026, 9, 1))
    assert before.periods_used["complaint_acceptance"]["days"] == 7
    assert after.periods_used["complaint_acceptance"]["days"] == 5
    assert after.periods_used["complaint_acceptance"]["source"] == "新办法"


def test_tracking_needs_the_right_tail(operator):
    complaint = file_complaint(operator)
    assert services.track(complaint.tracking_code.lower(), "1234") == complaint
    assert services.track(complaint.tracking_code, "0000") is None
    assert services.track("TSXXXXXXXXXX", "1234") is None
    assert services.track(complaint.tracking_code, "") is None
    assert services.track(complaint.tracking_code, "１２３４") is None  # full-width digits


def test_reassignment_keeps_history(operator, station_user, make_user):
    complaint = file_complaint(operator)
    other = make_user(Role.STATION).station
    with pytest.raises(ValidationError):
        services.assign(station_user, complaint, station=other, note="")
    services.assign(station_user, complaint, station=other, note="经营地址在对方辖区")
    routed = complaint.events.get(kind=ComplaintEvent.Kind.ROUTED)
    assert routed.from_station_id == operator.area.station_id and routed.to_station == other
    complaint.refresh_from_db()
    assert complaint.station == other
    # The first station no longer handles it.
    assert not station_user.has_perm("complaints.handle", complaint)


def test_office_triage_identifies_the_operator(office, operator):
    complaint = file_complaint(None)
    services.assign(office, complaint, station=None, operator=operator)
    complaint.refresh_from_db()
    assert complaint.operator == operator and complaint.station == operator.area.station


def test_another_station_cannot_reassign(operator, make_user):
    complaint = file_complaint(operator)
    stranger = make_user(Role.STATION)
    with pytest.raises(Exception) as exc:
        services.assign(stranger, complaint, station=stranger.station, note="抢单")
    assert exc.type.__name__ == "PermissionDenied"
