"""Statutory periods as versioned configuration, and the deadlines they give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction

from . import calendar
from .models import PeriodRule

DEFAULT_FILE = Path(__file__).parent / "data" / "periods.yaml"


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool  # computed on a Monday–Friday guess for a year without holiday data
    rule: PeriodRule


def rule_for(code: str, on: date) -> PeriodRule:
    """The version of ``code`` in force on ``on`` (the matter's start, e.g. the receipt date)."""
    rule = (
        PeriodRule.objects.filter(code=code, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise LookupError(f"no period rule {code!r} in force on {on}")
    return rule


def deadline(code: str, start: date, *, extended: bool = False) -> Deadline:
    rule = rule_for(code, start)
    days = rule.days + (rule.extension_days if extended else 0)
    if rule.unit == PeriodRule.Unit.WORKING_DAYS:
        result = calendar.add_working_days(start, days)
        return Deadline(result.value, result.provisional, rule)
    return Deadline(start + timedelta(days=days), False, rule)


@transaction.atomic
def load(path: Path = DEFAULT_FILE) -> int:
    """Create the versions the file lists that are missing; never change existing ones."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    created = 0
    for item in data["periods"]:
        _rule, made = PeriodRule.objects.get_or_create(
            code=item["code"],
            effective_from=item["effective_from"],
            defaults={
                "name": item["name"],
                "days": item["days"],
                "unit": item["unit"],
                "extension_days": item.get("extension_days", 0),
                "source": item["source"],
            },
        )
        created += made
    return created
