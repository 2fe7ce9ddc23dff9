"""Titles that existed before ``updated_at`` take the time of their newest event, not the
migration's (the open data's Last-Modified and the feed's updated_at stay truthful)."""

from datetime import datetime

import pytest
from django.utils import timezone

from fangxin.titles.models import Title

from .test_titles import awarded

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_titles_take_their_newest_events_time(office, campaign, enrol, closed, migrate_to):
    made, _ = awarded(office, campaign, enrol, closed, n=2)
    old = migrate_to([("titles", "0004_pending_objection_evidence")])
    when = timezone.make_aware(datetime(2026, 6, 1, 9, 30))
    old.get_model("titles", "TitleEvent").objects.filter(title_id=made[0].pk).update(at=when)
    old.get_model("titles", "TitleEvent").objects.filter(title_id=made[1].pk).delete()
    migrate_to([("titles", "0005_title_updated_at")])
    assert Title.objects.get(pk=made[0].pk).updated_at == when
    # A title without history keeps the migration's time (now).
    assert Title.objects.get(pk=made[1].pk).updated_at > when
