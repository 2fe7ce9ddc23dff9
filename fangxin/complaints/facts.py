"""Complaints' read interface: substantiated complaints and how they were resolved.

A complaint's ``area`` follows its category (``COMPLAINT_CATEGORY_AREAS``); its ``kind`` is the
operator's only kind, else ``None``: a complaint about an operator doing both kinds counts for
both enrolments (``counts_for_both``), since the complaint does not say which business it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from fangxin.core.facts import Attributed, Ref, Window, group_by_operator, operator_id_list
from fangxin.supervision.attribution import COMPLAINT_CATEGORY_AREAS, DEFAULT_AREA, derive_kind

from . import states
from .models import Complaint, FollowUp

# "Resolved to the consumer's satisfaction" (the rubric's +0.5 back): the follow-up visit's
# verdict is satisfied or basically satisfied.
SATISFIED = frozenset({FollowUp.Satisfaction.SATISFIED, FollowUp.Satisfaction.BASIC})


@dataclass(frozen=True)
class ComplaintFact(Attributed):
    ref: Ref
    operator_id: int
    received_on: date
    closed_on: date | None
    category: str  # Complaint.Category
    agreement: str  # the mediation's outcome, if any
    amount_recovered: Decimal
    satisfaction: str | None  # the latest follow-up's verdict (FollowUp.Satisfaction)
    satisfied: bool  # resolved to the consumer's satisfaction
    area: str  # by the complaint's category
    kind: str | None  # None: the operator does both kinds, the complaint counts for both


def substantiated_complaints(
    operator_ids: Iterable[int], window: Window
) -> dict[int, tuple[ComplaintFact, ...]]:
    """Complaints (not tip-offs) received in the window and closed as substantiated, with the
    latest follow-up's verdict (one query)."""
    ids = operator_id_list(operator_ids)
    latest = FollowUp.objects.filter(complaint=OuterRef("pk")).order_by("-visited_on", "-pk")
    rows = (
        Complaint.objects.filter(operator_id__in=ids)
        .substantiated()
        .received_in(window)
        .annotate(satisfaction=Subquery(latest.values("satisfaction")[:1]))
        .order_by("operator_id", "received_on", "pk")
        .values(
            "pk",
            "operator_id",
            "received_on",
            "closed_on",
            "category",
            "agreement",
            "amount_recovered",
            "satisfaction",
            "operator__livestream",
            "operator__group_buying",
        )
    )
    facts = (
        ComplaintFact(
            ref=Ref.to(Complaint, row["pk"]),
            operator_id=row["operator_id"],
            received_on=row["received_on"],
            closed_on=row["closed_on"],
            category=row["category"],
            agreement=row["agreement"],
            amount_recovered=row["amount_recovered"],
            satisfaction=row["satisfaction"],
            satisfied=row["satisfaction"] in SATISFIED,
            area=COMPLAINT_CATEGORY_AREAS.get(row["category"], DEFAULT_AREA),
            kind=derive_kind(
                livestream=row["operator__livestream"],
                group_buying=row["operator__group_buying"],
            ),
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def substantiated_complaints_for(operator_id: int, window: Window) -> tuple[ComplaintFact, ...]:
    return substantiated_complaints([operator_id], window)[operator_id]


# -- aggregates for the oversight dashboard and the summary report ----------------------------


def complaint_counts(window: Window, on: date) -> dict[int | None, dict[str, int]]:
    """Complaints and tip-offs received in the window per station they are routed to
    (``None``: still waiting for the office), substantiated, and late on ``on`` (one query)."""
    rows = (
        Complaint.objects.filter(received_on__range=window.range)
        .values("station_id")
        .annotate(
            received=Count("pk"),
            complaints=Count("pk", filter=Q(kind=Complaint.Kind.COMPLAINT)),
            tipoffs=Count("pk", filter=Q(kind=Complaint.Kind.TIPOFF)),
            substantiated=Count("pk", filter=Q(substantiated=True)),
            overdue=Count("pk", filter=~Q(status__in=states.FINAL) & Q(due_on__lt=on)),
        )
        .order_by()
    )
    return {row.pop("station_id"): row for row in rows}


def complaint_months(window: Window, station_id: int | None = None) -> dict[str, int]:
    """Items received per month of the window, ``{"YYYY-MM": count}`` for months with any (one
    query); ``station_id`` narrows to one station's items."""
    qs = Complaint.objects.filter(received_on__range=window.range)
    if station_id is not None:
        qs = qs.filter(station_id=station_id)
    rows = qs.annotate(month=TruncMonth("received_on")).values("month").annotate(n=Count("pk"))
    return {f"{row['month']:%Y-%m}": row["n"] for row in rows.order_by()}
