"""Ratings' read interface for evaluation: per operator, for one campaign, the consumer ratings'
aggregate, the satisfaction survey's aggregate and the invited members' scores.

Ratings and survey answers are about an operator, not one of its kinds: their aggregates have
``kind = None`` and count for both of an operator's enrolments (``core.facts.Attributed``).
An invited member scores an enrolment, so his score carries the enrolment's kind.

Aggregates answer ``{operator_id: Summary}`` (one per asked id, zero counts when nothing was
submitted); ``ref`` points at the campaign (``programme.campaign``), the aggregate's source is
the rows of that campaign. Rows are dated by their local submission day; ``window`` (optional)
keeps only those submitted in it. Excluded rows are not counted; flagged rows still are until
the office excludes them (``pending_review`` says how many wait).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from fangxin.core.facts import Attributed, Ref, Window, group_by_operator, operator_id_list
from fangxin.programme.models import Campaign, Enrolment

from .models import SURVEY_QUESTIONS, MemberScore, Rating, SurveyResponse

QUESTION_FIELDS = tuple(name for name, _label in SURVEY_QUESTIONS)
TWO_PLACES = Decimal("0.01")


def _mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _in_window(qs, window: Window | None):
    if window is None:
        return qs
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(window.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(window.end, time.max), tz)
    return qs.filter(created_at__range=(start, end))


@dataclass(frozen=True)
class RatingSummary(Attributed):
    """The consumer ratings (1–5 stars) of one operator in one campaign."""

    ref: Ref  # the campaign
    operator_id: int
    campaign_id: int
    count: int  # counted (not excluded)
    stars_total: int
    mean: Decimal | None  # stars_total / count, two decimals half-up; None when count is 0
    by_stars: tuple[int, int, int, int, int]  # counted ratings with 1..5 stars
    excluded: int
    pending_review: int  # flagged, not excluded (still counted)
    kind: str | None = None


@dataclass(frozen=True)
class SurveySummary(Attributed):
    """The satisfaction survey (fixed questions, 1–5 each) of one operator in one campaign."""

    ref: Ref  # the campaign
    operator_id: int
    campaign_id: int
    count: int
    question_means: tuple[tuple[str, Decimal | None], ...]  # (question field, mean)
    mean: Decimal | None  # over every answer to every question
    excluded: int
    pending_review: int
    kind: str | None = None
    questions: tuple[str, ...] = field(default=QUESTION_FIELDS)


@dataclass(frozen=True)
class InvitedScoreFact(Attributed):
    """One invited member's score (0–100) for one enrolment."""

    ref: Ref  # ratings.memberscore
    operator_id: int
    campaign_id: int
    enrolment: Ref
    kind: str
    member_id: int
    affiliation: str  # Member.Affiliation
    score: int
    scored_on: date
    by_member: bool  # through his personal link (else entered by the office)


def _counts(model, ids, campaign_id, window, sums: tuple[str, ...], group: tuple[str, ...] = ()):
    qs = _in_window(model.objects.filter(campaign_id=campaign_id, operator_id__in=ids), window)
    return (
        qs.order_by()
        .values("operator_id", "excluded", "flagged", *group)
        .annotate(n=Count("pk"), **{f"sum_{name}": Sum(name) for name in sums})
    )


def rating_summaries(
    operator_ids: Iterable[int], campaign_id: int, window: Window | None = None
) -> dict[int, RatingSummary]:
    """One query."""
    ids = operator_id_list(operator_ids)
    acc = {pk: {"by": [0] * 5, "total": 0, "excluded": 0, "pending": 0} for pk in ids}
    for row in _counts(Rating, ids, campaign_id, window, (), group=("stars",)):
        entry = acc[row["operator_id"]]
        if row["excluded"]:
            entry["excluded"] += row["n"]
            continue
        if row["flagged"]:
            entry["pending"] += row["n"]
        entry["by"][row["stars"] - 1] += row["n"]
        entry["total"] += row["stars"] * row["n"]
    ref = Ref.to(Campaign, campaign_id)
    answer = {}
    for pk in ids:
        entry = acc[pk]
        count = sum(entry["by"])
        answer[pk] = RatingSummary(
            ref=ref,
            operator_id=pk,
            campaign_id=campaign_id,
            count=count,
            stars_total=entry["total"],
            mean=_mean(entry["total"], count),
            by_stars=tuple(entry["by"]),
            excluded=entry["excluded"],
            pending_review=entry["pending"],
        )
    return answer


def rating_summary_for(
    operator_id: int, campaign_id: int, window: Window | None = None
) -> RatingSummary:
    return rating_summaries([operator_id], campaign_id, window)[operator_id]


def survey_summaries(
    operator_ids: Iterable[int], campaign_id: int, window: Window | None = None
) -> dict[int, SurveySummary]:
    """One query."""
    ids = operator_id_list(operator_ids)
    acc = {
        pk: {"n": 0, "sums": dict.fromkeys(QUESTION_FIELDS, 0), "excluded": 0, "pending": 0}
        for pk in ids
    }
    for row in _counts(SurveyResponse, ids, campaign_id, window, QUESTION_FIELDS):
        entry = acc[row["operator_id"]]
        if row["excluded"]:
            entry["excluded"] += row["n"]
            continue
        if row["flagged"]:
            entry["pending"] += row["n"]
        entry["n"] += row["n"]
        for name in QUESTION_FIELDS:
            entry["sums"][name] += row[f"sum_{name}"] or 0
    ref = Ref.to(Campaign, campaign_id)
    answer = {}
    for pk in ids:
        entry = acc[pk]
        count = entry["n"]
        answer[pk] = SurveySummary(
            ref=ref,
            operator_id=pk,
            campaign_id=campaign_id,
            count=count,
            question_means=tuple(
                (name, _mean(entry["sums"][name], count)) for name in QUESTION_FIELDS
            ),
            mean=_mean(sum(entry["sums"].values()), count * len(QUESTION_FIELDS)),
            excluded=entry["excluded"],
            pending_review=entry["pending"],
        )
    return answer


def survey_summary_for(
    operator_id: int, campaign_id: int, window: Window | None = None
) -> SurveySummary:
    return survey_summaries([operator_id], campaign_id, window)[operator_id]


def invited_scores(
    operator_ids: Iterable[int], campaign_id: int
) -> dict[int, tuple[InvitedScoreFact, ...]]:
    """The members' scores for the operators' enrolments in the campaign, by operator, then
    kind, member (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        MemberScore.objects.filter(
            member__campaign_id=campaign_id,
            enrolment__campaign_id=campaign_id,
            enrolment__operator_id__in=ids,
        )
        .order_by("enrolment__operator_id", "enrolment__kind", "member_id", "pk")
        .values(
            "pk",
            "enrolment_id",
            "enrolment__operator_id",
            "enrolment__kind",
            "member_id",
            "member__affiliation",
            "score",
            "updated_at",
            "entered_by_id",
        )
    )
    facts = [
        InvitedScoreFact(
            ref=Ref.to(MemberScore, row["pk"]),
            operator_id=row["enrolment__operator_id"],
            campaign_id=campaign_id,
            enrolment=Ref.to(Enrolment, row["enrolment_id"]),
            kind=row["enrolment__kind"],
            member_id=row["member_id"],
            affiliation=row["member__affiliation"],
            score=row["score"],
            scored_on=timezone.localdate(row["updated_at"]),
            by_member=row["entered_by_id"] is None,
        )
        for row in rows
    ]
    return group_by_operator(ids, facts)


def invited_scores_for(operator_id: int, campaign_id: int) -> tuple[InvitedScoreFact, ...]:
    return invited_scores([operator_id], campaign_id)[operator_id]


@dataclass(frozen=True)
class AwarenessCount:
    """The survey's awareness question (您是否知道“长兴放心电商”活动？) in one campaign: how many
    answered it and how many of them said yes (answers left out by review not counted)."""

    ref: Ref
    campaign_id: int
    answered: int
    aware: int


def awareness(campaign_id: int, operator_ids: Iterable[int] | None = None) -> AwarenessCount:
    """One query; ``operator_ids`` narrows to the answers about those operators (a station's)."""
    qs = SurveyResponse.objects.filter(campaign_id=campaign_id, excluded=False, aware__isnull=False)
    if operator_ids is not None:
        qs = qs.filter(operator_id__in=operator_id_list(operator_ids))
    counts = qs.aggregate(answered=Count("pk"), aware=Count("pk", filter=Q(aware=True)))
    return AwarenessCount(
        ref=Ref.to(Campaign, campaign_id),
        campaign_id=campaign_id,
        answered=counts["answered"],
        aware=counts["aware"],
    )
