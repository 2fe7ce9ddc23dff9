from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fangxin.complaints import demo, services
from fangxin.complaints.models import Complaint, FollowUp
from fangxin.supervision.models import WatchEntry

# The demo is built as on the clock's day: frozen on the demo tests' day (see conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]


def test_demo_complaints_cover_every_state_and_make_one_key_target():
    call_command("demo")
    today = timezone.localdate()
    items = Complaint.objects.all()
    assert 250 <= items.count() <= 350
    assert set(items.values_list("status", flat=True)) == set(Complaint.Status.values)
    assert set(items.values_list("kind", flat=True)) == set(Complaint.Kind.values)
    oldest = items.order_by("received_on").first().received_on
    assert today - timedelta(days=320) <= oldest <= today - timedelta(days=200)

    overdue = [c for c in items if c.is_overdue(today)]
    assert len(overdue) >= 5
    # The sweep ran at the end of the build: every overdue item carries its alert.
    assert {c.alert for c in overdue} == {Complaint.Alert.OVERDUE}
    assert items.filter(station__isnull=True, status=Complaint.Status.RECEIVED).exists()
    assert items.filter(amount_recovered__gt=0).exists()
    closed = items.filter(status=Complaint.Status.CLOSED)
    assert closed.filter(substantiated=True).exists()
    assert closed.filter(substantiated=False).exists()
    assert FollowUp.objects.exists()
    assert items.filter(case__isnull=False).exists()
    assert items.filter(merged_into__isnull=False).exists()
    assert items.exclude(external_id="").exists()

    # Exactly one shop has three substantiated complaints within ninety days, and the third
    # close put it on the key-target list by itself.
    entries = WatchEntry.objects.filter(source=WatchEntry.Source.COMPLAINTS)
    assert entries.count() == 1
    entry = entries.get()
    recent = services.substantiated_complaints(
        entry.operator, entry.starts_on - timedelta(days=90), entry.starts_on
    )
    assert recent.count() == 3
    assert entry.starts_on <= today

    # A second build leaves them alone.
    count, lines = items.count(), []
    demo.build(lines.append)
    assert lines == ["complaints: present"]
    assert Complaint.objects.count() == count
