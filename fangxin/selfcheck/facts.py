"""Self-inspection's read interface: accepted self-inspections, and what operators declared.

The contradictions a later finding shows are supervision's rows
(``supervision.facts.contradictions``): this app sits below supervision and does not read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone

from fangxin.core.facts import Ref, Window, group_by_operator, operator_id_list

from .models import Answer, SelfInspection


@dataclass(frozen=True)
class SelfInspectionFact:
    ref: Ref
    operator_id: int
    enrolment: Ref
    campaign_year: int
    kind: str  # the enrolment's kind: livestream / group_buying
    submitted_on: date | None
    accepted_on: date  # the local day the station accepted it
    items: int
    non_compliant: int  # items the operator declared non-compliant
    rectified: int  # of those, rectified


def accepted_self_inspections(
    operator_ids: Iterable[int], window: Window
) -> dict[int, tuple[SelfInspectionFact, ...]]:
    """Self-inspections accepted by the station in the window, with their item counts
    (one query)."""
    ids = operator_id_list(operator_ids)
    non_compliant = Q(answers__result=Answer.Result.NON_COMPLIANT)
    rows = (
        SelfInspection.objects.filter(enrolment__operator_id__in=ids)
        .accepted()
        .reviewed_in(window)
        .annotate(
            items=Count("answers"),
            non_compliant=Count("answers", filter=non_compliant),
            rectified=Count(
                "answers", filter=non_compliant & Q(answers__rectified_at__isnull=False)
            ),
        )
        .order_by("enrolment__operator_id", "reviewed_at", "pk")
        .values(
            "pk",
            "enrolment_id",
            "enrolment__operator_id",
            "enrolment__campaign__year",
            "enrolment__kind",
            "submitted_at",
            "reviewed_at",
            "items",
            "non_compliant",
            "rectified",
        )
    )
    enrolment_model = SelfInspection.enrolment.field.related_model
    facts = (
        SelfInspectionFact(
            ref=Ref.to(SelfInspection, row["pk"]),
            operator_id=row["enrolment__operator_id"],
            enrolment=Ref.to(enrolment_model, row["enrolment_id"]),
            campaign_year=row["enrolment__campaign__year"],
            kind=row["enrolment__kind"],
            submitted_on=timezone.localdate(row["submitted_at"]) if row["submitted_at"] else None,
            accepted_on=timezone.localdate(row["reviewed_at"]),
            items=row["items"],
            non_compliant=row["non_compliant"],
            rectified=row["rectified"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def accepted_self_inspections_for(
    operator_id: int, window: Window
) -> tuple[SelfInspectionFact, ...]:
    return accepted_self_inspections([operator_id], window)[operator_id]


@dataclass(frozen=True)
class DeclaredAnswerFact:
    """An item the operator declared compliant (submitted, or accepted by the station)."""

    ref: Ref
    operator_id: int
    campaign_year: int
    requirement_code: str
    area: str
    kind: str


def declared_compliant_answers(
    operator_id: int,
    campaign_year: int,
    *,
    requirement_code: str | None = None,
    area: str | None = None,
) -> tuple[DeclaredAnswerFact, ...]:
    """What an operator declared compliant in that year's campaign, narrowed to one
    requirement or one area: what a later finding may contradict (one query)."""
    answers = Answer.objects.declared_compliant().filter(
        inspection__enrolment__operator_id=operator_id,
        inspection__enrolment__campaign__year=campaign_year,
    )
    if requirement_code is not None:
        answers = answers.filter(requirement__code=requirement_code)
    if area is not None:
        answers = answers.filter(requirement__area__code=area)
    # In the guide's order, as the operator answered them.
    rows = answers.order_by("requirement__area__order", "requirement__order", "pk").values(
        "pk", "requirement__code", "requirement__area__code", "requirement__kind"
    )
    return tuple(
        DeclaredAnswerFact(
            ref=Ref.to(Answer, row["pk"]),
            operator_id=operator_id,
            campaign_year=campaign_year,
            requirement_code=row["requirement__code"],
            area=row["requirement__area__code"],
            kind=row["requirement__kind"],
        )
        for row in rows
    )


def self_inspection_counts(campaign_id: int) -> dict[int | None, dict[str, int]]:
    """The campaign's taking-part enrolments' self-inspections counted per station (one query):
    started (a draft or more), submitted (sent to the station at least once), returned for
    correction, and accepted."""
    S = SelfInspection.Status
    sent = (S.SUBMITTED, S.RETURNED, S.ACCEPTED)
    rows = (
        SelfInspection.objects.filter(
            enrolment__campaign_id=campaign_id, enrolment__status="enrolled"
        )
        .values(station=F("enrolment__operator__area__station_id"))
        .annotate(
            started=Count("pk", filter=~Q(status=S.NOT_STARTED)),
            submitted=Count("pk", filter=Q(status__in=sent)),
            returned=Count("pk", filter=Q(status=S.RETURNED)),
            accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        )
        .order_by()
    )
    return {row.pop("station"): row for row in rows}
