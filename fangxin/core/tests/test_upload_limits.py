"""Uploads are refused at their limit without reading the rest (a 200 MB body used to be
received whole, then refused), and answers to signed-in users and the API are never cached."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class CountingInput(io.RawIOBase):
    """A request body that counts what the server reads of it."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.data.read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        chunk = self.data.readline(size)
        self.read_bytes += len(chunk)
        return chunk


def multipart(name: str, size: int) -> bytes:
    return encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile(name, b"a" * size), "dry_run": "on"}
    )


def post_counted(client, url, body: bytes, declared: int | None = None):
    stream = CountingInput(body)
    response = client.generic(
        "POST",
        url,
        b"x",  # replaced below: the client only sets the body when there is one
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(declared or len(body))},
    )
    return response, stream.read_bytes


@pytest.fixture
def office_client(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    return client


def test_a_body_declared_over_the_request_limit_is_refused_unread(office_client):
    response, read = post_counted(
        office_client, "/registry/operators/import/", multipart("a.csv", 1000), 200 * MB
    )
    assert response.status_code == 413
    assert read == 0
    assert "MB" in response.content.decode()


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1 * MB, FANGXIN_MAX_REQUEST_BYTES=8 * MB)
def test_a_file_over_its_limit_is_refused_as_soon_as_the_limit_is_passed(office_client):
    body = multipart("big.csv", 4 * MB)
    response, read = post_counted(office_client, "/complaints/import/", body)
    assert response.status_code == 413
    assert read < 2 * MB, read  # stopped at the limit, not after 4 MB
    assert "big.csv" in response.content.decode()


@override_settings(
    FANGXIN_MAX_UPLOAD_BYTES=1 * MB,
    FANGXIN_MONITORING_MAX_BYTES=4 * MB,
    FANGXIN_MAX_REQUEST_BYTES=8 * MB,
)
def test_monitoring_material_has_its_larger_limit(office_client):
    response, read = post_counted(office_client, "/monitoring/upload/", multipart("t.txt", 2 * MB))
    assert response.status_code != 413
    response, read = post_counted(office_client, "/monitoring/upload/", multipart("t.txt", 6 * MB))
    assert response.status_code == 413 and read < 5 * MB


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1 * MB, FANGXIN_MAX_REQUEST_BYTES=8 * MB)
def test_the_api_answers_an_oversized_file_with_the_error_body(office_client):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("x.pdf", b"%PDF-" * MB)})
    response, read = post_counted(office_client, "/api/v1/public/complaints/", body)
    assert response.status_code == 413
    assert set(response.json()) == {"detail", "errors"}
    assert read < 2 * MB


# --- Cache-Control ---------------------------------------------------------------------------


def test_signed_in_pages_and_api_answers_are_not_stored(office_client):
    for url in ("/", "/registry/operators/", "/complaints/", "/api/v1/me/", "/api/v1/operators/"):
        response = office_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url


def test_token_api_answers_and_anonymous_api_errors_are_not_stored(client, make_user):
    make_user(Role.STATION, username="st")
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "st", "password": PASSWORD},
        content_type="application/json",
    )
    assert token["Cache-Control"] == "no-store, private"
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert client.get("/api/v1/me/", headers=bearer)["Cache-Control"] == "no-store, private"
    assert client.get("/api/v1/operators/")["Cache-Control"] == "no-store, private"  # 401


def test_public_pages_keep_their_own_caching(client):
    response = client.get("/public/complaints/")
    assert response.get("Cache-Control") != "no-store, private"  # never_cache's own header
    assert "no-store" in response["Cache-Control"]
    assert client.get("/accounts/login/").status_code == 200
