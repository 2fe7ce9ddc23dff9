import pytest
from django.core.management import call_command

from fangxin.supervision import services
from fangxin.supervision.models import Draw, Inspection, RectificationOrder, Sample, VetoEvent

# The demo is built as on the clock's day: frozen on the demo tests' day (see conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]


def test_demo_supervision_is_verifiable_complete_and_idempotent():
    call_command("demo")
    draw = Draw.objects.get(plan__status="drawn")
    assert services.verify(draw).ok
    statuses = set(RectificationOrder.objects.values_list("status", flat=True))
    assert {"issued", "answered", "rejected", "verified"} <= statuses
    assert RectificationOrder.objects.filter(overdue_since__isnull=False).exists()
    assert Inspection.objects.filter(status="published").exists()
    assert Sample.objects.filter(result="fail").exists()
    assert VetoEvent.objects.filter(status="confirmed").exists()
    counts = (Inspection.objects.count(), RectificationOrder.objects.count())
    call_command("demo")
    assert (Inspection.objects.count(), RectificationOrder.objects.count()) == counts
