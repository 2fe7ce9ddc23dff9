"""The office's warnings about deadlines that rest on something not yet checked."""

from __future__ import annotations

from django import template
from django.utils import timezone

from fangxin.core import periods
from fangxin.core.models import CalendarYear, PeriodRule
from fangxin.core.workdays import LIBRARY_YEARS

register = template.Library()


@register.inclusion_tag("core/period_warnings.html", takes_context=True)
def period_warnings(context):
    """Unconfirmed period versions in force and calendar years not entered (office only)."""
    user = context.get("user")
    if not (user and user.is_authenticated and user.has_perm("core.confirm_period_rule")):
        return {"show": False}
    today = timezone.localdate()
    entered = set(CalendarYear.objects.values_list("year", flat=True))
    missing_years = [
        y for y in (today.year, today.year + 1) if y not in entered and y not in LIBRARY_YEARS
    ]
    rules = periods.unconfirmed_in_force(today)
    others = periods.other_unconfirmed(today)
    return {
        "show": bool(rules or others or missing_years),
        "rules": rules,
        "others": others,
        "missing_years": missing_years,
        "can_edit": user.is_staff and user.has_perm("core.change_periodrule"),
    }


@register.simple_tag
def unconfirmed_rules(periods_used) -> list[PeriodRule]:
    """The unconfirmed versions among those an item's recorded deadlines rest on."""
    ids = [
        entry.get("rule")
        for entry in (periods_used or {}).values()
        if isinstance(entry, dict) and entry.get("rule")
    ]
    return list(PeriodRule.objects.filter(pk__in=ids, confirmed=False))


@register.simple_tag
def rule_in_force(code: str, on):
    """The version of ``code`` a date counts on, or None before the first one."""
    if on is None:
        return None
    try:
        return periods.rule_for(code, on)
    except (LookupError, periods.PeriodNotInForce):
        return None


@register.simple_tag
def unconfirmed_of(items) -> list:
    """The items (period versions, grounds …) not yet checked against the text in force."""
    return [item for item in items or () if not getattr(item, "confirmed", True)]
