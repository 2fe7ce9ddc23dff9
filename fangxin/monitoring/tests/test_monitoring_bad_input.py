"""Odd input to the monitoring pages and API is refused, or fails the one material, never a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fangxin.monitoring.models import Material

pytestmark = pytest.mark.django_db


def test_odd_digits_are_refused_not_500(client, ruleset, monitor, operator):
    client.force_login(monitor)
    url = reverse("monitoring:upload")
    upload = SimpleUploadedFile("a.txt", "全网最低价".encode())
    response = client.post(
        url,
        {
            "operator": operator.pk,
            "stream_date": "2026-11-01",
            "duration_minutes": "²",
            "file": upload,
        },
    )
    assert response.status_code in (200, 302)
    assert client.get(url, {"operator": "²"}).status_code == 200


def test_deeply_nested_json_fails_the_material_not_the_request(
    client, ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    deep = SimpleUploadedFile("deep.json", ("[" * 200_000 + "]" * 200_000).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:upload"),
            {
                "operator": operator.pk,
                "stream_date": "2026-11-01",
                "duration_minutes": "30",
                "file": deep,
            },
        )
    assert response.status_code in (200, 302)
    material = Material.objects.get()
    assert material.status == Material.Status.FAILED and material.error


def test_dashboard_survives_extreme_dates(client, ruleset, monitor):
    client.force_login(monitor)
    response = client.get(reverse("monitoring:dashboard"), {"date_to": "9999-12-31"})
    assert response.status_code == 200


def test_api_scan_of_nested_json_is_a_400(client, ruleset, monitor):
    client.force_login(monitor)
    deep = SimpleUploadedFile("deep.json", ("[" * 200_000 + "]" * 200_000).encode())
    response = client.post("/api/v1/monitoring/scan/", {"file": deep})
    assert response.status_code == 400
    assert json.loads(response.content)["detail"]


@pytest.mark.parametrize(
    "data",
    [{}, {"text": ""}, {"file": ""}, {"text": "", "file": ""}],
    ids=["neither", "blank text", "blank file", "both blank"],
)
def test_the_scan_form_refuses_what_it_cannot_scan(client, ruleset, monitor, data):
    # The schema fuzz leaves this multipart operation's negative cases out (NO_NEGATIVE there).
    client.force_login(monitor)
    response = client.post("/api/v1/monitoring/scan/", data)
    assert response.status_code == 400
    assert "either `text`" in response.json()["errors"]["text"][0]
