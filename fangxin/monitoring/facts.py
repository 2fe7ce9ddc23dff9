"""Monitoring's read interface: confirmed monitoring findings, the hours monitored, and the
licence-display checks monitors recorded.

A hit's ``area`` is the one its rule file maps its category to (kept on the hit when found); its
``kind`` is the one the monitored account's platform says, else the operator's only kind, else
``None``: the operator does both and the hit counts for both enrolments (``counts_for_both``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Sum

from fangxin.core.facts import Attributed, Ref, Window, group_by_operator, operator_id_list
from fangxin.supervision.attribution import derive_kind

from .models import Hit, LicenceCheck, Material


@dataclass(frozen=True)
class HitFact(Attributed):
    """A confirmed monitoring finding: a hit the monitor reviewed and confirmed."""

    ref: Ref
    operator_id: int
    stream_date: date
    category: str  # the rule list's category
    severity: str  # Hit.Severity
    rule_id: str
    veto: str | None  # the veto situation the rule names, if any
    material: Ref
    finding: Ref | None  # the supervision finding made from it, if any
    area: str  # the requirement area the category maps to
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
            "area",
            "material__account__platform",
            "material__operator__livestream",
            "material__operator__group_buying",
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
            area=row["area"],
            kind=derive_kind(
                livestream=row["material__operator__livestream"],
                group_buying=row["material__operator__group_buying"],
                platform=row["material__account__platform"],
            ),
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


@dataclass(frozen=True)
class LicenceCheckFact(Attributed):
    """A licence-display check (亮照亮证检查) a monitor recorded. Its ``kind`` is the checked
    account's platform's, else the operator's only kind, else ``None`` (counts for both)."""

    ref: Ref
    operator_id: int
    checked_on: date
    result: str  # LicenceCheck.Result
    place: str  # the account or storefront checked, in words
    note: str
    kind: str | None

    @property
    def failed(self) -> bool:
        return self.result != LicenceCheck.Result.DISPLAYED

    @property
    def partial(self) -> bool:
        return self.result == LicenceCheck.Result.PARTIAL


def licence_checks(
    operator_ids: Iterable[int], window: Window, *, failed_only: bool = False
) -> dict[int, tuple[LicenceCheckFact, ...]]:
    """The licence-display checks made in the window, oldest first (one query)."""
    ids = operator_id_list(operator_ids)
    qs = LicenceCheck.objects.filter(operator_id__in=ids).checked_in(window)
    if failed_only:
        qs = qs.failed()
    rows = qs.select_related("account", "operator").order_by("operator_id", "checked_on", "pk")
    facts = (
        LicenceCheckFact(
            ref=Ref.of(check),
            operator_id=check.operator_id,
            checked_on=check.checked_on,
            result=check.result,
            place=check.place,
            note=check.note,
            kind=derive_kind(
                livestream=check.operator.livestream,
                group_buying=check.operator.group_buying,
                platform=check.account.platform if check.account_id else None,
            ),
        )
        for check in rows
    )
    return group_by_operator(ids, facts)


def licence_checks_for(operator_id: int, window: Window) -> tuple[LicenceCheckFact, ...]:
    return licence_checks([operator_id], window)[operator_id]


# -- aggregates for the oversight dashboard and the summary report ----------------------------


def monitoring_counts(window: Window) -> dict[int | None, dict[str, int]]:
    """Materials monitored in the window (by their stream date) per station of their operator,
    those scanned, and their confirmed hits (one query)."""
    rows = (
        Material.objects.filter(stream_date__range=window.range)
        .values(station_id=F("operator__area__station_id"))
        .annotate(
            materials=Count("pk", distinct=True),
            scanned=Count("pk", filter=Q(status=Material.Status.SCANNED), distinct=True),
            confirmed_hits=Count("hits", filter=Q(hits__status=Hit.Status.CONFIRMED)),
        )
        .order_by()
    )
    return {row.pop("station_id"): row for row in rows}
