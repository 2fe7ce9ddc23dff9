"""Monitoring's read interface: confirmed monitoring findings and the hours monitored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from fangxin.core.facts import Ref, Window, group_by_operator, operator_id_list

from .models import Hit, Material


@dataclass(frozen=True)
class HitFact:
    """A confirmed monitoring finding: a hit the monitor reviewed and confirmed."""

    ref: Ref
    operator_id: int
    stream_date: date
    category: str  # the rule list's category (mapped to an area by item 2 of issue 12)
    severity: str  # Hit.Severity
    rule_id: str
    veto: str | None  # the veto situation the rule names, if any
    material: Ref
    finding: Ref | None  # the supervision finding made from it, if any
    area: str | None
    kind: str | None


def confirmed_hits(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[HitFact, ...]]:
    """Confirmed hits in material streamed in the window (one query)."""
    ids = operator_id_list(operator_ids)
    finding_model = Hit.finding.field.related_model
    rows = (
        Hit.objects.filter(material__operator_id__in=ids)
        .confirmed()
        .streamed_in(window)
        .order_by("material__operator_id", "material__stream_date", "material_id", "pk")
        .values(
            "pk",
            "material__operator_id",
            "material__stream_date",
            "category",
            "severity",
            "rule_id",
            "veto",
            "material_id",
            "finding_id",
        )
    )
    facts = (
        HitFact(
            ref=Ref.to(Hit, row["pk"]),
            operator_id=row["material__operator_id"],
            stream_date=row["material__stream_date"],
            category=row["category"],
            severity=row["severity"],
            rule_id=row["rule_id"],
            veto=row["veto"] or None,
            material=Ref.to(Material, row["material_id"]),
            finding=Ref.to(finding_model, row["finding_id"]) if row["finding_id"] else None,
            area=None,
            kind=None,
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def confirmed_hits_for(operator_id: int, window: Window) -> tuple[HitFact, ...]:
    return confirmed_hits([operator_id], window)[operator_id]


@dataclass(frozen=True)
class MonitoredTime:
    operator_id: int
    minutes: int  # of material streamed in the window that was read and scanned
    materials: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


def monitored_time(operator_ids: Iterable[int], window: Window) -> dict[int, MonitoredTime]:
    """How long each operator was monitored in the window: the denominator of "confirmed
    findings per monitored hour" (one query). An operator never monitored has 0 minutes."""
    ids = operator_id_list(operator_ids)
    rows = (
        Material.objects.filter(operator_id__in=ids)
        .scanned()
        .streamed_in(window)
        .order_by()
        .values("operator_id")
        .annotate(minutes=Sum("duration_minutes"), materials=Count("pk"))
    )
    found = {row["operator_id"]: row for row in rows}
    return {
        pk: MonitoredTime(
            operator_id=pk,
            minutes=found[pk]["minutes"] if pk in found else 0,
            materials=found[pk]["materials"] if pk in found else 0,
        )
        for pk in ids
    }


def monitored_time_for(operator_id: int, window: Window) -> MonitoredTime:
    return monitored_time([operator_id], window)[operator_id]
