"""The material page and the material API read one FilterSet: the page's names (the
dashboard's date window, the 有待复核 tab) give the rows the API's names give."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.monitoring import services
from fangxin.monitoring.models import Hit
from fangxin.monitoring.tests.conftest import SRT
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def materials(ruleset, office, django_capture_on_commit_callbacks):
    shop = OperatorFactory(name="长兴好味道食品有限公司")
    other = OperatorFactory(name="湖州水产")
    made = []
    for operator, day in (
        (shop, date(2026, 3, 1)),
        (shop, date(2026, 5, 1)),
        (other, date(2026, 5, 2)),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            made.append(
                services.upload(
                    office,
                    operator,
                    SimpleUploadedFile("s.srt", SRT.encode(), content_type="application/x-subrip"),
                    stream_date=day,
                    duration_minutes=60,
                )
            )
    # The first has nothing left to review.
    Hit.objects.filter(material=made[0]).update(status=Hit.Status.DISMISSED)
    return made


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ({}, {}),
        ({"date_from": "2026-04-01"}, {"stream_after": "2026-04-01"}),
        ({"date_to": "2026-04-01"}, {"stream_before": "2026-04-01"}),
        ({"status": "to_review"}, {"to_review": "true"}),
        ({"q": "好味道"}, {"q": "好味道"}),
        ({"q": "好味道", "status": "to_review"}, {"q": "好味道", "to_review": "true"}),
    ],
)
def test_material_page_and_api_list_the_same_rows(client, office, materials, page, api):
    client.force_login(office)
    shown = client.get("/monitoring/", page)
    assert shown.status_code == 200
    page_rows = {m.pk for m in shown.context["page"].object_list}
    listed = client.get("/api/v1/monitoring/materials/", api)
    assert listed.status_code == 200, listed.content
    assert page_rows == {row["id"] for row in listed.json()["results"]}
    if page:
        assert page_rows != {m.pk for m in materials}  # the filter narrowed something
    # The form shows what was applied, in the page's names.
    assert shown.context["filters"]["status"] == page.get("status", "")
    assert shown.context["filters"]["date_from"] == page.get("date_from", "")
