"""The monitoring dashboard: figures on a hand-made set (monitored hours, hits, confirmed, hits
per hour, per category, per month), the same gate as the lists (office, a station's area, a
monitor's own uploads; nobody else), the date range, and an export that runs no formula."""

import io
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.monitoring import dashboard, services
from fangxin.monitoring.dashboard_views import default_start
from fangxin.monitoring.models import Hit, Material, RuleSet
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

URL = "/monitoring/dashboard/"
EXPORT = "/monitoring/dashboard/export.xlsx"
EVIL = '=HYPERLINK("http://evil.example","点我")'
SHEETS = ["概况", "按经营主体", "问题类别", "月度趋势"]

RULES = {
    "absolute.yaml": """
category: absolute_terms
name: 绝对化用语
legal_basis: 《中华人民共和国广告法》第九条第（三）项
severity: review
veto: null
allow: [最近]
rules: [全网最低价]
""",
    "fake.yaml": """
category: fake_reviews
name: 诱导虚假评价
legal_basis: 《中华人民共和国电子商务法》第十七条
severity: serious
veto: counterfeit_or_fake_orders
rules: [好评返现]
""",
    "medical.yaml": """
category: medical_claims
name: 普通食品宣称医疗功效
legal_basis: 《中华人民共和国广告法》第十七条
severity: serious
veto: null
rules: [降血糖]
""",
}
# One hit of each category.
SRT = (
    "1\n00:00:01,000 --> 00:00:04,000\n家人们，这款蜂蜜全网最低价\n\n"
    "2\n00:00:05,000 --> 00:00:08,000\n好评返现五元，最近卖得很好\n\n"
    "3\n00:01:00,500 --> 00:01:03,000\n吃了能降血糖\n"
)


def ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture(autouse=True)
def ruleset(db):
    return RuleSet.objects.create(
        version="t1", label="test", files=RULES, rule_count=3, is_active=True
    )


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks):
    """Every figure known: four pieces of material in range (300 minutes, 12 hits), one from
    last year; three reviews on the first."""
    a, b = StationFactory(name="甲市场监督管理所"), StationFactory(name="乙市场监督管理所")
    shop = OperatorFactory(area=AreaFactory(station=a), name="甲地一号电商")
    evil = OperatorFactory(area=AreaFactory(station=a), name=EVIL)
    far = OperatorFactory(area=AreaFactory(station=b), name="乙地电商")
    monitor, other_monitor = make_user(Role.MONITOR), make_user(Role.MONITOR)

    def upload(user, operator, days, minutes):
        upload = SimpleUploadedFile("s.srt", SRT.encode())
        return services.upload(
            user, operator, upload, stream_date=ago(days), duration_minutes=minutes
        )

    with django_capture_on_commit_callbacks(execute=True):
        first = upload(monitor, shop, 40, 120)
        upload(monitor, shop, 10, 60)
        upload(monitor, evil, 5, 30)
        upload(other_monitor, far, 20, 90)
        upload(monitor, far, 400, 600)  # before the default range
    hits = {h.category: h for h in first.hits.all()}
    services.review(monitor, hits["medical_claims"], confirm=True)
    services.review(monitor, hits["fake_reviews"], confirm=True)
    services.review(monitor, hits["absolute_terms"], confirm=False, reason="有比价记录")
    return {
        "a": a,
        "b": b,
        "shop": shop,
        "evil": evil,
        "far": far,
        "monitor": monitor,
        "other_monitor": other_monitor,
    }


def test_figures_on_a_hand_made_set(client, office, world):
    client.force_login(office)
    response = client.get(URL)
    assert response.status_code == 200
    s = response.context["s"]
    assert (s.materials, s.operators, s.minutes, s.hours) == (4, 3, 300, Decimal("5.00"))
    assert (s.hits, s.pending, s.confirmed, s.dismissed) == (12, 9, 2, 1)
    assert s.hits_per_hour == Decimal("2.4")
    assert (s.findings, s.veto_events) == (2, 1)

    figures = response.context["figures"]
    rows = {row["name"]: row for row in figures.operators}
    shop = rows["甲地一号电商"]
    assert {k: shop[k] for k in ("materials", "minutes", "hits", "confirmed", "dismissed")} == {
        "materials": 2,
        "minutes": 180,
        "hits": 6,
        "confirmed": 2,
        "dismissed": 1,
    }
    assert (shop["hours"], shop["hits_per_hour"]) == (Decimal("3.00"), Decimal("2.0"))
    assert rows[EVIL]["hits_per_hour"] == Decimal("6.0")  # 3 hits in half an hour
    assert rows["乙地电商"]["hits_per_hour"] == Decimal("2.0")
    # The most hits per monitored hour first.
    assert figures.operators[0]["name"] == EVIL

    categories = {row["code"]: row for row in figures.categories}
    assert categories["medical_claims"] == {
        "code": "medical_claims",
        "name": "普通食品宣称医疗功效",
        "hits": 4,
        "pending": 3,
        "confirmed": 1,
        "dismissed": 0,
    }
    assert categories["absolute_terms"]["dismissed"] == 1

    trend = figures.trend
    assert len(trend) == 12 and trend[0]["month"] == default_start(timezone.localdate())
    expected = Counter()
    for hit in Hit.objects.filter(material__stream_date__gte=trend[0]["month"]):
        expected[hit.material.stream_date.replace(day=1)] += 1
    assert {row["month"]: row["hits"] for row in trend if row["hits"]} == dict(expected)
    assert sum(row["hours"] for row in trend) == Decimal("5.00")
    chart = response.context["chart"]
    assert chart["stations"] == [row["label"] for row in trend]
    assert [sum(s["data"]) for s in chart["series"]] == [2, 9, 1]


def test_the_page_runs_no_inline_script(client, office, world):
    client.force_login(office)
    body = client.get(URL).content.decode()
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in body
    assert 'id="chart-data"' in body
    assert "status=to_review&amp;date_from=" in body


def test_date_range(client, office, world):
    client.force_login(office)
    s = client.get(URL, {"date_from": ago(450).isoformat()}).context["s"]
    assert (s.materials, s.minutes) == (5, 900)
    s = client.get(URL, {"date_from": ago(30).isoformat(), "date_to": ago(6).isoformat()})
    assert (s.context["s"].materials, s.context["s"].hits) == (2, 6)  # 10 and 20 days ago
    response = client.get(URL, {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert response.context["figures"].start == default_start(timezone.localdate())


@pytest.mark.parametrize(
    ("who", "operators"),
    [
        ("station_a", {"甲地一号电商", EVIL}),
        ("inspector_a", {"甲地一号电商", EVIL}),
        ("station_b", {"乙地电商"}),
        ("monitor", {"甲地一号电商", EVIL}),  # its far material is from last year
        ("other_monitor", {"乙地电商"}),
    ],
)
def test_each_sees_its_own_scope(client, make_user, world, who, operators):
    users = {
        "station_a": lambda: make_user(Role.STATION, station=world["a"]),
        "inspector_a": lambda: make_user(Role.INSPECTOR, station=world["a"]),
        "station_b": lambda: make_user(Role.STATION, station=world["b"]),
        "monitor": lambda: world["monitor"],
        "other_monitor": lambda: world["other_monitor"],
    }
    client.force_login(users[who]())
    response = client.get(URL)
    assert {row["name"] for row in response.context["figures"].operators} == operators
    body = response.content.decode()
    for name in {"甲地一号电商", "乙地电商"} - operators:
        assert name not in body
    book = load_workbook(io.BytesIO(client.get(EXPORT).content))
    names = {r[0] for r in book["按经营主体"].iter_rows(min_row=2, values_only=True)}
    assert names == {"'" + n if n == EVIL else n for n in operators}


@pytest.mark.parametrize("role", [Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.OPERATOR])
def test_other_roles_are_refused(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
    assert client.get(EXPORT)["Location"].startswith("/accounts/login/")


def test_export_has_every_sheet_and_neutralises_formulas(client, office, world):
    client.force_login(office)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == SHEETS
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["监测时长（小时）"] == 5 and overview["命中"] == 12
    assert overview["已确认"] == 2 and overview["每小时命中"] == 2.4
    names = [row[0] for row in book["按经营主体"].iter_rows(min_row=2, values_only=True)]
    assert "'" + EVIL in names and EVIL not in names
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    trend = list(book["月度趋势"].iter_rows(values_only=True))
    assert trend[0] == ("月份", "监测时长（小时）", "命中", "已确认", "已排除", "待复核")
    assert len(trend) == 13


def test_no_recorded_time_has_no_rate(client, office, world, django_capture_on_commit_callbacks):
    quiet = OperatorFactory(name="没填时长的电商")
    with django_capture_on_commit_callbacks(execute=True):
        services.upload(
            world["monitor"],
            quiet,
            SimpleUploadedFile("s.srt", SRT.encode()),
            stream_date=ago(1),
            duration_minutes=0,
        )
    client.force_login(office)
    figures = client.get(URL).context["figures"]
    assert figures.operators[-1]["name"] == "没填时长的电商"
    assert figures.operators[-1]["hits_per_hour"] is None


def test_query_count_does_not_grow(client, office, world, django_capture_on_commit_callbacks):
    client.force_login(office)
    client.get(URL)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(8):
            services.upload(
                world["monitor"],
                OperatorFactory(),
                SimpleUploadedFile("s.srt", SRT.encode()),
                stream_date=ago(30 * n),
                duration_minutes=10 * n,
            )
    assert Material.objects.count() == 13
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
    assert len(few) <= 12


def test_months_wrap_over_the_year():
    assert dashboard.months(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert default_start(date(2026, 3, 31)) == date(2025, 4, 1)
    assert dashboard.per_hour(3, 0) is None
    assert dashboard.per_hour(7, 90) == Decimal("4.7")
