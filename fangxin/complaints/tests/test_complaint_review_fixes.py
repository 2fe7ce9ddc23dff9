"""Regressions found in review: leaks, 500s and open-ended deadlines."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fangxin.complaints import services
from fangxin.complaints.models import Complaint
from fangxin.core.roles import Role
from fangxin.core.scoping import visible

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


def test_refused_then_closed_complaint_stays_hidden_from_the_operator(
    operator, station_user, make_user
):
    complaint = file_complaint(operator)
    services.refuse(station_user, complaint, "time_barred")
    services.close(station_user, complaint, substantiated=False)
    own = make_user(Role.OPERATOR, operator=operator)
    assert not visible(own, Complaint).filter(pk=complaint.pk).exists()


def test_audit_log_keeps_no_personal_data_or_pin():
    receipt = services.submit(
        kind="tipoff",
        channel="web",
        category="other",
        description="匿名举报",
        operator_text="某店",
    )
    file_complaint(None, name="王五", phone="13912348580")
    changes = " ".join(str(e.changes) for e in LogEntry.objects.all())
    assert "13912348580" not in changes and "王五" not in changes
    assert receipt.pin not in changes.replace(receipt.complaint.tracking_code, "")


def test_masked_phone_does_not_reveal_the_status_page_secret(operator, make_user):
    complaint = file_complaint(operator)
    shown = services.complainant(make_user(Role.INSPECTOR), complaint, via="test")
    assert shown["phone"] == "138********" and complaint.lookup_tail not in shown["phone"]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "assign", "station": "abc", "note": "x"},
        {"action": "merge", "into": "abc"},
        {"action": "inspect", "inspectors": ["x"], "planned_on": "2026-12-01"},
    ],
)
def test_bad_ids_are_refusals_not_500(client, operator, station_user, data):
    complaint = file_complaint(operator)
    client.force_login(station_user)
    response = client.post(reverse("complaints:detail", args=[complaint.pk]), data, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e20", "0.001", "-1"])
def test_bad_amounts_are_refused(client, operator, station_user, amount):
    complaint = file_complaint(operator)
    services.accept(station_user, complaint)
    services.start_mediation(station_user, complaint)
    client.force_login(station_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    data = {
        "action": "end_mediation",
        "agreed": "yes",
        "agreement": "退款",
        "amount_recovered": amount,
    }
    assert client.post(url, data, follow=True).status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == "mediating"


def test_testing_periods_are_bounded_and_do_not_overlap(operator, station_user):
    today = timezone.localdate()
    complaint = file_complaint(operator, received_on=today - timedelta(days=60))
    services.accept(station_user, complaint, today - timedelta(days=58))
    with pytest.raises(ValidationError):  # before acceptance
        services.record_testing(station_user, complaint, date(2020, 1, 1), date(2020, 12, 31), "x")
    with pytest.raises(ValidationError):  # in the future
        services.record_testing(
            station_user, complaint, today - timedelta(days=5), today + timedelta(days=5), "x"
        )
    start, end = today - timedelta(days=30), today - timedelta(days=20)
    services.record_testing(station_user, complaint, start, end, "送检")
    with pytest.raises(ValidationError):  # overlapping the first
        services.record_testing(station_user, complaint, end, end + timedelta(days=3), "再检")


def test_unidentified_tipoffs_are_not_merged(office):
    first = file_complaint(None, kind="tipoff", operator_text="另一家店")
    second = file_complaint(None, kind="tipoff", operator_text="某不知名直播间")
    with pytest.raises(ValidationError):
        services.merge(office, second, first)


def test_dashboard_survives_extreme_dates(client, office):
    client.force_login(office)
    for params in ({"received_before": "9999-12-31"}, {"received_after": "0001-01-01"}):
        assert client.get(reverse("complaints:dashboard"), params).status_code == 200
    assert client.get(reverse("complaints:dashboard"), {"station": "²"}).status_code == 200


def test_refused_move_is_not_shown_as_done(client, office, operator, make_user):
    other = make_user(Role.STATION)
    tipoff = file_complaint(operator, kind="tipoff")
    services.assign(office, tipoff, station=other.station, note="改派")
    services.start_verification(other, tipoff)
    client.force_login(other)
    url = reverse("complaints:detail", args=[tipoff.pk])
    response = client.post(url, {"action": "decide", "open_case": "yes"})
    assert response.status_code == 200
    assert response.context["complaint"].status == "verifying"
