"""The API answers what its OpenAPI schema says: schemathesis against the app, in-process.

Every operation of ``/api/schema/`` is called with data generated from the schema, valid
(positive) and invalid (negative), on the demo county (so that lists and rows carry real
values, nulls included), and each answer is checked: no server error, a documented status
code and content type, a body that validates against the documented schema, and invalid input
refused. Public operations are called anonymously, the others as the office with its Bearer
token. The scale issue extends this to every role.

Bounded and reproducible: a few examples per operation and mode, no shrinking, derandomized
Hypothesis, no example database (about a minute on two cores). Every failure is collected and
reported together, so one run shows all that disagrees.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fangxin.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Per operation and mode; FANGXIN_FUZZ_EXAMPLES=50 for a longer hunt (minutes, not seconds).
EXAMPLES = int(os.environ.get("FANGXIN_FUZZ_EXAMPLES", "8"))
# Per operation whose path names a row, called again on a row that exists.
EXAMPLES_ON_A_REAL_ROW = max(1, EXAMPLES // 2)


@pytest.fixture
def app(db, settings):
    from fangxin.core import demo

    demo.build(log=lambda *_: None)
    cache.clear()
    # The intake's per-IP and per-phone limits would turn every case after the tenth into a
    # (documented) 429; lifted here so the intake itself is exercised.
    settings.FANGXIN_COMPLAINT_RATE_IP = "100000/h"
    settings.FANGXIN_COMPLAINT_RATE_PHONE = "100000/d"
    settings.FANGXIN_COMPLAINT_TRACK_RATE_IP = "100000/h"
    # As Django's test client does: the end of a request must not close the test's
    # connection (and with it the transaction that holds the demo data).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    django_app = get_wsgi_application()

    def with_remote_addr(environ, start_response):
        # Again on every call: Django's test client (used for the token and the row ids)
        # connects close_old_connections back after each of its requests, and on PostgreSQL
        # the next request's end would then close the connection inside the test's transaction.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        # werkzeug's test client sends no REMOTE_ADDR; every real server does.
        environ.setdefault("REMOTE_ADDR", "192.0.2.10")
        return django_app(environ, start_response)

    yield with_remote_addr
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)


@pytest.fixture
def office_headers(client):
    answer = client.post(
        "/api/v1/auth/token/", {"username": "office", "password": DEMO_PASSWORD}
    ).json()
    return {"Authorization": f"Bearer {answer['token']}"}


# --- the harness ---------------------------------------------------------------------------

# Operations whose invalid (negative) cases are not tried, and why. The scan's multipart body:
# schemathesis serialises a generated invalid body (non-string field names, a "file" that is not
# a file) into form fields that no longer carry the invalidity, then reports the server's 200 as
# "invalid data accepted"; the refusals themselves are tested in monitoring's scan API tests
# (neither, both, a blank text, a wrong file type).
NO_NEGATIVE = {"POST /api/v1/monitoring/scan/"}


class Harness:
    def __init__(self, schema, headers):
        self.schema = schema
        self.headers = headers
        self.failures: list[str] = []
        self.calls = 0

    def fuzz(self, operation, mode, *, path_parameters=None, examples=EXAMPLES):
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            # Shrinking would multiply the time; the report keeps the first failing case.
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=strategy)
        def run(case):
            self.calls += 1
            headers = self.headers
            if mode == GenerationMode.NEGATIVE and "Authorization" in (case.headers or {}):
                # The case's invalidity may be its Authorization header alone: sending ours
                # instead would make a valid request and a false "invalid data accepted".
                headers = None
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except BaseException as failure:  # a FailureGroup is a BaseExceptionGroup
                # Bounded: a generated body can be tens of kilobytes.
                self.failures.append(f"{operation.label} [{mode}]\n{str(failure)[:3000]}")

        run()

    def real_ids(self, client, list_path: str) -> list:
        answer = client.get(list_path, headers=self.headers or {})
        if answer.status_code != 200:
            return []
        body = answer.json()
        rows = body.get("results", []) if isinstance(body, dict) else body
        return [row["id"] for row in rows if isinstance(row, dict) and "id" in row][:1]

    def run(self, client, operations):
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                if mode == GenerationMode.NEGATIVE and operation.label in NO_NEGATIVE:
                    continue
                self.fuzz(operation, mode)
            if "{id}" in operation.path:
                list_path = operation.path.split("{id}")[0]
                for row_id in self.real_ids(client, list_path):
                    self.fuzz(
                        operation,
                        GenerationMode.POSITIVE,
                        path_parameters={"id": row_id},
                        examples=EXAMPLES_ON_A_REAL_ROW,
                    )

    def report(self) -> str:
        return f"{len(self.failures)} failures in {self.calls} calls:\n\n" + "\n\n".join(
            self.failures
        )


def _operations(schema, *, public: bool):
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if (op.definition.raw.get("security") == [{}]) == public]


def test_public_endpoints_answer_what_the_schema_says(api_schema, client):
    operations = _operations(api_schema, public=True)
    assert {op.path for op in operations} >= {
        "/api/v1/public/draws/",
        "/api/v1/public/complaints/",
        "/api/v1/auth/token/",
    }
    harness = Harness(api_schema, headers=None)
    started = time.monotonic()
    harness.run(client, operations)
    print(f"public: {harness.calls} calls in {time.monotonic() - started:.0f} s")
    assert not harness.failures, harness.report()


def test_office_answers_what_the_schema_says(api_schema, client, office_headers):
    operations = _operations(api_schema, public=False)
    assert len(operations) > 80
    harness = Harness(api_schema, headers=office_headers)
    started = time.monotonic()
    harness.run(client, operations)
    print(f"office: {harness.calls} calls in {time.monotonic() - started:.0f} s")
    assert not harness.failures, harness.report()
