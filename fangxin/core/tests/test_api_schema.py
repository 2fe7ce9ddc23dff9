"""The OpenAPI schema and the answers agree (issue 11, item 23); the fuzzing harness is
test_api_schema_fuzz.py, these are the specific disagreements it found, kept fast."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db

# (component, property): each answered null on the demo county while documented non-null.
NULLABLE = [
    ("AuditEntry", "actor"),
    ("Complaint", "station_name"),
    ("DrawPlan", "station_name"),
    ("DrawPlanDetail", "station_name"),
    ("DrawSummary", "secret"),
    ("DrawSummary", "selected_count"),
    ("Enrolment", "self_inspection"),
    ("InspectionItem", "code"),
    ("Material", "ruleset_version"),
    ("PublicDraw", "secret"),
    ("PublicDraw", "station_name"),
    ("PublicDrawDetail", "secret"),
    ("Answer", "result"),
    ("LedgerEntry", "fact"),
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.mark.parametrize(("component", "name"), NULLABLE)
def test_fields_answered_null_are_documented_nullable(schema, component, name):
    assert schema["components"]["schemas"][component]["properties"][name].get("nullable")


def test_every_operation_documents_its_errors_with_the_error_body(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            if {} not in operation.get("security", [{}]):
                assert "401" in responses, where
            if "{" in path:
                assert "404" in responses, where
            if "requestBody" in operation:
                assert {"400", "415"} <= set(responses), where
            for code, response in responses.items():
                if code.startswith("4"):
                    body = response["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (where, code)


def test_query_parameters_admit_the_empty_value_the_api_reads_as_absent(schema, office_client):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/operators/"]["get"]["parameters"]}
    assert parameters["status"]["allowEmptyValue"] is True
    assert parameters["page_size"]["schema"]["minimum"] == 1
    answer = office_client.get("/api/v1/operators/?status=&licence_problem=&page_size=")
    assert answer.status_code == 200


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5"])
def test_page_size_is_a_positive_integer(office_client, value):
    answer = office_client.get(f"/api/v1/stations/?page_size={value}")
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["page_size"]


def test_page_size_above_the_maximum_is_capped(office_client):
    answer = office_client.get("/api/v1/stations/?page_size=100000")
    assert answer.status_code == 200


@pytest.mark.parametrize("value", ["yes", "-9.09e307", "1"])
def test_a_yes_no_filter_refuses_what_is_not_true_or_false(office_client, value):
    answer = office_client.get(f"/api/v1/operators/?licence_problem={value}")
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"licence_problem": ["Expected true or false."]}
    assert office_client.get("/api/v1/operators/?licence_problem=true").status_code == 200


def test_a_number_filter_on_an_integer_column_reads_an_integer(office_client):
    assert office_client.get("/api/v1/campaigns/?year=-4.2e-128").status_code == 400
    assert office_client.get("/api/v1/campaigns/?year=2024.5").status_code == 400
    assert office_client.get("/api/v1/campaigns/?year=2024").status_code == 200


def test_a_decision_left_out_of_a_form_body_is_refused_not_read_as_false(office_client):
    # DRF reads a missing boolean of a form body as false (an unticked checkbox).
    answer = office_client.post("/api/v1/calendar/days/", {"date": "2026-10-10"})
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["is_workday"]
    answer = office_client.post(
        "/api/v1/calendar/days/", {"date": "2026-10-10", "is_workday": "false"}
    )
    assert answer.status_code == 201
    assert answer.json()["is_workday"] is False


def test_a_body_django_refuses_to_read_answers_the_json_error(office_client):
    fields = "&".join(f"f{i}=1" for i in range(1100))
    answer = office_client.post(
        "/api/v1/calendar/days/", fields, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    assert set(answer.json()) == {"detail", "errors"}


def test_audit_entry_without_actor_answers_null(office_client, make_user):
    from auditlog.models import LogEntry

    station = make_user(Role.STATION).station  # saved by no one: no actor
    station.name = "改名"
    station.save()
    entry = LogEntry.objects.filter(actor__isnull=True).first()
    assert entry is not None
    assert office_client.get(f"/api/v1/audit/{entry.pk}/").json()["actor"] is None


def test_a_one_value_filter_given_twice_is_refused(client, make_user):
    """`?q=a&q=b` was answered with the last value only (found on PostgreSQL by the fuzz)."""
    from fangxin.core.roles import Role

    client.force_login(make_user(Role.OFFICE))
    response = client.get("/api/v1/operators/?q=a&q=b")
    assert response.status_code == 400
    assert "q" in response.json()["errors"]
    assert client.get("/api/v1/operators/?q=a").status_code == 200
