"""The self-inspection dashboard pages its operators and its counts lead to them (issue 11)."""

import pytest

from fangxin.core.tests.factories import AreaFactory
from fangxin.programme import services as programme
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_dashboard_pages_operators_and_station_counts_link_to_them(client, campaign, office):
    here, there = AreaFactory(), AreaFactory()
    operators = OperatorFactory.create_batch(55, area=here) + OperatorFactory.create_batch(
        3, area=there
    )
    programme.enrol(office, campaign, operators, "livestream")
    client.force_login(office)

    first = client.get("/selfcheck/dashboard/", {"campaign": campaign.year})
    body = first.content.decode()
    table = body[body.index('id="selfcheck-operators"') :]
    assert table.count("<tr>") == 1 + 50  # header and a page of 50, not all 58
    assert "page=2" in table

    second = client.get("/selfcheck/dashboard/", {"campaign": campaign.year, "page": 2})
    assert len(second.context["operators"].object_list) == 8

    station = there.station
    link = f"?campaign={campaign.year}&amp;station={station.pk}&amp;status=not_started"
    assert link in body
    only_there = client.get(
        "/selfcheck/dashboard/",
        {"campaign": campaign.year, "station": station.pk, "status": "not_started"},
    )
    assert {e.operator.area_id for e in only_there.context["operators"]} == {there.pk}
    # A station id that is no number is ignored, not a 500.
    assert client.get("/selfcheck/dashboard/", {"station": "x" * 30}).status_code == 200
