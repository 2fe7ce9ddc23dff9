"""Monitoring statistics for the dashboard and its export.

Plain functions over a material queryset the caller has already scoped
(``visible(user, Material)``); the hits counted are those of that material, so the one gate
decides both. Each figure is one or two queries whatever the number of operators, categories or
months.

Monitored hours are the durations the monitors recorded on their material; hits per monitored
hour compare operators streaming for very different lengths of time. A hit is a place where a
rule fired, not a violation: the confirmed count is what a monitor upheld on review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from fangxin.core.params import month_starts as months

from .models import Hit

H = Hit.Status
ONE_PLACE = Decimal("0.1")


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def per_hour(count: int, minutes: int) -> Decimal | None:
    """Hits per monitored hour, or None when no time was recorded (not a rate of infinity)."""
    if not minutes:
        return None
    return (Decimal(count) * 60 / Decimal(minutes)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _hits(materials: QuerySet) -> QuerySet:
    return Hit.objects.filter(material__in=materials)


def _status_counts() -> dict:
    return {
        "hits": Count("pk"),
        "pending": Count("pk", filter=Q(status=H.PENDING)),
        "confirmed": Count("pk", filter=Q(status=H.CONFIRMED)),
        "dismissed": Count("pk", filter=Q(status=H.DISMISSED)),
    }


@dataclass(frozen=True)
class Summary:
    materials: int
    operators: int
    minutes: int
    hits: int
    pending: int
    confirmed: int
    dismissed: int
    findings: int
    veto_events: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def hits_per_hour(self) -> Decimal | None:
        return per_hour(self.hits, self.minutes)


def summary(materials: QuerySet) -> Summary:
    totals = materials.aggregate(
        materials=Count("pk"),
        operators=Count("operator", distinct=True),
        minutes=Sum("duration_minutes"),
    )
    hits = _hits(materials).aggregate(
        **_status_counts(),
        findings=Count("finding", distinct=True),
        veto_events=Count("veto_event", distinct=True),
    )
    return Summary(
        materials=totals["materials"],
        operators=totals["operators"],
        minutes=totals["minutes"] or 0,
        **hits,
    )


def per_operator(materials: QuerySet) -> list[dict]:
    """One row per operator with material in range, the most hits per monitored hour first
    (operators without recorded time last)."""
    rows = {
        r["operator_id"]: {
            "operator_id": r["operator_id"],
            "name": r["operator__name"],
            "materials": r["materials"],
            "minutes": r["minutes"] or 0,
            "hits": 0,
            "pending": 0,
            "confirmed": 0,
            "dismissed": 0,
        }
        for r in materials.values("operator_id", "operator__name")
        .annotate(materials=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    }
    counts = (
        _hits(materials).values("material__operator_id").annotate(**_status_counts()).order_by()
    )
    for r in counts:
        row = rows.get(r["material__operator_id"])
        if row is not None:
            for key in ("hits", "pending", "confirmed", "dismissed"):
                row[key] = r[key]
    for row in rows.values():
        row["hours"] = hours(row["minutes"])
        row["hits_per_hour"] = per_hour(row["hits"], row["minutes"])
    return sorted(
        rows.values(),
        key=lambda r: (
            r["hits_per_hour"] is None,
            -(r["hits_per_hour"] or 0),
            -r["hits"],
            r["name"],
            r["operator_id"],
        ),
    )


def per_category(materials: QuerySet) -> list[dict]:
    rows = (
        _hits(materials)
        .values("category", "category_name")
        .annotate(**_status_counts())
        .order_by("-hits", "category")
    )
    return [
        {
            "code": r["category"],
            "name": r["category_name"],
            "hits": r["hits"],
            "pending": r["pending"],
            "confirmed": r["confirmed"],
            "dismissed": r["dismissed"],
        }
        for r in rows
    ]


def monthly_trend(materials: QuerySet, start: date, end: date) -> list[dict]:
    """Hits per month of the stream date, by review status, empty months included (the month
    comes from ``TruncMonth`` on a date column, so SQLite and PostgreSQL agree)."""
    found: dict[date, dict] = {}
    rows = (
        _hits(materials)
        .annotate(month=TruncMonth("material__stream_date"))
        .values("month")
        .annotate(**_status_counts())
        .order_by()
    )
    for r in rows:
        month = r.pop("month")
        if hasattr(month, "date"):  # a backend that hands back a datetime
            month = month.date()
        found[month] = r
    hours_by_month = {}
    for r in (
        materials.annotate(month=TruncMonth("stream_date"))
        .values("month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    ):
        month = r["month"].date() if hasattr(r["month"], "date") else r["month"]
        hours_by_month[month] = r["minutes"] or 0
    trend = []
    for month in months(start, end):
        counts = found.get(month, {})
        minutes = hours_by_month.get(month, 0)
        trend.append(
            {
                "month": month,
                "label": f"{month:%Y-%m}",
                "hits": counts.get("hits", 0),
                "pending": counts.get("pending", 0),
                "confirmed": counts.get("confirmed", 0),
                "dismissed": counts.get("dismissed", 0),
                "hours": hours(minutes),
            }
        )
    return trend


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    summary: Summary
    operators: list[dict]
    categories: list[dict]
    trend: list[dict]


def figures(materials: QuerySet, *, start: date, end: date) -> Figures:
    """Everything the dashboard and its export show, for material streamed in [start, end]."""
    materials = materials.filter(stream_date__range=(start, end))
    return Figures(
        start=start,
        end=end,
        summary=summary(materials),
        operators=per_operator(materials),
        categories=per_category(materials),
        trend=monthly_trend(materials, start, end),
    )
