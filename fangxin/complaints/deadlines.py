"""Recomputing open complaints' deadlines when a period version or a calendar year changes.

Each recorded deadline (``Complaint.periods_used``) keeps its code, start and extension, so it
can be computed again on the version now in force and the calendar the office has entered.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fangxin.core import calendar, periods
from fangxin.core.notify import notify_users
from fangxin.registry.services import record_event

from . import states
from .models import Complaint, ComplaintEvent

# code -> (the deadline field it sets, the field that records the step as done)
FIELDS = {
    "complaint_acceptance": ("decide_by", "decided_on"),
    "tipoff_verification": ("decide_by", "decided_on"),
    "complaint_mediation": ("mediation_ends_by", "mediation_ended_on"),
    "complaint_mediation_notice": ("notify_by", "notified_on"),
    "tipoff_informant_notice": ("notify_by", "notified_on"),
}


def _operator_may_see(complaint: Complaint) -> bool:
    # The operator's timeline shows what its scope shows: accepted complaints, never tip-offs.
    return (
        complaint.operator_id is not None
        and complaint.kind == states.COMPLAINT
        and complaint.decided_on is not None
        and not complaint.not_accepted_reason
    )


def recompute(
    complaint: Complaint, *, rule_ids=frozenset(), years=frozenset(), actor=None, reason=""
) -> bool:
    """Recompute the pending deadlines of one open item touched by the change; True if touched.

    Writes the event row (and the operator's timeline entry where the operator may see the
    item) and tells the handlers when a date moved.
    """
    from .services import _deadline, _refresh_due, _station_users

    if not complaint.is_open:
        return False
    moved: list[str] = []
    touched = False
    for code, entry in list(complaint.periods_used.items()):
        if code not in FIELDS or not isinstance(entry, dict) or "start" not in entry:
            continue
        field, done = FIELDS[code]
        old_due = getattr(complaint, field)
        if old_due is None or getattr(complaint, done) is not None:
            continue
        start = date.fromisoformat(entry["start"])
        extended = entry.get(
            "extended", code == "tipoff_verification" and complaint.decision_extended
        )
        try:
            rule = periods.rule_for(code, start)
        except (LookupError, ValidationError):
            continue
        new_due = _deadline(code, start, complaint, extended=extended)
        if code == "complaint_mediation" and complaint.testing_days:
            # Testing days do not count against mediation: they were added to the deadline.
            new_due = calendar.add_working_days(new_due, complaint.testing_days).value
            complaint.periods_used[code]["due"] = new_due.isoformat()
        span = range(start.year, max(old_due, new_due).year + 1)
        if entry.get("rule") in rule_ids or rule.pk in rule_ids or any(y in span for y in years):
            touched = True
            if new_due != old_due:
                setattr(complaint, field, new_due)
                moved.append(
                    _("%(field)s由%(old)s改为%(new)s")
                    % {
                        "field": Complaint._meta.get_field(field).verbose_name,
                        "old": old_due.isoformat(),
                        "new": new_due.isoformat(),
                    }
                )
        else:
            complaint.periods_used[code] = entry  # untouched: keep what was recorded
    if not touched:
        return False
    _refresh_due(complaint)
    complaint.save()
    outcome = "；".join(moved) if moved else _("期限不变")
    note = f"{reason}。{outcome}"[:1000]
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.DEADLINE, note=note, actor=actor
    )
    if _operator_may_see(complaint):
        record_event(
            complaint.operator,
            "complaint",
            _("投诉%(code)s期限重算：%(outcome)s")
            % {"code": complaint.tracking_code, "outcome": outcome},
            actor,
            {"complaint": complaint.pk},
        )
    if moved:
        subject = _("投诉举报期限已变更：%s") % complaint.tracking_code
        station_id = complaint.station_id
        transaction.on_commit(lambda: notify_users(_station_users(station_id), subject, note))
    return True


def on_deadlines_changed(sender, *, rules=(), years=frozenset(), actor=None, reason="", **kw):
    rule_ids = frozenset(rule.pk for rule in rules)
    codes = {rule.code for rule in rules}
    if codes and not codes & set(FIELDS) and not years:
        return 0
    count = 0
    with transaction.atomic():
        open_items = Complaint.objects.exclude(status__in=states.FINAL)
        for complaint in open_items.select_for_update(of=("self",)).order_by("pk"):
            count += recompute(
                complaint, rule_ids=rule_ids, years=years, actor=actor, reason=reason
            )
    return count
