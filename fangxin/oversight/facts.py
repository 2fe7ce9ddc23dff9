"""Oversight's read interface (see ``fangxin.core.facts``): plain functions over operator ids and
a date window returning frozen dataclasses, each with a ``Ref`` to its source row. Each section
is self-contained (several features of the app add theirs here).

Titles sits below oversight and cannot import this: it keeps a credit-listed operator from a
title through its own veto (veto situation 6)."""

from __future__ import annotations

# --- public-opinion incidents (issue 16 item 5) -----------------------------------------------
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from fangxin.core.facts import Ref, Window, group_by_operator, operator_id_list


@dataclass(frozen=True)
class IncidentFact:
    """One public-opinion incident dated in the window. ``major``: judged of major social impact
    (较大社会影响); ``judged``: the office has judged it (either way); ``interview`` and
    ``order``: what followed a major one. Incidents concern the operator, not one of its kinds:
    ``kind`` is None (counts for both enrolments)."""

    ref: Ref
    operator_id: int
    occurred_on: date
    source: str
    status: str
    judged: bool
    major: bool
    interview: Ref | None
    order: Ref | None
    kind: None = None

    @property
    def counts_for_both(self) -> bool:
        return True

    def counts_for(self, kind: str) -> bool:
        return True


def incidents(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[IncidentFact, ...]]:
    """Every incident dated in the window (one query), by operator, oldest first."""
    from fangxin.supervision.models import Measure, RectificationOrder

    from .models import Incident

    ids = operator_id_list(operator_ids)
    rows = (
        Incident.objects.filter(operator_id__in=ids, occurred_on__range=window.range)
        .order_by("operator_id", "occurred_on", "pk")
        .values("pk", "operator_id", "occurred_on", "source", "status", "measure_id", "order_id")
    )
    S = Incident.Status
    facts = [
        IncidentFact(
            ref=Ref.to(Incident, row["pk"]),
            operator_id=row["operator_id"],
            occurred_on=row["occurred_on"],
            source=row["source"],
            status=row["status"],
            judged=row["status"] != S.RECORDED,
            major=row["status"] in (S.MAJOR, S.INTERVIEWED)
            or (row["status"] == S.CLOSED and row["measure_id"] is not None),
            interview=Ref.to(Measure, row["measure_id"]) if row["measure_id"] else None,
            order=Ref.to(RectificationOrder, row["order_id"]) if row["order_id"] else None,
        )
        for row in rows
    ]
    return group_by_operator(ids, facts)


def incidents_for(operator_id: int, window: Window) -> tuple[IncidentFact, ...]:
    return incidents([operator_id], window)[operator_id]


def major_incidents(
    operator_ids: Iterable[int], window: Window
) -> dict[int, tuple[IncidentFact, ...]]:
    """The incidents of the window judged of major social impact (one query)."""
    return {
        pk: tuple(fact for fact in found if fact.major)
        for pk, found in incidents(operator_ids, window).items()
    }


# --- credit punishment measures in force (issue 16 item 4) -------------------------------------


@dataclass(frozen=True)
class PunishmentFact:
    ref: Ref
    operator_id: int
    measure: str  # a code of punishment.CATALOGUE
    ground: str  # Punishment.Ground
    ground_ref: Ref
    starts_on: date
    ends_on: date


def punished(operator_ids: Iterable[int], on: date) -> dict[int, tuple[PunishmentFact, ...]]:
    """Credit punishment measures in force on ``on`` (one query); ``measure`` says which, e.g.
    ``no_titles`` or ``no_promotion`` for code that must exclude the operator."""
    from .models import Punishment

    ids = operator_id_list(operator_ids)
    rows = (
        Punishment.objects.filter(operator_id__in=ids, starts_on__lte=on, ends_on__gte=on)
        .order_by("operator_id", "starts_on", "pk")
        .values(
            "pk",
            "operator_id",
            "measure",
            "ground",
            "ground_label",
            "ground_id",
            "starts_on",
            "ends_on",
        )
    )
    facts = (
        PunishmentFact(
            ref=Ref.to(Punishment, row["pk"]),
            operator_id=row["operator_id"],
            measure=row["measure"],
            ground=row["ground"],
            ground_ref=Ref(row["ground_label"], row["ground_id"]),
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
        )
        for row in rows
    )
    return group_by_operator(ids, facts)


def excluded_by(measure_code: str, operator_ids: Iterable[int], on: date) -> dict[int, str]:
    """The operators a punishment measure in force on ``on`` excludes, each with the measure
    and its ground in words (the reason a withdrawal or a refusal shows)."""
    from .punishment import measure

    item = measure(measure_code)
    found = {}
    for operator_id, facts in punished(operator_ids, on).items():
        for fact in facts:
            if fact.measure == measure_code:
                found[operator_id] = _("失信惩戒：%(measure)s（%(start)s至%(end)s）") % {
                    "measure": item.label if item else measure_code,
                    "start": fact.starts_on.isoformat(),
                    "end": fact.ends_on.isoformat(),
                }
                break
    return found
