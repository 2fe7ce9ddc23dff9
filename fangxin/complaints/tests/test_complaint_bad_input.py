"""Odd ids, amounts and dates on the complaint pages are refusals, never a 500."""

import pytest
from django.urls import reverse

from fangxin.complaints import services

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


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


def test_dashboard_survives_extreme_dates(client, office):
    client.force_login(office)
    for params in ({"received_before": "9999-12-31"}, {"received_after": "0001-01-01"}):
        assert client.get(reverse("complaints:dashboard"), params).status_code == 200
    assert client.get(reverse("complaints:dashboard"), {"station": "²"}).status_code == 200
