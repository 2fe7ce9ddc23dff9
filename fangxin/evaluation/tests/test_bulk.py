"""``bulk.insert``: the rows it writes (one COPY on PostgreSQL) hold the values ``save`` would
write, for every kind of field the recomputation writes: text, decimals, booleans, nulls,
foreign keys, JSON and the creation time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fangxin.evaluation import bulk, services
from fangxin.evaluation.models import LedgerEntry, Score

pytestmark = pytest.mark.django_db


def test_insert_writes_every_field_as_given(enrol, campaign_2026):
    enrolment = enrol()
    rubric = services.current_rubric(campaign_2026, "livestream")
    before = timezone.now()
    entries = [
        LedgerEntry(
            enrolment_id=enrolment.pk,
            rubric_id=rubric.pk,
            dimension="department",
            criterion="conduct",
            points=Decimal("-1.25"),
            source="finding",
            fact_label="supervision.finding",
            fact_pk=7,
            detail={"severity": "minor", "text": '标签\t不全\n\\ "引号"'},
        ),
        LedgerEntry(
            enrolment_id=enrolment.pk,
            rubric_id=rubric.pk,
            points=Decimal(0),
            source="veto",
            automatic=False,
            note="",
        ),
    ]
    assert bulk.insert(LedgerEntry, entries) == 2
    first, second = LedgerEntry.objects.filter(enrolment=enrolment).order_by("pk")
    assert (first.dimension, first.criterion, first.points, first.source) == (
        "department",
        "conduct",
        Decimal("-1.25"),
        "finding",
    )
    assert (first.automatic, first.fact_label, first.fact_pk) == (True, "supervision.finding", 7)
    assert first.detail == {"severity": "minor", "text": '标签\t不全\n\\ "引号"'}
    assert (second.dimension, second.fact_pk, second.automatic) == ("", None, False)
    assert second.detail == {}
    assert first.created_by_id is None and first.created_at >= before


def test_insert_writes_a_score_with_its_json_and_time(enrol, campaign_2026):
    enrolment = enrol()
    rubric = services.current_rubric(campaign_2026, "livestream")
    when = timezone.now() - timedelta(minutes=5)
    score = Score(
        enrolment_id=enrolment.pk,
        rubric=rubric,
        total=Decimal("84.95"),
        published=Decimal("85.0"),
        dimensions={"department": "40"},
        criteria={"department.conduct": {"score": "6", "max": "6", "raw": "6"}},
        candidate=True,
        near_miss=False,
        reasons=[{"code": "veto", "dimension": "", "criterion": ""}],
        computed_at=when,
    )
    assert bulk.insert(Score, [score]) == 1
    stored = Score.objects.get(enrolment=enrolment)
    assert (stored.total, stored.published, stored.candidate) == (
        Decimal("84.95"),
        Decimal("85.0"),
        True,
    )
    assert stored.criteria == {"department.conduct": {"score": "6", "max": "6", "raw": "6"}}
    assert stored.reasons == [{"code": "veto", "dimension": "", "criterion": ""}]
    assert stored.computed_at == when


def test_insert_of_nothing_writes_nothing():
    assert bulk.insert(LedgerEntry, []) == 0
    assert not LedgerEntry.objects.exists()
