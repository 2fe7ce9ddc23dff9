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
    "public/inspections",
    "inspections",
    "findings",
    "rectification-orders",
    "cases",
    "veto-events",
    "credit-listings",
    "complaints",
    "public/complaints",
    "monitoring/materials",
    "monitoring/hits",
    "monitoring/licence-checks",
    "monitoring/rulesets",
    "ratings/ratings",
    "ratings/surveys",
    "ratings/members",
    "ratings/member-scores",
    "evaluation/rubrics",
    "evaluation/ledger-entries",
    "evaluation/results",
    "evaluation/panels",
    "evaluation/panel-scores",
    "public/titles",
    "titles/replies",
    "titles/reevaluations",
    "public/notices",
    "oversight/incidents",
    "oversight/publicity-activities",
    "oversight/meetings",
    "oversight/field-visits",
    "public/list-publications",
    "public/list-entries",
]
LISTED += ["oversight/result-watches", "oversight/risk-classes", "oversight/punishments"]


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


def test_the_operator_file_shows_complaints_through_the_apps_contribution(client, make_user):
    # Supervision sits below complaints: the file gets its complaints from
    # complaints.contributions.operator_file, found by core.discovery.
    from fangxin.complaints import services as complaints
    from fangxin.core.roles import Role
    from fangxin.registry.tests.factories import OperatorFactory

    operator = OperatorFactory()
    filed = complaints.submit(
        kind="complaint",
        channel="web",
        name="张三",
        phone="13800001234",
        category="quality",
        description="直播间买的蜂蜜疑似掺假，要求退款。",
        operator=operator,
        operator_text="",
    ).complaint
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    body = client.get(f"/supervision/operators/{operator.pk}/").content.decode()
    listed = body[body.index('id="operator-complaints"') :]
    assert filed.tracking_code in listed[: listed.index("</ul>")]


def test_home_panels_come_from_the_apps(client, office):
    import datetime

    from django.utils import timezone

    from fangxin.registry.tests.factories import LicenceFactory

    licence = LicenceFactory(valid_to=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(office)
    body = client.get("/desk/").content.decode()
    assert 'id="licence-alerts"' in body
    assert (
        f'href="/registry/operators/{licence.operator_id}/"' in body[body.index("licence-alerts") :]
    )


def test_each_apps_demo_builder_and_sweep_is_found_where_it_lives():
    # core finds them by name (core.discovery), in INSTALLED_APPS order, importing no app.
    from fangxin.core.discovery import app_modules

    assert [module.__name__ for module in app_modules("demo")] == [
        "fangxin.registry.demo",
        "fangxin.programme.demo",
        "fangxin.selfcheck.demo",
        "fangxin.supervision.demo",
        "fangxin.complaints.demo",
        "fangxin.monitoring.demo",
        "fangxin.ratings.demo",
        "fangxin.evaluation.demo",
        "fangxin.titles.demo",
        "fangxin.oversight.demo",
        "fangxin.disclosure.demo",
    ]
    assert [module.__name__ for module in app_modules("sweeps")] == [
        "fangxin.programme.sweeps",
        "fangxin.selfcheck.sweeps",
        "fangxin.supervision.sweeps",
        "fangxin.complaints.sweeps",
        "fangxin.monitoring.sweeps",
        "fangxin.evaluation.sweeps",
        "fangxin.titles.sweeps",
        "fangxin.oversight.sweeps",
    ]
