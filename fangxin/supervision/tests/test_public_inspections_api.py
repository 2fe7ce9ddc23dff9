"""Published inspection results as open data: what the public page shows, only what is
published, for everyone alike, with the open-data habits (downloads, validators)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.supervision.models import Inspection

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/inspections/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def inspect(operator, status, conclusion, **fields):
    return Inspection.objects.create(
        operator=operator,
        station=operator.area.station,
        source=Inspection.Source.TARGETED,
        planned_on=date(2026, 3, 2),
        inspected_on=date(2026, 3, 3),
        status=status,
        conclusion=conclusion,
        published_at=timezone.now() if status == Inspection.Status.PUBLISHED else None,
        **fields,
    )


@pytest.fixture
def inspections(county):
    _stations, operators, _inspectors = county
    published = inspect(operators[0], Inspection.Status.PUBLISHED, '=HYPERLINK("x") 未发现问题')
    draft = inspect(operators[1], Inspection.Status.RECORDED, "内部意见：待复核")
    return published, draft


def test_only_published_results_for_everyone(client, make_user, inspections):
    published, draft = inspections
    for user in (None, make_user(Role.OFFICE)):
        if user:
            client.force_login(user)
        rows = client.get(URL).json()["results"]
        assert [r["id"] for r in rows] == [published.pk]
        assert rows[0]["operator_name"] == published.operator.name
        assert rows[0]["uscc"] == published.operator.uscc
        assert set(rows[0]) == {
            "id",
            "operator_name",
            "uscc",
            "inspected_on",
            "station_name",
            "conclusion",
            "published_at",
        }
        assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert "待复核" not in client.get(URL).text


def test_search_downloads_and_validators(client, inspections):
    published, _draft = inspections
    assert client.get(URL, {"q": published.operator.name[:4]}).json()["count"] == 1
    assert client.get(URL, {"q": "没有这个名字"}).json()["count"] == 0
    assert client.get(URL, {"inspected_from": "2026-04-01"}).json()["count"] == 0
    assert client.get(URL, {"inspected_from": "not-a-day"}).status_code == 400
    csv = client.get(URL, {"format": "csv"})
    assert csv.status_code == 200 and "'=HYPERLINK" in csv.content.decode("utf-8-sig")
    first = client.get(URL)
    assert first["Access-Control-Allow-Origin"] == "*"
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    inspect(published.operator, Inspection.Status.PUBLISHED, "复查合格")
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
