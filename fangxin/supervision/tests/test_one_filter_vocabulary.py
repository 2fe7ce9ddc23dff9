"""The page list and the API list read one FilterSet: the same query gives the same rows."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.supervision import services
from fangxin.supervision.models import Finding, Inspection

pytestmark = pytest.mark.django_db


def page_ids(client, url, query) -> set[int]:
    response = client.get(url, query)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].object_list}


def api_ids(client, url, query) -> set[int]:
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def inspections(county, office):
    stations, operators, inspectors = county
    today = timezone.localdate()
    made = []
    for n, operator in enumerate(operators[:4] + operators[8:12]):
        station_inspectors = [i for i in inspectors if i.station_id == operator.area.station_id]
        made.append(
            services.create_inspection(
                office,
                operator,
                source=Inspection.Source.TARGETED,
                inspectors=station_inspectors,
                planned_on=today + timedelta(days=n - 4),
                free_items=["营业执照亮照亮证情况"],
            )
        )
    return stations, made


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "planned"},
        {"station": "STATION"},
        {"station": "STATION", "status": "planned", "due": "true"},
        {"due": "true"},
        {"due": "false"},
        {"station": "99999999999999999999"},  # an id past 2^63: no filter on the page
    ],
)
def test_inspection_page_and_api_list_the_same_rows(client, office, inspections, query):
    stations, made = inspections
    query = {k: (str(stations[0].pk) if v == "STATION" else v) for k, v in query.items()}
    client.force_login(office)
    page = page_ids(client, "/supervision/inspections/", query)
    assert page  # the query means something on this data
    if query.get("station") == "99999999999999999999":
        # The page leaves a value that does not parse out; the API says why.
        assert page == {i.pk for i in made}
        assert client.get("/api/v1/inspections/", query).status_code == 400
        return
    assert page == api_ids(client, "/api/v1/inspections/", query)
    if query.get("due"):
        due = query["due"] in ("1", "true")
        today = timezone.localdate()
        assert all((i.planned_on <= today) == due for i in Inspection.objects.filter(pk__in=page))


def test_the_dashboards_due_link_still_reads_yes(client, office, inspections):
    stations, made = inspections
    client.force_login(office)
    station = str(stations[0].pk)
    link = page_ids(
        client, "/supervision/inspections/", {"station": station, "status": "planned", "due": "1"}
    )
    today = timezone.localdate()
    assert link == {i.pk for i in made if i.station_id == stations[0].pk and i.planned_on <= today}
    assert link == api_ids(
        client, "/api/v1/inspections/", {"station": station, "status": "planned", "due": "true"}
    )


def test_order_page_tab_overdue_is_the_api_overdue_filter(client, county, office, make_user):
    stations, operators, _inspectors = county
    station_user = make_user(Role.STATION, station=stations[0])
    long_ago = date(2024, 3, 1)
    orders = []
    for operator in operators[:3]:
        finding = services.create_finding(
            station_user,
            operator,
            source=Finding.Source.COMPLAINT,
            description="虚假宣传",
            severity="minor",
            found_on=long_ago,
            area_code="conduct",
        )
        orders.append(services.issue_order(station_user, finding, "整改", issued_on=long_ago))
    fresh = services.create_finding(
        station_user,
        operators[3],
        source=Finding.Source.COMPLAINT,
        description="未亮照",
        severity="minor",
        found_on=timezone.localdate(),
        area_code="qualifications",
    )
    orders.append(services.issue_order(station_user, fresh, "亮照"))
    client.force_login(office)
    overdue = page_ids(client, "/supervision/orders/", {"status": "overdue"})
    assert overdue == {o.pk for o in orders[:3]}
    assert overdue == api_ids(client, "/api/v1/rectification-orders/", {"overdue": "true"})
    station = {"station": str(stations[0].pk)}
    assert page_ids(client, "/supervision/orders/", station) == api_ids(
        client, "/api/v1/rectification-orders/", station
    )
