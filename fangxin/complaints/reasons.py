"""The legal grounds for not accepting a complaint, versioned by the rule's text.

The shipped versions live in ``data/``; they are loaded into the database
(``NotAcceptedGround``), where the office confirms or corrects them. A complaint is decided on
the version of each ground in force on its receipt date, as its deadlines are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

REASONS_FILE = Path(__file__).parent / "data" / "not_accepted_reasons.yaml"


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    source: str  # the rule by name and the article
    effective_from: date | None = None
    confirmed: bool = True
    note: str = ""


@dataclass(frozen=True)
class Version:
    effective_from: date
    rule: str
    confirmed: bool
    note: str
    reasons: dict[str, dict]


def parse(text: str) -> list[Version]:
    data = yaml.safe_load(text) or {}
    versions: list[Version] = []
    for number, item in enumerate(data.get("versions") or [], start=1):
        missing = {"effective_from", "rule", "reasons"} - set(item or {})
        if missing:
            raise ValueError(f"version {number}: missing {', '.join(sorted(missing))}")
        if not isinstance(item["effective_from"], date):
            raise ValueError(f"version {number}: effective_from is not a date")
        reasons: dict[str, dict] = {}
        for index, reason in enumerate(item["reasons"] or [], start=1):
            missing = {"code", "text"} - set(reason or {})
            if missing:
                raise ValueError(
                    f"version {number} reason {index}: missing {', '.join(sorted(missing))}"
                )
            if reason["code"] in reasons:
                raise ValueError(f"version {number} reason {index}: duplicate {reason['code']!r}")
            reasons[reason["code"]] = reason
        if not reasons:
            raise ValueError(f"version {number}: no reasons listed")
        versions.append(
            Version(
                item["effective_from"],
                item["rule"],
                item.get("confirmed", True),
                item.get("note", ""),
                reasons,
            )
        )
    if not versions:
        raise ValueError("no versions listed")
    dates = [v.effective_from for v in versions]
    if len(set(dates)) != len(dates):
        raise ValueError("two versions from the same date")
    return sorted(versions, key=lambda v: v.effective_from)


@cache
def shipped() -> list[Version]:
    return parse(REASONS_FILE.read_text(encoding="utf-8"))


def not_accepted_reasons() -> dict[str, Reason]:
    """Every code ever shipped, in its latest shipped wording (for choices; no database)."""
    result: dict[str, Reason] = {}
    for version in shipped():
        for code, reason in version.reasons.items():
            result[code] = Reason(
                code,
                reason["text"],
                version.rule + reason.get("article", ""),
                version.effective_from,
                version.confirmed,
                version.note,
            )
    return result


def choices() -> list[tuple[str, str]]:
    return [(r.code, r.text) for r in not_accepted_reasons().values()]


def _reason(ground) -> Reason:
    return Reason(
        ground.code,
        ground.text,
        ground.source,
        ground.effective_from,
        ground.confirmed,
        ground.note,
    )


def for_date(on: date) -> dict[str, Reason]:
    """Each ground in the version in force on ``on`` (a complaint's receipt date)."""
    from .models import NotAcceptedGround

    latest: dict[str, Reason] = {}
    rows = NotAcceptedGround.objects.filter(effective_from__lte=on).order_by("effective_from", "pk")
    for ground in rows:
        latest[ground.code] = _reason(ground)  # a later version replaces an earlier one
    return latest


def unconfirmed_in_force(on: date | None = None) -> list[Reason]:
    on = on or timezone.localdate()
    return [reason for reason in for_date(on).values() if not reason.confirmed]


@transaction.atomic
def load() -> int:
    """Create the shipped versions that are missing; never change existing rows."""
    from .models import NotAcceptedGround

    created = 0
    for version in shipped():
        for code, reason in version.reasons.items():
            _row, made = NotAcceptedGround.objects.get_or_create(
                code=code,
                effective_from=version.effective_from,
                defaults={
                    "text": reason["text"][:300],
                    "rule": version.rule[:200],
                    "article": reason.get("article", "")[:100],
                    "confirmed": version.confirmed,
                    "note": version.note[:500],
                },
            )
            created += made
    return created


@transaction.atomic
def confirm(user, grounds) -> int:
    """The office confirms versions of grounds (after correcting them in the admin if needed)."""
    from fangxin.core import periods

    if not periods.can_confirm(user) or not user.has_perm("complaints.change_notacceptedground"):
        raise PermissionDenied(_("只有领导小组办公室可以核对不予受理情形。"))
    count = 0
    for ground in grounds:
        ground.confirmed, ground.confirmed_at = True, timezone.now()
        ground.save(update_fields=["confirmed", "confirmed_at"])
        count += 1
    return count
