"""The red and black list's demo builder (``oversight.demo.build_lists``): the two quarters
before last published, last quarter drafted; a second run changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from fangxin.oversight.demo import build_lists
from fangxin.oversight.models.lists import ListPublication
from fangxin.supervision.models import WatchEntry

pytestmark = pytest.mark.django_db


def test_build_lists_publishes_one_quarter_and_drafts_the_next(office, plant):
    plant.title()
    plant.title()
    black = plant.operator()
    plant.credit_listing(black, listed_on=date(2026, 5, 1))
    lines: list[str] = []
    build_lists(lines.append, today=date(2026, 12, 2))
    first, published, drafted = ListPublication.objects.order_by("period_start")
    assert (first.label, first.status) == ("2026年第1季度", "published")
    assert (published.label, published.status) == ("2026年第2季度", "published")
    assert (drafted.label, drafted.status) == ("2026年第3季度", "draft")
    assert published.entries.filter(removed=True).count() == 1  # the demo's edit
    assert published.edits.get().reason
    assert WatchEntry.objects.filter(operator=black).exists()
    build_lists(lines.append, today=date(2026, 12, 2))
    assert ListPublication.objects.count() == 3
    assert lines[-1] == "oversight lists: nothing to do"
