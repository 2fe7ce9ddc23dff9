import io
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from fangxin.complaints import dashboard, services
from fangxin.complaints.dashboard_views import default_start
from fangxin.complaints.models import Complaint
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

URL = "/complaints/dashboard/"
EXPORT = "/complaints/dashboard/export.xlsx"
EVIL = '=HYPERLINK("http://evil.example","点我")'
SHEETS = ["概况", "按监管所", "问题类别", "被投诉经营主体", "月度趋势"]


def ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def file(operator, received: int, kind="complaint", category="food_safety", **fields):
    values = {
        "kind": kind,
        "channel": "web",
        "name": "张三",
        "phone": "13800001234",
        "category": category,
        "description": "直播间买的蜂蜜疑似掺假，要求退款。",
        "operator": operator,
        "operator_text": "" if operator else "某不知名直播间",
        "received_on": ago(received),
    }
    values.update(fields)
    return services.submit(**values).complaint


@pytest.fixture
def world(office):
    """Two stations and a hand-made set whose every figure is known."""
    a, b = StationFactory(name="甲市场监督管理所"), StationFactory(name="乙市场监督管理所")
    area_a, area_b = AreaFactory(station=a), AreaFactory(station=b)
    shop = OperatorFactory(area=area_a, name="甲地一号电商")
    quiet = OperatorFactory(area=area_a, name="甲地二号电商")
    evil = OperatorFactory(area=area_a, name=EVIL)
    far = OperatorFactory(area=area_b, name="乙地电商")

    # Mediated, recovered 100 yuan, closed as substantiated.
    mediated = file(shop, 40)
    services.accept(office, mediated, on=ago(38))
    services.start_mediation(office, mediated)
    services.end_mediation(
        office, mediated, agreed=True, agreement="退款", amount_recovered=Decimal(100), on=ago(30)
    )
    services.close(office, mediated, substantiated=True, on=ago(28))
    # Mediation failed a month ago and nobody told the parties: overdue.
    failed = file(shop, 60)
    services.accept(office, failed, on=ago(58))
    services.start_mediation(office, failed)
    services.end_mediation(office, failed, agreed=False, agreement="未达成协议", on=ago(30))
    # Not accepted: open (not yet closed) but waiting on no deadline.
    refused = file(quiet, 100, category="quality")
    services.refuse(office, refused, "already_handled", on=ago(98))
    # A tip-off nobody looked at for half a year: overdue.
    file(evil, 200, kind="tipoff", category="food_safety", name="", phone="")
    # Station B: one received today, whose deadline we move to today (due soon).
    fresh = file(far, 0, category="price")
    Complaint.objects.filter(pk=fresh.pk).update(due_on=timezone.localdate())
    # An unknown seller waiting for the office.
    file(None, 3, category="other")
    # Older than the default twelve months.
    file(evil, 400, kind="tipoff", name="", phone="")
    return {"a": a, "b": b, "shop": shop, "evil": evil}


def test_figures_on_a_hand_made_set(client, office, world):
    client.force_login(office)
    response = client.get(URL)
    assert response.status_code == 200
    s = response.context["s"]
    assert (s.received, s.complaints, s.tipoffs) == (6, 5, 1)
    assert (s.accepted, s.not_accepted) == (2, 1)
    assert (s.open, s.overdue, s.due_soon, s.triage) == (5, 2, 1, 1)
    assert (s.mediated, s.mediation_failed, s.substantiated) == (1, 1, 1)
    assert s.amount_recovered == Decimal(100)

    figures = response.context["figures"]
    assert figures.categories[0] == {
        "code": "food_safety",
        "label": "食品安全",
        "count": 3,
    }
    assert figures.operators[0]["name"] == "甲地一号电商"
    assert (figures.operators[0]["count"], figures.operators[0]["substantiated"]) == (2, 1)
    rows = {row["station"]: row for row in figures.stations}
    assert {k: rows[world["a"]][k] for k in ("received", "overdue", "mediated", "recovered")} == {
        "received": 4,
        "overdue": 2,
        "mediated": 1,
        "recovered": Decimal(100),
    }
    assert rows[world["b"]]["received"] == 1
    assert rows[None]["received"] == 1

    trend = figures.trend
    assert len(trend) == 12 and trend[0]["month"] == default_start(timezone.localdate())
    received = Complaint.objects.filter(received_on__gte=trend[0]["month"])
    expected = Counter((c.received_on.replace(day=1), c.kind) for c in received)
    for row in trend:
        assert row["complaints"] == expected[(row["month"], "complaint")]
        assert row["tipoffs"] == expected[(row["month"], "tipoff")]
    chart = response.context["chart"]
    assert chart["stations"] == [row["label"] for row in trend]


def test_overdue_figure_links_to_the_overdue_list(client, office, world):
    client.force_login(office)
    body = client.get(URL).content.decode()
    link = re.search(r'<a [^>]*id="overdue-link"[^>]*>', body).group(0)
    assert 'href="/complaints/?overdue=true&amp;received_after=' in link
    # No inline script: only files and the JSON data block the chart reads.
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in body


def test_office_narrows_by_station_and_date_range(client, office, world):
    client.force_login(office)
    s = client.get(URL, {"station": world["b"].pk}).context["s"]
    assert (s.received, s.overdue) == (1, 0)
    s = client.get(URL, {"received_after": ago(450).isoformat()}).context["s"]
    assert s.received == 7
    s = client.get(URL, {"received_after": ago(50).isoformat(), "received_before": ago(1)}).context
    assert s["s"].received == 2  # the mediated one and the unknown seller
    assert client.get(URL, {"received_after": "not-a-date"}).status_code == 200


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR])
def test_station_staff_see_only_their_station(client, make_user, world, role):
    client.force_login(make_user(role, station=world["a"]))
    response = client.get(URL, {"station": world["b"].pk})  # ignored: not the office
    s = response.context["s"]
    assert (s.received, s.overdue, s.triage) == (4, 2, 0)
    assert [row["station"] for row in response.context["figures"].stations] == [world["a"]]
    assert "乙地电商" not in response.content.decode()
    book = load_workbook(io.BytesIO(client.get(EXPORT).content))
    assert [r[0] for r in book["按监管所"].iter_rows(min_row=2, values_only=True)] == [
        "甲市场监督管理所"
    ]


@pytest.mark.parametrize(
    "role", [Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR, Role.OPERATOR]
)
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
    assert overview["登记总数"] == 6 and overview["已超期"] == 2
    assert overview["挽回经济损失（元）"] == 100
    names = [row[0] for row in book["被投诉经营主体"].iter_rows(min_row=2, values_only=True)]
    assert "'" + EVIL in names
    assert EVIL not in names
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    trend = list(book["月度趋势"].iter_rows(values_only=True))
    assert trend[0] == ("月份", "投诉", "举报", "合计") and len(trend) == 13


def test_query_count_does_not_grow(client, office, world):
    client.force_login(office)
    client.get(URL)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(12):
        station = StationFactory()
        operator = OperatorFactory(area=AreaFactory(station=station))
        file(operator, 20 * n, category=Complaint.Category.values[n % 9])
        file(operator, 15 * n + 1, kind="tipoff", name="", phone="")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
    assert len(few) <= 16


def test_months_wrap_over_the_year():
    assert dashboard.months(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert default_start(date(2026, 3, 31)) == date(2025, 4, 1)
    assert default_start(date(2026, 12, 5)) == date(2026, 1, 1)
