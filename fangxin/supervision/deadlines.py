"""Recomputing open supervision deadlines when a period version or a calendar year changes.

Case clocks, rectification orders and inspection publication are computed again on the version
in force on their start and on the calendar the office has entered; a timeline entry records
each item touched, and the station is told when a date moved.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fangxin.core import calendar, periods
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.roles import Role
from fangxin.registry.services import record_event

from .models import Case, Inspection, RectificationOrder

CODES = {"case_clue_verification", "case_decision", "inspection_publication"}
# Orders count the office's working days from the default period, so only calendar years move them.
CALENDAR_CODES = {"rectification_default"}


def _touches(rule, start: date, old: date, new: date, rule_ids, years) -> bool:
    if rule is not None and rule.pk in rule_ids:
        return True
    return any(start.year <= y <= max(old, new).year for y in years)


def _report(operator, kind: str, what: str, old: date, new: date, actor, reason, data) -> None:
    outcome = (
        _("%(what)s由%(old)s改为%(new)s") % {"what": what, "old": old, "new": new}
        if old != new
        else _("%(what)s不变（%(due)s）") % {"what": what, "due": old}
    )
    summary = f"{reason}。{outcome}"[:500]
    record_event(operator, kind, summary, actor, data)
    if old != new:
        station_id = operator.area.station_id
        transaction.on_commit(
            lambda: notify_users(
                User.objects.filter(role=Role.STATION, station_id=station_id, is_active=True),
                _("期限已变更：%s") % operator.name,
                summary,
            )
        )


def _deadline(code, start, *, extended=False):
    try:
        return periods.deadline(code, start, extended=extended)
    except (LookupError, ValidationError):
        return None


def recompute_cases(rule_ids, years, actor, reason) -> int:
    count = 0
    for case in Case.objects.filter(status=Case.Status.CLUE).select_related("operator__area"):
        due = _deadline(
            "case_clue_verification", case.clue_received_on, extended=case.filing_extended
        )
        if due is None or not _touches(
            due.rule, case.clue_received_on, case.decide_filing_by, due.due, rule_ids, years
        ):
            continue
        old = case.decide_filing_by
        case.decide_filing_by, case.decide_filing_provisional = due.due, due.provisional
        case.save(update_fields=["decide_filing_by", "decide_filing_provisional"])
        what = str(Case._meta.get_field("decide_filing_by").verbose_name)
        _report(case.operator, "case", what, old, due.due, actor, reason, {"case": case.pk})
        count += 1
    running = Case.objects.filter(
        status__in=[Case.Status.FILED, Case.Status.INVESTIGATING],
        filed_on__isnull=False,
        decide_by__isnull=False,
    )
    for case in running.select_related("operator__area"):
        due = _deadline("case_decision", case.filed_on, extended=case.decision_extended)
        # A calendar-day period: only a change of the version moves it, never a calendar year.
        if due is None or due.rule.pk not in rule_ids:
            continue
        old = case.decide_by
        case.decide_by = due.due + timedelta(days=case.suspended_days)
        case.save(update_fields=["decide_by"])
        what = str(Case._meta.get_field("decide_by").verbose_name)
        _report(case.operator, "case", what, old, case.decide_by, actor, reason, {"case": case.pk})
        count += 1
    return count


def recompute_orders(years, actor, reason) -> int:
    if not years:
        return 0
    count = 0
    for order in RectificationOrder.objects.filter(
        status__in=RectificationOrder.AWAITING_OPERATOR
    ).select_related("operator__area"):
        due = calendar.add_working_days(order.issued_on, order.working_days)
        if not _touches(None, order.issued_on, order.due_on, due.value, (), years):
            continue
        old = order.due_on
        order.due_on, order.due_provisional = due.value, due.provisional
        order.save(update_fields=["due_on", "due_provisional"])
        what = str(RectificationOrder._meta.get_field("due_on").verbose_name)
        _report(order.operator, "order", what, old, due.value, actor, reason, {"order": order.pk})
        count += 1
    return count


def recompute_inspections(rule_ids, years, actor, reason) -> int:
    count = 0
    pending = Inspection.objects.filter(
        published_at__isnull=True, publish_due__isnull=False, inspected_on__isnull=False
    ).select_related("operator__area")
    for inspection in pending:
        due = _deadline("inspection_publication", inspection.inspected_on)
        if due is None or not _touches(
            due.rule, inspection.inspected_on, inspection.publish_due, due.due, rule_ids, years
        ):
            continue
        old = inspection.publish_due
        inspection.publish_due, inspection.publish_due_provisional = due.due, due.provisional
        inspection.save(update_fields=["publish_due", "publish_due_provisional"])
        what = str(Inspection._meta.get_field("publish_due").verbose_name)
        _report(
            inspection.operator,
            "inspection",
            what,
            old,
            due.due,
            actor,
            reason,
            {"inspection": inspection.pk},
        )
        count += 1
    return count


def on_deadlines_changed(sender, *, rules=(), years=frozenset(), actor=None, reason="", **kw):
    rule_ids = frozenset(rule.pk for rule in rules)
    codes = {rule.code for rule in rules}
    if not years and not codes & CODES:
        return 0
    with transaction.atomic():
        return (
            recompute_cases(rule_ids, years, actor, reason)
            + recompute_orders(years, actor, reason)
            + recompute_inspections(rule_ids, years, actor, reason)
        )
