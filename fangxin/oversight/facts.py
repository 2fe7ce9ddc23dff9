"""Oversight's read interface for the code above it (the public site) and for reports.

Titles sits below oversight and cannot import this: it keeps a credit-listed operator from a
title through its own veto (veto situation 6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fangxin.core.facts import Ref, group_by_operator, operator_id_list

from .models import Punishment


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
