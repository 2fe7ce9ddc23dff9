"""The daily flat feed of titles (issue 15 item 4): its columns in order, UTF-8 with BOM, one
row per title, ISO dates, the status on a past day from the titles' history, the public
address in the verification links, the command, and nothing personal."""

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from fangxin.disclosure import feed
from fangxin.registry import idnumber
from fangxin.registry.models import PlatformAccount
from fangxin.titles import services
from fangxin.titles.models import Title, TitleEvent
from fangxin.titles.tests.test_titles import awarded, object_to, proposed

pytestmark = pytest.mark.django_db

COLUMNS = [
    "certificate_no",
    "holder_name",
    "uscc",
    "kind",
    "area",
    "platform_accounts",
    "status",
    "awarded_on",
    "valid_until",
    "revoked_on",
    "revocation_reason",
    "verification_url",
    "updated_at",
]
BASE = "https://fangxin.example.gov.cn/"


@pytest.fixture(autouse=True)
def _public_address(settings):
    """Titles are awarded only under a public address: set before the fixtures award."""
    settings.FANGXIN_PUBLIC_BASE_URL = BASE


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def read(content: bytes) -> tuple[list[str], list[dict]]:
    assert content.startswith("\ufeff".encode())
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def history(office, campaign, enrol, closed):
    """Three titles awarded 40 days ago; one revoked 10 days ago (the history says when)."""
    today = timezone.localdate()
    made, enrolments = awarded(office, campaign, enrol, closed, n=3)
    object_to(made[0].candidate)  # an objector's name and phone exist somewhere
    services.confirm_veto(office, proposed(enrolments[1].operator), "经查属实")
    start = today - timedelta(days=40)
    Title.objects.update(awarded_on=start, valid_until=start + timedelta(days=364))
    TitleEvent.objects.filter(action="awarded").update(at=at(start))
    TitleEvent.objects.filter(action="revoked").update(at=at(today - timedelta(days=10)))
    Title.objects.filter(status="revoked").update(revoked_on=today - timedelta(days=10))
    account = PlatformAccount.objects.filter(operator=made[2].operator).first()
    account.handle = "好物;直播间"
    account.save()
    return today, made, enrolments


@override_settings(FANGXIN_PUBLIC_BASE_URL=BASE)
def test_todays_feed_has_the_columns_in_order_and_a_row_per_title(client, history):
    today, made, _ = history
    answer = client.get("/public/feed/titles.csv")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == f'attachment; filename="titles-{today}.csv"'
    assert answer["Access-Control-Allow-Origin"] == "*"
    header, rows = read(answer.content)
    assert header == COLUMNS == list(feed.COLUMNS)
    assert len(rows) == 3
    assert [r["certificate_no"] for r in rows] == sorted(t.certificate_no for t in made)
    by_no = {r["certificate_no"]: r for r in rows}
    for title in made:
        title.refresh_from_db()
        row = by_no[title.certificate_no]
        assert row["holder_name"] == title.holder_name
        assert row["uscc"] == title.operator.uscc
        assert row["kind"] == title.kind and row["area"] == title.candidate.area_name
        assert row["status"] == title.status
        assert ISO_DAY.match(row["awarded_on"]) and ISO_DAY.match(row["valid_until"])
        assert datetime.fromisoformat(row["updated_at"]).tzinfo is not None
        assert row["verification_url"] == f"{BASE}public/titles/{title.certificate_no}/"
        expected = ";".join(
            f"{a.platform}:{a.handle.replace(';', '；')}"
            for a in title.operator.accounts.order_by("platform", "handle")
        )
        assert row["platform_accounts"] == expected and expected
    revoked = next(r for r in rows if r["status"] == "revoked")
    assert revoked["revoked_on"] == (today - timedelta(days=10)).isoformat()
    assert revoked["revocation_reason"] == "经查属实"
    assert all(r["revoked_on"] == "" for r in rows if r["status"] == "valid")
    assert "好物；直播间" in by_no[made[2].certificate_no]["platform_accounts"]
    # The dated address of today is the same file; a conditional GET is a 304.
    dated = client.get(f"/public/feed/titles-{today}.csv")
    assert dated.content == answer.content
    again = client.get("/public/feed/titles.csv", HTTP_IF_NONE_MATCH=answer["ETag"])
    assert again.status_code == 304


@override_settings(FANGXIN_PUBLIC_BASE_URL=BASE)
def test_a_past_days_feed_shows_the_status_of_that_day(client, history):
    today, _made, _ = history
    before = today - timedelta(days=20)
    _header, rows = read(client.get(f"/public/feed/titles-{before}.csv").content)
    assert {r["status"] for r in rows} == {"valid"} and len(rows) == 3
    assert all(r["revoked_on"] == "" and r["revocation_reason"] == "" for r in rows)
    # Before the award there was nothing; after the validity ended, expired.
    _header, none = read(
        client.get(f"/public/feed/titles-{today - timedelta(days=41)}.csv").content
    )
    assert none == []
    later = today + timedelta(days=400)
    statuses = {r["status"] for r in read(feed.render(later, BASE))[1]}
    assert statuses == {"expired", "revoked"}


def test_no_feed_for_a_future_or_malformed_day(client, history):
    today = history[0]
    for day in (today + timedelta(days=1), "2026-13-01", "1999-12-31", "20261201", "x"):
        assert client.get(f"/public/feed/titles-{day}.csv").status_code == 404, day
    assert client.post("/public/feed/titles.csv").status_code == 405


def test_the_feed_is_rate_limited_like_the_api(client, history, settings):
    from django.core.cache import cache

    settings.FANGXIN_PUBLIC_API_RATE = "1/minute"
    cache.clear()
    assert client.get("/public/feed/titles.csv").status_code == 200
    refused = client.get("/public/feed/titles.csv")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1


@override_settings(FANGXIN_PUBLIC_BASE_URL=BASE)
def test_the_command_writes_the_same_file(client, history, tmp_path):
    today = history[0]
    day = today - timedelta(days=5)
    out = tmp_path / "feed.csv"
    call_command("export_title_feed", "--date", day.isoformat(), "--out", str(out))
    assert out.read_bytes() == client.get(f"/public/feed/titles-{day}.csv").content
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_title_feed", "--date", "tomorrow", "--out", str(out))


def test_nothing_personal_in_the_feed(client, history):
    content = client.get("/public/feed/titles.csv").content.decode("utf-8")
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", content)
    for candidate in re.findall(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", content):
        assert not idnumber.is_valid(candidate)
    for person in ("张三", "李四"):
        assert person not in content


def test_no_personal_number_in_any_open_data_output(client, make_title):
    """Operators with a contact phone and a legal representative's ID number on file: neither
    reaches the feed, the titles or notices API, in any format."""
    from openpyxl import load_workbook

    live = make_title(contact_phone="13800001111", legal_rep_id_number="330522199001011231")
    revoked = make_title(
        name="已撤销的店",
        handle="撤销号",
        status=Title.Status.REVOKED,
        contact_phone="13800002222",
        legal_rep_id_number="33052219900101124X",
    )
    assert idnumber.is_valid(live.operator.legal_rep_id_number)
    today = timezone.localdate()
    texts = {
        url: client.get(url).content.decode("utf-8")
        for url in ("/public/feed/titles.csv", f"/public/feed/titles-{today}.csv")
    }
    header, rows = read(client.get("/public/feed/titles.csv").content)
    assert header == COLUMNS and {r["status"] for r in rows} == {"valid", "revoked"}
    assert next(r for r in rows if r["status"] == "revoked")["revoked_on"] == "2026-06-01"
    for base in (
        "/api/v1/public/titles/",
        f"/api/v1/public/titles/{revoked.certificate_no}/",
        "/api/v1/public/notices/",
        f"/api/v1/public/notices/{live.candidate.notice_id}/",
    ):
        for fmt in ("json", "csv"):
            answer = client.get(base, {"format": fmt})
            assert answer.status_code == 200, (base, fmt)
            texts[f"{base}?format={fmt}"] = answer.content.decode("utf-8")
        sheet = load_workbook(io.BytesIO(client.get(base, {"format": "xlsx"}).content)).active
        texts[f"{base}?format=xlsx"] = "\n".join(
            ",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)
        )
    for url, text in texts.items():
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text), url
        for candidate in re.findall(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", text):
            assert not idnumber.is_valid(candidate), (url, candidate)
