import pytest
from django.test import override_settings

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD, StationFactory

pytestmark = pytest.mark.django_db


def token_for(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_token_and_bearer(client, make_user):
    user = make_user(Role.STATION, username="st")
    response = token_for(client, "st")
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me/", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "st"
    assert body["role"] == "station"
    assert body["station"] == {"id": user.station_id, "name": user.station.name}
    assert body["operator"] is None


def test_wrong_password_same_answer_as_unknown_user(client, make_user):
    make_user(username="st")
    wrong = token_for(client, "st", "nope")
    unknown = token_for(client, "ghost", "nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"] == "Wrong username or password."


@override_settings(AXES_FAILURE_LIMIT=2)
def test_api_login_locks_out(client, make_user):
    make_user(username="st")
    token_for(client, "st", "nope")
    token_for(client, "st", "nope")
    assert token_for(client, "st").status_code == 429


def test_missing_fields_use_the_error_body(client):
    response = client.post("/api/v1/auth/token/", {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"username", "password"}


def test_anonymous_gets_401(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_bad_token_gets_401(client):
    response = client.get("/api/v1/me/", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_unknown_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_station_cannot_use_office_endpoints(client, make_user):
    client.force_login(make_user(Role.STATION))
    station = StationFactory()
    created = client.post(
        "/api/v1/areas/",
        {"code": "new", "name": "新镇", "kind": "town", "station": station.pk},
        content_type="application/json",
    )
    assert created.status_code == 403
    assert client.get("/api/v1/areas/").status_code == 200


def test_office_edits_areas(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    station = StationFactory()
    created = client.post(
        "/api/v1/areas/",
        {"code": "new", "name": "新镇", "kind": "town", "station": station.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = client.post(
        "/api/v1/areas/",
        {"code": "new2", "name": "新镇2", "kind": "village", "station": station.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "kind" in bad.json()["errors"]


def test_operator_cannot_read_jurisdictions(client, make_user):
    client.force_login(make_user(Role.OPERATOR))
    assert client.get("/api/v1/stations/").status_code == 403


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
