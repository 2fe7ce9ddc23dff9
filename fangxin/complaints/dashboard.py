"""Complaint and tip-off statistics for the dashboard and its export.

Plain functions over a queryset the caller has already scoped (``visible(user, Complaint)``)
and narrowed to a receipt-date range. Each figure is one query whatever the number of rows,
stations or months, so the page costs the same for a station and for the county.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from fangxin.core import calendar
from fangxin.core.models import Station
from fangxin.core.params import month_starts as months

from . import states
from .models import Complaint, ComplaintEvent
from .services import DUE_SOON_WORKING_DAYS

TOP = 10
S = Complaint.Status


def reached(status: str) -> Exists:
    """The item went through ``status`` at some point: read from its event rows, because a
    closed complaint no longer shows whether it was mediated or whether mediation failed."""
    return Exists(
        ComplaintEvent.objects.filter(
            complaint=OuterRef("pk"), kind=ComplaintEvent.Kind.STATUS, to_status=status
        )
    )


def open_items() -> Q:
    return ~Q(status__in=states.FINAL)


def overdue(today: date) -> Q:
    """The same rule as the list's ``overdue`` filter and ``Complaint.is_overdue``."""
    return open_items() & Q(due_on__lt=today)


@dataclass(frozen=True)
class Summary:
    received: int
    complaints: int
    tipoffs: int
    accepted: int
    not_accepted: int
    open: int
    overdue: int
    due_soon: int
    mediated: int
    mediation_failed: int
    amount_recovered: Decimal
    substantiated: int
    triage: int


def summary(qs: QuerySet, today: date) -> Summary:
    soon_limit = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).value
    row = qs.aggregate(
        received=Count("pk"),
        complaints=Count("pk", filter=Q(kind=Complaint.Kind.COMPLAINT)),
        tipoffs=Count("pk", filter=Q(kind=Complaint.Kind.TIPOFF)),
        accepted=Count("pk", filter=reached(S.ACCEPTED)),
        not_accepted=Count("pk", filter=reached(S.NOT_ACCEPTED)),
        open=Count("pk", filter=open_items()),
        overdue=Count("pk", filter=overdue(today)),
        due_soon=Count("pk", filter=open_items() & Q(due_on__gte=today, due_on__lte=soon_limit)),
        mediated=Count("pk", filter=reached(S.MEDIATED)),
        mediation_failed=Count("pk", filter=reached(S.MEDIATION_FAILED)),
        amount_recovered=Sum("amount_recovered"),
        substantiated=Count("pk", filter=Q(substantiated=True)),
        triage=Count("pk", filter=open_items() & Q(station__isnull=True)),
    )
    row["amount_recovered"] = row["amount_recovered"] or Decimal(0)
    return Summary(**row)


def top_categories(qs: QuerySet, limit: int = TOP) -> list[dict]:
    rows = qs.values("category").annotate(count=Count("pk")).order_by("-count", "category")[:limit]
    return [
        {
            "code": r["category"],
            "label": Complaint.Category(r["category"]).label,
            "count": r["count"],
        }
        for r in rows
        if r["category"] in Complaint.Category.values
    ]


def top_operators(qs: QuerySet, limit: int = TOP) -> list[dict]:
    """The operators most complained about; items for an unknown operator are left out."""
    rows = (
        qs.filter(operator__isnull=False)
        .values("operator_id", "operator__name")
        .annotate(
            count=Count("pk"),
            substantiated=Count("pk", filter=Q(substantiated=True)),
        )
        .order_by("-count", "operator__name", "operator_id")[:limit]
    )
    return [
        {
            "operator_id": r["operator_id"],
            "name": r["operator__name"],
            "count": r["count"],
            "substantiated": r["substantiated"],
        }
        for r in rows
    ]


def per_station(qs: QuerySet, today: date, stations) -> list[dict]:
    """One row per station in ``stations`` (zeros included), then one for the items still
    waiting for the office to find their operator, if there are any."""
    counts = {
        r["station_id"]: r
        for r in qs.values("station_id")
        .annotate(
            received=Count("pk"),
            overdue=Count("pk", filter=overdue(today)),
            mediated=Count("pk", filter=reached(S.MEDIATED)),
            recovered=Sum("amount_recovered"),
        )
        .order_by()
    }
    rows = []
    for station in stations:
        found = counts.get(station.pk, {})
        rows.append(
            {
                "station": station,
                "received": found.get("received", 0),
                "overdue": found.get("overdue", 0),
                "mediated": found.get("mediated", 0),
                "recovered": found.get("recovered") or Decimal(0),
            }
        )
    if None in counts:
        found = counts[None]
        rows.append(
            {
                "station": None,
                "received": found["received"],
                "overdue": found["overdue"],
                "mediated": found["mediated"],
                "recovered": found["recovered"] or Decimal(0),
            }
        )
    return rows


def monthly_trend(qs: QuerySet, start: date, end: date) -> list[dict]:
    """Complaints and tip-offs received per month of [start, end], empty months included.

    The month is computed by the database (``TruncMonth`` on a date column needs no time
    zone, so SQLite and PostgreSQL agree)."""
    counts: dict[tuple[date, str], int] = {}
    rows = (
        qs.annotate(month=TruncMonth("received_on"))
        .values("month", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for r in rows:
        month = r["month"]
        if hasattr(month, "date"):  # a backend that hands back a datetime
            month = month.date()
        counts[(month, r["kind"])] = r["count"]
    trend = []
    for month in months(start, end):
        complaints = counts.get((month, Complaint.Kind.COMPLAINT), 0)
        tipoffs = counts.get((month, Complaint.Kind.TIPOFF), 0)
        trend.append(
            {
                "month": month,
                "label": f"{month:%Y-%m}",
                "complaints": complaints,
                "tipoffs": tipoffs,
                "total": complaints + tipoffs,
            }
        )
    return trend


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    station: Station | None
    summary: Summary
    categories: list[dict]
    operators: list[dict]
    stations: list[dict]
    trend: list[dict]


def figures(
    qs: QuerySet, *, today: date, start: date, end: date, stations, station=None
) -> Figures:
    """Everything the dashboard and its export show, for items received in [start, end]."""
    qs = qs.filter(received_on__range=(start, end))
    return Figures(
        start=start,
        end=end,
        station=station,
        summary=summary(qs, today),
        categories=top_categories(qs),
        operators=top_operators(qs),
        stations=per_station(qs, today, stations),
        trend=monthly_trend(qs, start, end),
    )
