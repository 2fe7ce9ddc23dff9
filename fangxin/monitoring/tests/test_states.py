"""A material and a hit move only along their tables; each move's audit entry is its event row."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.monitoring import services, states
from fangxin.monitoring.models import Hit, Material
from fangxin.registry.services import move

from .conftest import srt_upload

pytestmark = pytest.mark.django_db


def _status_moves(obj) -> list[tuple[str, str]]:
    return [
        tuple(entry.changes_dict["status"])
        for entry in LogEntry.objects.get_for_object(obj).order_by("pk")
        if entry.action == LogEntry.Action.UPDATE and "status" in entry.changes_dict
    ]


@pytest.fixture
def material(ruleset, monitor, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        material = services.upload(
            monitor,
            operator,
            srt_upload(),
            stream_date=timezone.localdate() - timedelta(days=1),
            duration_minutes=90,
        )
    material.refresh_from_db()
    return material


def test_scanning_and_rescanning_move_along_the_table(material):
    services.scan(material.pk)
    material.refresh_from_db()
    assert material.status == Material.Status.SCANNED
    moves = _status_moves(material)
    assert moves[0] == ("pending", "scanned")
    assert all(states.MATERIAL.allows(old, new) for old, new in moves)


def test_reviews_write_one_audited_move_each(material, monitor):
    dismissed = material.hits.get(term="全网最低价")
    services.review(monitor, dismissed, confirm=False, reason="比价有据可查")
    assert _status_moves(dismissed) == [("pending", "dismissed")]
    confirmed = material.hits.get(term="好评返现")
    services.review(monitor, confirmed, confirm=True)
    assert _status_moves(confirmed) == [("pending", "confirmed")]
    assert states.HIT.allows("pending", "dismissed") and states.HIT.allows("pending", "confirmed")


def test_a_reviewed_hit_cannot_move_again_and_nothing_changes(material, monitor):
    hit = material.hits.get(term="全网最低价")
    services.review(monitor, hit, confirm=False, reason="比价有据可查")
    hit.refresh_from_db()
    entries = LogEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        move(hit, Hit.Status.CONFIRMED, table=states.HIT)
    assert refused.value.messages == ["状态为“已排除”的监测命中不能变为“已确认”。"]
    hit.refresh_from_db()
    assert hit.status == Hit.Status.DISMISSED
    assert LogEntry.objects.count() == entries
