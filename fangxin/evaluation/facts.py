"""Evaluation's read interface: each enrolment's computed result, for the apps above (titles).

The result is what the engine stored in ``Score`` at the last computation: the published total,
and whether the enrolment is a candidate for the title (at or above the rubric's threshold, no
confirmed veto, no area below its floor). Nothing here scores again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from fangxin.core.facts import Ref
from fangxin.programme.models import Enrolment

from .models import Score, ScoringClosure


@dataclass(frozen=True)
class ResultFact:
    ref: Ref  # the enrolment
    operator_id: int
    campaign_id: int
    campaign_year: int
    kind: str  # Kind: livestream / group_buying
    published: Decimal  # the total as published (one decimal)
    candidate: bool
    rubric_version: int


def results(campaign_id: int, *, kind: str | None = None) -> tuple[ResultFact, ...]:
    """The campaign's scored enrolments, best first (one query)."""
    qs = Score.objects.filter(enrolment__campaign_id=campaign_id)
    if kind is not None:
        qs = qs.filter(enrolment__kind=kind)
    rows = qs.order_by("-published", "enrolment__operator__name", "enrolment_id").values(
        "enrolment_id",
        "enrolment__operator_id",
        "enrolment__campaign_id",
        "enrolment__campaign__year",
        "enrolment__kind",
        "published",
        "candidate",
        "rubric__version",
    )
    return tuple(
        ResultFact(
            ref=Ref.to(Enrolment, row["enrolment_id"]),
            operator_id=row["enrolment__operator_id"],
            campaign_id=row["enrolment__campaign_id"],
            campaign_year=row["enrolment__campaign__year"],
            kind=row["enrolment__kind"],
            published=row["published"],
            candidate=row["candidate"],
            rubric_version=row["rubric__version"],
        )
        for row in rows
    )


def candidates(campaign_id: int, kind: str) -> tuple[ResultFact, ...]:
    """The enrolments of ``kind`` the last computation made candidates for the title."""
    return tuple(fact for fact in results(campaign_id, kind=kind) if fact.candidate)


def scoring_closed(campaign_id: int) -> bool:
    """The office closed scoring: the results are frozen."""
    return ScoringClosure.objects.filter(campaign_id=campaign_id).exists()


# -- aggregates for the oversight dashboard and the summary report ----------------------------

# The score bands of the distribution: [lower, upper) on the published total.
SCORE_BANDS = ((0, 60), (60, 70), (70, 80), (80, 90), (90, 101))


def score_counts(campaign_id: int) -> dict[int | None, dict]:
    """The campaign's scored enrolments per station of their operator: how many, the
    candidates for the title, the sum of the published totals (``points``, for a mean), and
    how many fall in each of ``SCORE_BANDS`` (``band_0`` …) (one query)."""
    bands = {
        f"band_{i}": Count("pk", filter=Q(published__gte=low, published__lt=high))
        for i, (low, high) in enumerate(SCORE_BANDS)
    }
    rows = (
        Score.objects.filter(enrolment__campaign_id=campaign_id)
        .values(station_id=F("enrolment__operator__area__station_id"))
        .annotate(
            scored=Count("pk"),
            candidates=Count("pk", filter=Q(candidate=True)),
            points=Sum("published"),
            **bands,
        )
        .order_by()
    )
    return {row.pop("station_id"): row for row in rows}
