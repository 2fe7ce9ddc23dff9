"""The public titles and notices API as open data (issue 15 item 4): rate limit with 429 and
Retry-After, ETag / Last-Modified and 304, CORS open for reading only, capped pages, CSV and
XLSX downloads with formulas neutralised, the schema, and nothing personal in any of it."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from fangxin.registry import idnumber
from fangxin.titles import services
from fangxin.titles.models import Title

from .test_titles import awarded, object_to, proposed

pytestmark = pytest.mark.django_db

LIST = "/api/v1/public/titles/"
NOTICES = "/api/v1/public/notices/"
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def assert_nothing_personal(text: str) -> None:
    assert not MOBILE.search(text), MOBILE.search(text)
    for candidate in ID_LIKE.findall(text):
        assert not idnumber.is_valid(candidate), candidate
    for person in ("张三", "李四"):
        assert person not in text


@pytest.fixture
def titles(office, campaign, enrol, closed):
    made, enrolments = awarded(office, campaign, enrol, closed, n=3)
    return made, enrolments


def test_anonymous_callers_are_rate_limited_with_retry_after(client, titles, settings):
    settings.FANGXIN_PUBLIC_API_RATE = "3/minute"
    cache.clear()
    answers = [client.get(LIST) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    # The browser on another site can read why (and when to come back).
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in refused["Cache-Control"]
    # The limit is per client: another address still gets its answer.
    assert client.get(LIST, REMOTE_ADDR="203.0.113.9").status_code == 200
    # The notices and the draws share the open data's limit.
    assert client.get(NOTICES).status_code == 429
    assert client.get("/api/v1/public/draws/").status_code == 429


def test_etag_and_last_modified_answer_304_until_a_row_changes(client, titles, office):
    first = client.get(LIST)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # Another question (a filter, a format) is another ETag.
    assert client.get(LIST, {"status": "valid"})["ETag"] != etag
    searched = client.get(LIST, {"q": Title.objects.first().holder_name[:4]})
    assert searched.status_code == 200 and searched["ETag"] not in ("", etag)
    # The detail too.
    number = Title.objects.order_by("certificate_no").first().certificate_no
    one = client.get(f"{LIST}{number}/")
    assert client.get(f"{LIST}{number}/", HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 304
    # A revocation changes the title: the old ETag no longer matches.
    _made, enrolments = titles
    services.confirm_veto(office, proposed(enrolments[0].operator), "经查属实")
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "revoked" in {row["status"] for row in changed.json()["results"]}


def test_cors_is_open_for_reading_the_public_api_only(client, titles, office):
    answer = client.get(LIST, HTTP_ORIGIN="https://shop.example.com")
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer["Access-Control-Expose-Headers"]
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://shop.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    # Writing is not open: no method but reading, and no CORS header on the refusal.
    refused = client.post(LIST, {}, HTTP_ORIGIN="https://shop.example.com")
    assert refused.status_code == 405
    assert not refused.has_header("Access-Control-Allow-Origin")
    # The staff API sends no CORS header, signed in or not.
    assert not client.get("/api/v1/operators/").has_header("Access-Control-Allow-Origin")
    client.force_login(office)
    staff = client.get("/api/v1/operators/", HTTP_ORIGIN="https://shop.example.com")
    assert staff.status_code == 200
    assert not staff.has_header("Access-Control-Allow-Origin")


def test_page_sizes_are_capped(client, titles, settings):
    settings.FANGXIN_OPEN_DATA_MAX_PAGE_SIZE = 2
    answer = client.get(LIST, {"page_size": "1000"}).json()
    assert answer["count"] == 3 and len(answer["results"]) == 2 and answer["next"]
    assert len(client.get(NOTICES, {"page_size": "1000"}).json()["results"]) == 1
    assert client.get(LIST, {"page_size": "0"}).status_code == 400


def test_csv_and_xlsx_downloads_neutralise_formulas(client, titles):
    number = Title.objects.order_by("certificate_no").first().certificate_no
    Title.objects.filter(certificate_no=number).update(holder_name='=HYPERLINK("http://x","y")')

    as_csv = client.get(LIST, {"format": "csv"})
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert as_csv["Content-Disposition"] == 'attachment; filename="titles.csv"'
    assert as_csv["Access-Control-Allow-Origin"] == "*" and as_csv["ETag"]
    assert as_csv["X-Total-Count"] == "3"
    text = as_csv.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert list(rows[0])[:3] == ["certificate_no", "holder_name", "uscc"]
    holders = {row["certificate_no"]: row["holder_name"] for row in rows}
    assert holders[number] == '\'=HYPERLINK("http://x","y")'
    # The suffix form gives the same file.
    assert client.get("/api/v1/public/titles.csv").content == as_csv.content

    as_xlsx = client.get(LIST, {"format": "xlsx"})
    assert as_xlsx.status_code == 200
    assert as_xlsx["Content-Disposition"] == 'attachment; filename="titles.xlsx"'
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert len(values) == 4
    cells = {row[0]: row[header.index("holder_name")] for row in values[1:]}
    assert cells[number] == '\'=HYPERLINK("http://x","y")'
    assert all(sheet.cell(r, c).data_type != "f" for r in range(1, 5) for c in range(1, 10))

    # One title as a one-row sheet, the notices as well.
    one = client.get(f"/api/v1/public/titles/{number}.csv").content.decode("utf-8")
    assert len(list(csv.reader(io.StringIO(one)))) == 2
    notices = client.get(NOTICES, {"format": "xlsx"})
    assert notices.status_code == 200 and notices["Content-Disposition"].endswith('.xlsx"')
    # An error is the API's JSON error body, not a spreadsheet.
    missing = client.get("/api/v1/public/titles/NOPE-1/", {"format": "csv"})
    assert missing.status_code == 404 and missing.json()["detail"]


def test_notices_are_published_without_the_withdrawn(client, office, campaign, enrol, closed):
    from .test_titles import publish

    enrol(), enrol()
    closed()
    notice = publish(office, campaign)
    candidate = notice.candidates.order_by("pk").first()
    objection = object_to(candidate)
    first = client.get(NOTICES)
    etag = first["ETag"]
    assert first.json()["results"][0]["candidates"][0]["accounts"]
    assert len(first.json()["results"][0]["candidates"]) == 2
    services.resolve_objection(office, objection, True, "属实")
    after = client.get(NOTICES, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    names = [c["name"] for c in after.json()["results"][0]["candidates"]]
    assert candidate.name not in names and len(names) == 1
    detail = client.get(f"{NOTICES}{notice.pk}/")
    assert detail.status_code == 200 and detail["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get(f"{NOTICES}{notice.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    )


def test_no_personal_data_in_any_open_data_output(client, titles, office):
    made, enrolments = titles
    notice = made[0].candidate.notice
    object_to(notice.candidates.first())  # an objector's name and phone exist
    services.confirm_veto(office, proposed(enrolments[1].operator), "属实")
    number = made[0].certificate_no
    for url in (LIST, f"{LIST}{number}/", NOTICES, f"{NOTICES}{notice.pk}/"):
        for fmt in ("json", "csv"):
            answer = client.get(url, {"format": fmt})
            assert answer.status_code == 200, (url, fmt)
            assert_nothing_personal(answer.content.decode("utf-8"))
        sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
        assert_nothing_personal(
            "\n".join(",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
        )


def test_the_schema_documents_the_open_data(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/public/titles/", "/api/v1/public/notices/", "/api/v1/public/draws/"):
        operation = schema["paths"][path]["get"]
        assert {"200", "304", "429"} <= set(operation["responses"]), path
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert {"csv", "xlsx"} <= set(formats["schema"]["enum"])
    titles = schema["paths"]["/api/v1/public/titles/{certificate_no}/"]["get"]
    examples = titles["responses"]["200"]["content"]["application/json"]["examples"]
    assert {"AValidTitle", "ARevokedTitle"} <= set(examples)
    draw = schema["paths"]["/api/v1/public/draws/{id}/"]["get"]
    assert (
        "csv" not in next(p for p in draw["parameters"] if p["name"] == "format")["schema"]["enum"]
    )
