import pytest
from django.core.management import call_command
from django.utils import timezone

from fangxin.core.models import User
from fangxin.evaluation.models import LedgerEntry
from fangxin.titles.models import Notice, Objection, Title

pytestmark = pytest.mark.django_db


def test_the_demo_tells_three_years_of_titles_once(client):
    call_command("demo")
    today = timezone.localdate()
    statuses = set(Title.objects.values_list("year", "status"))
    assert {(2024, "expired"), (2024, "revoked"), (2025, "valid"), (2025, "revoked")} <= statuses
    assert (today.year, "valid") in statuses
    assert Title.objects.filter(year=2024, status="revoked").count() == 1
    expiring = Title.objects.filter(year=2025, status="valid")
    if today.month == 12:  # the story is told for December (awarded a little under a year ago)
        assert all(0 <= (t.valid_until - today).days <= 30 for t in expiring)
        assert expiring.filter(expiry_notice_sent_on__isnull=False).exists()
    assert set(Objection.objects.values_list("status", flat=True)) == {"upheld", "dismissed"}
    assert LedgerEntry.objects.filter(fact_label="titles.Objection").count() == 1
    assert all(n.ends_on < today for n in Notice.objects.all())
    counts = (Notice.objects.count(), Title.objects.count(), Objection.objects.count())
    call_command("demo")
    assert (Notice.objects.count(), Title.objects.count(), Objection.objects.count()) == counts
    client.force_login(User.objects.get(username="office"))
    assert client.get("/titles/register/").status_code == 200
    revoked = Title.objects.filter(year=2025, status="revoked").get()
    assert client.get(f"/public/titles/{revoked.certificate_no}/").status_code == 200
