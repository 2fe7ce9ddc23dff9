"""Supervision's read interface: what inspections and enforcement hold about operators.

Each bulk function takes operator ids and a ``Window`` and answers ``{operator_id: (fact, ...)}``
with every asked id present, in a fixed number of queries (one, or three for orders when some are
overdue: the working-day calendar). The ``*_for`` functions are the one-operator form.

``area`` is the requirement area's code: every finding and sample has one (orders and cases take
their finding's; an order on another ground, the area chosen when it was issued). ``kind`` is
the operator kind (``livestream`` / ``group_buying``) the row was attributed to
(``attribution``), ``None`` when the operator does both and nothing said which: the fact then
counts for both enrolments (``counts_for_both``, ``counts_for(kind)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from fangxin.core.facts import Attributed, Ref, Window, group_by_operator, operator_id_list

from .models import (
    Case,
    ConflictOfInterest,
    Contradiction,
    CreditListing,
    DrawPlan,
    Finding,
    Inspection,
    RectificationOrder,
    Sample,
    VetoEvent,
    WatchEntry,
)

_FINDING_AREA = "area__code"
_FINDING_KIND = "kind"


def _ref(model, pk: int | None) -> Ref | None:
    return Ref.to(model, pk) if pk is not None else None


# --- findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFact(Attributed):
    ref: Ref
    operator_id: int
    found_on: date
    severity: str  # Finding.Severity: minor / serious
    source: str  # Finding.Source: inspection / sample / complaint / monitoring
    area: str
    kind: str | None
    inspection: Ref | None
    sample: Ref | None


def findings(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[FindingFact, ...]]:
    """Every finding found in the window (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        Finding.objects.filter(operator_id__in=ids)
        .found_in(window)
        .order_by("operator_id", "found_on", "pk")
        .values(
            "pk",
            "operator_id",
            "found_on",
            "severity",
            "source",
            _FINDING_AREA,
            _FINDING_KIND,
            "inspection_id",
            "sample_id",
        )
    )
    facts = (
        FindingFact(
            ref=Ref.to(Finding, row["pk"]),
            operator_id=row["operator_id"],
            found_on=row["found_on"],
            severity=row["severity"],
            source=row["source"],
            area=row[_FINDING_AREA],
            kind=row[_FINDING_KIND],
            inspection=_ref(Inspection, row["inspection_id"]),
            sample=_ref(Sample, row["sample_id"]),
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def findings_for(operator_id: int, window: Window) -> tuple[FindingFact, ...]:
    return findings([operator_id], window)[operator_id]


# --- rectification orders -------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFact(Attributed):
    """An order rests on a finding (``basis`` ``finding``, ``finding`` set) or on another
    ground (public opinion, an evaluation result, the watch list, other: ``finding`` None).
    Only finding-based orders feed automatic score deductions unless a rubric says
    otherwise: a rubric reads ``from_finding``."""

    ref: Ref
    operator_id: int
    basis: str  # RectificationOrder.Basis
    finding: Ref | None
    issued_on: date
    due_on: date
    status: str  # RectificationOrder.Status
    overdue: bool  # on the day asked (the window's end unless said otherwise)
    overdue_working_days: int  # working days past due_on on that day; 0 when not overdue
    overdue_since: date | None  # the day the sweep recorded it overdue
    verified_on: date | None
    area: str | None  # the finding's; else the area chosen when the order was issued
    kind: str | None

    @property
    def from_finding(self) -> bool:
        return self.basis == RectificationOrder.Basis.FINDING


def orders(
    operator_ids: Iterable[int], window: Window, *, on: date | None = None
) -> dict[int, tuple[OrderFact, ...]]:
    """Rectification orders issued in the window, each with whether it is overdue ``on`` (by
    default the window's last day) and by how many working days (one query, three when some
    order is overdue)."""
    ids = operator_id_list(operator_ids)
    on = on or window.end
    rows = list(
        RectificationOrder.objects.filter(operator_id__in=ids)
        .issued_in(window)
        .with_overdue(on)
        .order_by("operator_id", "issued_on", "pk")
        .values(
            "pk",
            "operator_id",
            "basis",
            "finding_id",
            "issued_on",
            "due_on",
            "status",
            "is_overdue_on",
            "overdue_since",
            "verified_on",
            f"finding__{_FINDING_AREA}",
            f"finding__{_FINDING_KIND}",
            _FINDING_AREA,
            _FINDING_KIND,
        )
    )
    late_by = _working_days_late({row["due_on"] for row in rows if row["is_overdue_on"]}, on)
    facts = (
        OrderFact(
            ref=Ref.to(RectificationOrder, row["pk"]),
            operator_id=row["operator_id"],
            basis=row["basis"],
            finding=_ref(Finding, row["finding_id"]),
            issued_on=row["issued_on"],
            due_on=row["due_on"],
            status=row["status"],
            overdue=bool(row["is_overdue_on"]),
            overdue_working_days=late_by[row["due_on"]] if row["is_overdue_on"] else 0,
            overdue_since=row["overdue_since"],
            verified_on=row["verified_on"],
            **_order_attribution(row),
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def _order_attribution(row: dict) -> dict:
    """A finding-based order counts where its finding does; another, where it was put."""
    if row["finding_id"] is not None:
        return {"area": row[f"finding__{_FINDING_AREA}"], "kind": row[f"finding__{_FINDING_KIND}"]}
    return {"area": row[_FINDING_AREA], "kind": row[_FINDING_KIND]}


def _working_days_late(due_dates: set[date], on: date) -> dict[date, int]:
    """``working_days_between(due, on)`` for each due date, walking the calendar once from
    the earliest one (1,000 orders a year apart would otherwise walk it a thousand times)."""
    if not due_dates:
        return {}
    from fangxin.core.calendar import current_calendar

    calendar = current_calendar()
    late_by, count, day = {}, 0, on
    # Working days in (due, on]: count down from ``on`` and note each due date on the way.
    earliest = min(due_dates)
    while day > earliest:
        if day in due_dates:
            late_by[day] = count
        count += calendar.is_workday(day)[0]
        day -= timedelta(days=1)
    late_by[earliest] = count
    return late_by


def orders_for(operator_id: int, window: Window, *, on: date | None = None):
    return orders([operator_id], window, on=on)[operator_id]


# --- product samples ------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleFact(Attributed):
    ref: Ref
    operator_id: int
    taken_on: date
    result: str  # Sample.Result: pass / fail (pending samples are no evidence yet)
    product: str
    place: str  # Sample.Place
    failed_items: str
    inspection: Ref | None
    area: str  # chosen when recorded (product quality unless the inspector chose another)
    kind: str | None


def samples(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[SampleFact, ...]]:
    """Samples taken in the window whose result is known (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        Sample.objects.filter(operator_id__in=ids)
        .decided()
        .taken_in(window)
        .order_by("operator_id", "taken_on", "pk")
        .values(
            "pk",
            "operator_id",
            "taken_on",
            "result",
            "product",
            "place",
            "failed_items",
            "inspection_id",
            "area__code",
            "kind",
        )
    )
    facts = (
        SampleFact(
            ref=Ref.to(Sample, row["pk"]),
            operator_id=row["operator_id"],
            taken_on=row["taken_on"],
            result=row["result"],
            product=row["product"],
            place=row["place"],
            failed_items=row["failed_items"],
            inspection=_ref(Inspection, row["inspection_id"]),
            area=row["area__code"],
            kind=row["kind"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def samples_for(operator_id: int, window: Window) -> tuple[SampleFact, ...]:
    return samples([operator_id], window)[operator_id]


# --- cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFact(Attributed):
    ref: Ref
    operator_id: int
    filed_on: date
    decided_on: date | None
    status: str  # Case.Status (never clue / no_case: those are not cases)
    penalty: str
    amount: Decimal | None
    veto_kind: str | None  # VetoKind when the case amounts to a veto situation
    finding: Ref | None
    area: str | None
    kind: str | None


def cases(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[CaseFact, ...]]:
    """Cases filed in the window (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        Case.objects.filter(operator_id__in=ids)
        .filed_in(window)
        .order_by("operator_id", "filed_on", "pk")
        .values(
            "pk",
            "operator_id",
            "filed_on",
            "decided_on",
            "status",
            "penalty",
            "amount",
            "veto_kind",
            "finding_id",
            f"finding__{_FINDING_AREA}",
            f"finding__{_FINDING_KIND}",
        )
    )
    facts = (
        CaseFact(
            ref=Ref.to(Case, row["pk"]),
            operator_id=row["operator_id"],
            filed_on=row["filed_on"],
            decided_on=row["decided_on"],
            status=row["status"],
            penalty=row["penalty"],
            amount=row["amount"],
            veto_kind=row["veto_kind"] or None,
            finding=_ref(Finding, row["finding_id"]),
            area=row[f"finding__{_FINDING_AREA}"],
            kind=row[f"finding__{_FINDING_KIND}"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def cases_for(operator_id: int, window: Window) -> tuple[CaseFact, ...]:
    return cases([operator_id], window)[operator_id]


# --- veto events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VetoFact(Attributed):
    ref: Ref
    operator_id: int
    occurred_on: date
    veto_kind: str  # VetoKind: one of the plan's six situations
    source: str  # VetoEvent.Source
    decided_on: date | None  # the local day the office confirmed it
    case: Ref | None
    # The kind of the case's finding, when the veto came from a case; else None: a veto
    # situation concerns the operator, and counts for both enrolments.
    kind: str | None


def confirmed_vetoes(
    operator_ids: Iterable[int], window: Window
) -> dict[int, tuple[VetoFact, ...]]:
    """Confirmed veto events that occurred in the window (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        VetoEvent.objects.filter(operator_id__in=ids)
        .confirmed()
        .occurred_in(window)
        .order_by("operator_id", "occurred_on", "pk")
        .values(
            "pk",
            "operator_id",
            "occurred_on",
            "kind",
            "source",
            "decided_at",
            "case_id",
            "case__finding__kind",
        )
    )
    facts = (
        VetoFact(
            ref=Ref.to(VetoEvent, row["pk"]),
            operator_id=row["operator_id"],
            occurred_on=row["occurred_on"],
            veto_kind=row["kind"],
            source=row["source"],
            decided_on=timezone.localdate(row["decided_at"]) if row["decided_at"] else None,
            case=_ref(Case, row["case_id"]),
            kind=row["case__finding__kind"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def confirmed_vetoes_for(operator_id: int, window: Window) -> tuple[VetoFact, ...]:
    return confirmed_vetoes([operator_id], window)[operator_id]


# --- contradictions with the self-inspection ------------------------------------------------


@dataclass(frozen=True)
class ContradictionFact:
    """A finding in an item the operator had declared compliant in its self-inspection."""

    ref: Ref
    operator_id: int
    recorded_on: date
    finding: Ref
    answer: Ref  # selfcheck.answer
    requirement_code: str
    area: str | None
    kind: str | None


def contradictions(
    operator_ids: Iterable[int], window: Window
) -> dict[int, tuple[ContradictionFact, ...]]:
    """Contradictions recorded in the window (one query)."""
    ids = operator_id_list(operator_ids)
    answer_model = Contradiction.answer.field.related_model
    rows = (
        Contradiction.objects.filter(operator_id__in=ids)
        .recorded_in(window)
        .order_by("operator_id", "recorded_on", "pk")
        .values(
            "pk",
            "operator_id",
            "recorded_on",
            "finding_id",
            "answer_id",
            "answer__requirement__code",
            "answer__requirement__area__code",
            "answer__requirement__kind",
        )
    )
    facts = (
        ContradictionFact(
            ref=Ref.to(Contradiction, row["pk"]),
            operator_id=row["operator_id"],
            recorded_on=row["recorded_on"],
            finding=Ref.to(Finding, row["finding_id"]),
            answer=Ref.to(answer_model, row["answer_id"]),
            requirement_code=row["answer__requirement__code"],
            area=row["answer__requirement__area__code"],
            kind=row["answer__requirement__kind"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def contradictions_for(operator_id: int, window: Window) -> tuple[ContradictionFact, ...]:
    return contradictions([operator_id], window)[operator_id]


# --- key supervision targets ----------------------------------------------------------------


@dataclass(frozen=True)
class WatchFact:
    """A key supervision target (重点监管对象) entry in force on the day asked."""

    ref: Ref
    operator_id: int
    source: str  # WatchEntry.Source
    starts_on: date
    ends_on: date | None


def key_targets(operator_ids: Iterable[int], on: date) -> dict[int, tuple[WatchFact, ...]]:
    """Watch-list entries in force on ``on`` (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        WatchEntry.objects.filter(operator_id__in=ids)
        .active(on)
        .order_by("operator_id", "starts_on", "pk")
        .values("pk", "operator_id", "source", "starts_on", "ends_on")
    )
    facts = (
        WatchFact(
            ref=Ref.to(WatchEntry, row["pk"]),
            operator_id=row["operator_id"],
            source=row["source"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def key_targets_for(operator_id: int, on: date) -> tuple[WatchFact, ...]:
    return key_targets([operator_id], on)[operator_id]


# --- credit lists (veto situation 6) --------------------------------------------------------


@dataclass(frozen=True)
class CreditListingFact(Attributed):
    """A listing on a credit list in force on the day asked (``CreditListing.objects.in_force``):
    an operator on the list is on it as a whole, so it counts for both of its enrolments."""

    ref: Ref
    operator_id: int
    list_kind: str  # CreditListKind: abnormal_operations / serious_violation / individual_abnormal
    listed_on: date
    removed_on: date | None
    reason: str
    authority: str
    veto: Ref | None  # the credit_listing veto event raised for it
    kind: str | None = None


def credit_listings(
    operator_ids: Iterable[int], on: date
) -> dict[int, tuple[CreditListingFact, ...]]:
    """Credit listings in force on ``on`` (one query)."""
    ids = operator_id_list(operator_ids)
    rows = (
        CreditListing.objects.filter(operator_id__in=ids)
        .in_force(on)
        .order_by("operator_id", "listed_on", "pk")
        .values(
            "pk",
            "operator_id",
            "kind",
            "listed_on",
            "removed_on",
            "reason",
            "authority",
            "veto_event_id",
        )
    )
    facts = (
        CreditListingFact(
            ref=Ref.to(CreditListing, row["pk"]),
            operator_id=row["operator_id"],
            list_kind=row["kind"],
            listed_on=row["listed_on"],
            removed_on=row["removed_on"],
            reason=row["reason"],
            authority=row["authority"],
            veto=_ref(VetoEvent, row["veto_event_id"]),
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def credit_listings_for(operator_id: int, on: date) -> tuple[CreditListingFact, ...]:
    return credit_listings([operator_id], on)[operator_id]


# --- declared conflicts of interest ---------------------------------------------------------


def declared_conflicts(
    *, user_ids: Iterable[int] | None = None, operator_ids: Iterable[int] | None = None
) -> frozenset[tuple[int, int]]:
    """The (user id, operator id) pairs of declared conflicts (回避申报) among the users and
    operators asked (either may be left out: then every one), in one query. A user with a
    conflict never inspects nor evaluates that operator."""
    rows = ConflictOfInterest.objects.all()
    if user_ids is not None:
        rows = rows.filter(inspector_id__in=list(user_ids))
    if operator_ids is not None:
        rows = rows.filter(operator_id__in=operator_id_list(operator_ids))
    return frozenset(rows.values_list("inspector_id", "operator_id"))


# -- aggregates for the oversight dashboard and the summary report ----------------------------
# Each answers ``{station_id: {figure: count}}`` in one query (the station: the operator's
# area's, or the row's own where it has one); stations without rows are absent.

_OPERATOR_STATION = "operator__area__station_id"


def _by_station(qs, station: str, **figures) -> dict[int | None, dict[str, int]]:
    rows = qs.values(at_station=F(station)).annotate(**figures).order_by()
    return {row.pop("at_station"): row for row in rows}


def inspection_counts(window: Window) -> dict[int | None, dict[str, int]]:
    """Inspections planned in the window and those carried out in it, by the inspecting
    station, with how many came from a draw."""
    done = Q(inspected_on__range=window.range)
    return _by_station(
        Inspection.objects.filter(Q(planned_on__range=window.range) | done),
        "station_id",
        planned=Count("pk", filter=Q(planned_on__range=window.range)),
        inspected=Count("pk", filter=done),
        drawn=Count("pk", filter=done & Q(draw__isnull=False)),
    )


def finding_counts(window: Window) -> dict[int | None, dict[str, int]]:
    """Findings made in the window, minor and serious."""
    return _by_station(
        Finding.objects.filter(found_on__range=window.range),
        _OPERATOR_STATION,
        findings=Count("pk"),
        serious=Count("pk", filter=Q(severity=Finding.Severity.SERIOUS)),
    )


def findings_by_area(window: Window, station_id: int | None = None) -> list[tuple[str, str, int]]:
    """Findings made in the window per requirement area, most first: ``(code, name, count)``
    (one query); ``station_id`` narrows to one station's operators."""
    qs = Finding.objects.filter(found_on__range=window.range)
    if station_id is not None:
        qs = qs.filter(**{_OPERATOR_STATION: station_id})
    rows = (
        qs.values("area__code", "area__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "area__code")
    )
    return [(row["area__code"], row["area__name"], row["count"]) for row in rows]


def order_counts(window: Window, on: date) -> dict[int | None, dict[str, int]]:
    """Rectification orders issued in the window: verified (closed) and late on ``on``."""
    qs = RectificationOrder.objects.filter(issued_on__range=window.range)
    return _by_station(
        qs,
        _OPERATOR_STATION,
        orders=Count("pk"),
        verified=Count("pk", filter=Q(status=RectificationOrder.Status.VERIFIED)),
        overdue=Count("pk", filter=qs.overdue_q(on)),
    )


def sample_counts(window: Window) -> dict[int | None, dict[str, int]]:
    """Samples taken in the window, and those that failed."""
    return _by_station(
        Sample.objects.filter(taken_on__range=window.range),
        _OPERATOR_STATION,
        samples=Count("pk"),
        failed=Count("pk", filter=Q(result=Sample.Result.FAIL)),
    )


def draw_counts(campaign_id: int) -> dict[int | None, dict[str, int]]:
    """The campaign's draw plans (not cancelled) by the station that made them (``None``: the
    county's), and those drawn."""
    return _by_station(
        DrawPlan.objects.filter(campaign_id=campaign_id).exclude(status=DrawPlan.Status.CANCELLED),
        "station_id",
        plans=Count("pk"),
        drawn=Count("pk", filter=Q(status=DrawPlan.Status.DRAWN)),
    )


def list_counts(on: date) -> dict[int | None, dict[str, int]]:
    """Operators on the watch list and credit listings in force on ``on`` (two queries)."""
    watch = _by_station(
        WatchEntry.objects.active(on),
        _OPERATOR_STATION,
        watched=Count("operator_id", distinct=True),
    )
    credit = _by_station(
        CreditListing.objects.in_force(on), _OPERATOR_STATION, credit_listed=Count("pk")
    )
    merged: dict[int | None, dict[str, int]] = {}
    for station_id in {*watch, *credit}:
        merged[station_id] = {
            "watched": watch.get(station_id, {}).get("watched", 0),
            "credit_listed": credit.get(station_id, {}).get("credit_listed", 0),
        }
    return merged


# --- the last inspection (credit risk classes) ----------------------------------------------


def last_inspections(operator_ids: Iterable[int], on: date) -> dict[int, date | None]:
    """The day of each operator's last inspection carried out on or before ``on`` (recorded or
    published; a planned task is not an inspection yet), ``None`` when never (one query)."""
    from django.db.models import Max

    ids = operator_id_list(operator_ids)
    found: dict[int, date | None] = dict.fromkeys(ids)
    rows = (
        Inspection.objects.filter(operator_id__in=ids, inspected_on__lte=on)
        .exclude(status=Inspection.Status.PLANNED)
        .values("operator_id")
        .annotate(last=Max("inspected_on"))
    )
    for row in rows:
        found[row["operator_id"]] = row["last"]
    return found
