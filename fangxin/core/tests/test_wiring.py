"""The project wires every app's API router under /api/v1/ (issue 12, item 5): the root lists
every app's collections, in the order the single router used to list them."""

import pytest

pytestmark = pytest.mark.django_db

LISTED = [
    "stations",
    "areas",
    "partner-departments",
    "calendar/days",
    "audit",
    "operators",
    "campaigns",
    "enrolments",
    "self-inspections",
    "draw-plans",
    "public/draws",
    "inspections",
    "findings",
    "rectification-orders",
    "cases",
    "veto-events",
    "complaints",
    "public/complaints",
    "monitoring/materials",
    "monitoring/hits",
    "monitoring/rulesets",
]


def test_the_api_root_lists_every_apps_collections(client, office):
    client.force_login(office)
    answer = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert list(answer.json()) == LISTED
    assert answer.json()["operators"] == "http://testserver/api/v1/operators/"


def test_app_routes_keep_their_format_suffixes(client, office):
    client.force_login(office)
    assert client.get("/api/v1/operators.json").status_code == 200
    assert client.get("/api/v1/monitoring/hits.json").status_code == 200
