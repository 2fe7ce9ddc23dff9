"""Statutory periods as versioned configuration, and the deadlines they give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar, recompute
from .models import PeriodRule

DEFAULT_FILE = Path(__file__).parent / "data" / "periods.yaml"


class PeriodNotInForce(ValidationError):
    """The date is before the first version of the period: no deadline can be given.

    A ValidationError, so that forms show it and the API answers 400 (never a 500). Built by
    ``_not_in_force`` so that it keeps ValidationError's signature (copies and pickles work).
    """


def _not_in_force(on: date, first: PeriodRule) -> PeriodNotInForce:
    return PeriodNotInForce(
        _("%(date)s早于“%(name)s”的最早施行日期%(first)s，无法计算法定期限。")
        % {"date": on.isoformat(), "name": first.name, "first": first.effective_from},
        code="period_not_in_force",
    )


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool  # computed on a calendar the office has not entered (statutory guess)
    rule: PeriodRule

    @property
    def confirmed(self) -> bool:
        return self.rule.confirmed


def rule_for(code: str, on: date) -> PeriodRule:
    """The version of ``code`` in force on ``on`` (the matter's start, e.g. the receipt date).

    An unknown code is a programming error (LookupError); a date before the first version is the
    user's (PeriodNotInForce).
    """
    rule = (
        PeriodRule.objects.filter(code=code, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        first = PeriodRule.objects.filter(code=code).order_by("effective_from").first()
        if first is None:
            raise LookupError(f"no period rule {code!r}")
        raise _not_in_force(on, first)
    return rule


def deadline(code: str, start: date, *, extended: bool = False) -> Deadline:
    rule = rule_for(code, start)
    days = rule.days + (rule.extension_days if extended else 0)
    if rule.unit == PeriodRule.Unit.WORKING_DAYS:
        result = calendar.add_working_days(start, days)
        return Deadline(result.value, result.provisional, rule)
    return Deadline(start + timedelta(days=days), False, rule)


def unconfirmed_in_force(on: date | None = None) -> list[PeriodRule]:
    """The unconfirmed versions that matters starting on ``on`` (today) would count on."""
    on = on or timezone.localdate()
    current = []
    for code in PeriodRule.objects.values_list("code", flat=True).distinct().order_by("code"):
        rule = (
            PeriodRule.objects.filter(code=code, effective_from__lte=on)
            .order_by("-effective_from")
            .first()
        )
        if rule is not None and not rule.confirmed:
            current.append(rule)
    return current


# Other versioned legal texts (e.g. the complaints' not-accepted grounds) add their unchecked
# versions to the office's warning: callables taking a date and giving
# [{"name", "effective_from", "source", "note", "url"}].
OTHER_UNCONFIRMED: list = []


def other_unconfirmed(on: date) -> list[dict]:
    return [item for source in OTHER_UNCONFIRMED for item in source(on)]


def can_confirm(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("core.confirm_period_rule"))


@transaction.atomic
def confirm(
    user,
    rule: PeriodRule,
    *,
    days: int | None = None,
    extension_days: int | None = None,
    source: str | None = None,
    note: str | None = None,
) -> int:
    """The office confirms a version (correcting its figures or source if given); open items
    counted on it are recomputed. Returns how many items were recomputed."""
    if not can_confirm(user):
        raise PermissionDenied(_("只有领导小组办公室可以核对法定期限。"))
    errors = {}
    if days is not None and not 1 <= days <= 3650:
        errors["days"] = _("期限应为1到3650之间的整数。")
    if extension_days is not None and not 0 <= extension_days <= 3650:
        errors["extension_days"] = _("可延长期限应为0到3650之间的整数。")
    if source is not None and not source.strip():
        errors["source"] = _("请填写依据。")
    if errors:
        raise ValidationError(errors)
    rule = PeriodRule.objects.select_for_update().get(pk=rule.pk)
    before = (rule.days, rule.extension_days, rule.source, rule.confirmed)
    if days is not None:
        rule.days = days
    if extension_days is not None:
        rule.extension_days = extension_days
    if source is not None:
        rule.source = source.strip()[:300]
    if note is not None:
        rule.note = note.strip()[:500]
    rule.confirmed, rule.confirmed_at = True, timezone.now()
    rule.save()
    corrected = before[:3] != (rule.days, rule.extension_days, rule.source)
    if corrected:
        template = _(
            "法定期限“%(name)s”（%(date)s起施行）已由领导小组办公室更正：%(days)d%(unit)s，依据%(source)s"
        )
    else:
        template = _(
            "法定期限“%(name)s”（%(date)s起施行）已由领导小组办公室核对确认：%(days)d%(unit)s，依据%(source)s"
        )
    reason = template % {
        "name": rule.name,
        "date": rule.effective_from,
        "days": rule.days,
        "unit": rule.get_unit_display(),
        "source": rule.source,
    }
    return recompute.send(rules=[rule], actor=user, reason=reason)


def rule_changed(user, rule: PeriodRule) -> int:
    """After an edit in the admin: items counted on the version are recomputed."""
    reason = _("法定期限“%(name)s”（%(date)s起施行）已修改：%(days)d%(unit)s，依据%(source)s") % {
        "name": rule.name,
        "date": rule.effective_from,
        "days": rule.days,
        "unit": rule.get_unit_display(),
        "source": rule.source,
    }
    return recompute.send(rules=[rule], actor=user, reason=reason)


@transaction.atomic
def load(path: Path = DEFAULT_FILE) -> int:
    """Create the versions the file lists that are missing; never change existing ones.

    Open items whose start falls under a newly added version are recomputed on it (e.g. the
    complaints received from 2026-04-15 once the Order 121 versions arrive).
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    created = []
    for item in data["periods"]:
        rule, made = PeriodRule.objects.get_or_create(
            code=item["code"],
            effective_from=item["effective_from"],
            defaults={
                "name": item["name"],
                "days": item["days"],
                "unit": item["unit"],
                "extension_days": item.get("extension_days", 0),
                "source": item["source"],
                "confirmed": item.get("confirmed", True),
                "note": item.get("note", ""),
            },
        )
        if made:
            created.append(rule)
    if created:
        recompute.send(
            rules=created,
            reason=_("新增法定期限版本：%s")
            % "；".join(f"{r.name}（{r.effective_from}起）" for r in created),
        )
    return len(created)
