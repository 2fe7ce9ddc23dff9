"""Moves the handling rules forbid are refused and not shown as done: testing periods outside
the handling window or overlapping, merging unidentified tip-offs, a decision by the wrong step."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fangxin.complaints import services
from fangxin.core.roles import Role

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


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
