"""The training list pages its sessions (issue 11, item 13: long tables paginate)."""

import datetime

import pytest

from fangxin.programme.models import Training

pytestmark = pytest.mark.django_db


def test_training_list_pages_fifty_newest_first(client, office):
    first = datetime.date(2026, 1, 1)
    Training.objects.bulk_create(
        Training(held_on=first + datetime.timedelta(days=n), topic=f"培训{n}", place="县局")
        for n in range(55)
    )
    client.force_login(office)
    page = client.get("/programme/trainings/").context["page"]
    assert len(page.object_list) == 50 and page.paginator.num_pages == 2
    assert page.object_list[0].topic == "培训54"
    assert len(client.get("/programme/trainings/", {"page": 2}).context["page"].object_list) == 5
