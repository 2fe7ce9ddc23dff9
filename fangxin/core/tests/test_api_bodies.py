"""Every API that reads a body takes a JSON object: a list, string or number is a 400 with the
error body, never a 500 (the public complaint intake answered a list with a 500)."""

import json

import pytest
from django.test import Client
from rest_framework.parsers import JSONParser
from rest_framework.schemas.generators import EndpointEnumerator

from fangxin.core.api.parsers import ObjectJSONParser
from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db

WRITES = {"POST", "PUT", "PATCH"}
NOT_OBJECTS = ([1, 2], ["a"], "text", 7, None, True)


def api_writes():
    """(path, method, view callback) of every API route that takes a body."""
    return [
        (path, method, callback)
        for path, method, callback in EndpointEnumerator().get_api_endpoints()
        if path.startswith("/api/") and method in WRITES
    ]


def concrete(path: str) -> str:
    # Ids that do not exist: the view answers 404 or, reading the body first, 400.
    return path.replace("{pk}", "1").replace("{id}", "1")


def test_every_write_route_parses_json_only_as_an_object():
    routes = api_writes()
    assert len(routes) > 30  # the enumeration found the API
    for path, method, callback in routes:
        view = callback.cls(**getattr(callback, "initkwargs", {}))
        json_parsers = [p for p in view.get_parsers() if isinstance(p, JSONParser)]
        assert json_parsers, (path, method)
        for parser in json_parsers:
            assert isinstance(parser, ObjectJSONParser), (path, method, type(parser))


@pytest.mark.parametrize("body", NOT_OBJECTS, ids=repr)
def test_public_intake_refuses_a_body_that_is_not_an_object(body):
    response = Client().post(
        "/api/v1/public/complaints/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"detail", "errors"}


def test_no_write_route_answers_a_non_object_body_with_a_500(make_user):
    office = make_user(Role.OFFICE)
    staff = Client(raise_request_exception=False)
    staff.force_login(office)
    anonymous = Client(raise_request_exception=False)
    seen = 0
    for path, method, _callback in api_writes():
        url = concrete(path)
        for client in (staff, anonymous):
            for body in ([1, 2], "text"):
                response = client.generic(
                    method, url, json.dumps(body), content_type="application/json"
                )
                assert response.status_code in {400, 401, 403, 404, 405, 429}, (
                    method,
                    url,
                    body,
                    response.status_code,
                )
                seen += response.status_code == 400
    assert seen > 20  # most list and action routes read the body and refuse it
