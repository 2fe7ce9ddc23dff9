"""Who may act on complaints and tip-offs: one named permission per action (``rules``).

Asked without an object each answers for the role (may this kind of user ever do it, so a
page can offer it); asked with a complaint it also checks the row: only the office and the
station the item is routed to handle it. Which rows a user sees stays ``scopes.py``.
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import (
    acts_as_regulator,
    in_scope,
    is_inspector,
    is_office,
    is_operator,
    is_programme_staff,
    is_station,
    sees_as_regulator,
)

from .models import Complaint


def _complaint_of(obj):
    """The complaint an object belongs to (a complaint, or one of its evidence files)."""
    return getattr(obj, "complaint", obj)


@rules.predicate
def routed_to_own_station(user, obj) -> bool:
    """The item is routed to the user's station; asked without an item, yes."""
    if obj is None:
        return True
    complaint = _complaint_of(obj)
    return complaint.station_id is not None and user.station_id == complaint.station_id


@rules.predicate
def consented_contact_for_own_complaint(user, obj) -> bool:
    """A complaint (not a tip-off) against the user's operator whose complainant agreed to be
    contacted for mediation; asked without an item, yes."""
    if obj is None:
        return True
    complaint = _complaint_of(obj)
    return bool(
        complaint.consent_contact
        and complaint.operator_id is not None
        and complaint.operator_id == user.operator_id
        and complaint.kind == Complaint.Kind.COMPLAINT
    )


# The office, or the station the item is routed to: who handles an item.
handles = is_office | (is_station & routed_to_own_station)

# Every move on an item, each named for what it does (services.py asks for each).
HANDLING_ACTIONS = (
    "assign",
    "accept",
    "refuse",
    "mediate",
    "record_testing",
    "record_notice",
    "verify",
    "extend_verification",
    "decide",
    "merge",
    "record_finding",
    "order_inspection",
    "close",
    "follow_up",
)
for _action in HANDLING_ACTIONS:
    rules.add_perm(f"complaints.{_action}", handles)

# The handling side of the item page (the forms for the moves above, the access log).
rules.add_perm("complaints.handle", handles)
# Registration at the counter or by phone.
rules.add_perm("complaints.register", acts_as_regulator)
# The office's triage queue: items no station could be routed to yet.
rules.add_perm("complaints.triage", is_office)
# The bulk import of 12315 exports.
rules.add_perm("complaints.import_12315", is_office)
# The county-wide figures by station, and the dashboard narrowed to any one station.
rules.add_perm("complaints.compare_stations", is_office)
# The handling side of an item as the regulator sees it (station, deadlines, links to cases,
# the evidence); the operator sees the complaint against it without them.
rules.add_perm("complaints.view_handling", sees_as_regulator)
# The regulator's list of items (an operator sees the accepted complaints against it there).
rules.add_perm("complaints.view_list", sees_as_regulator | is_operator)
# The list as a spreadsheet (complainants masked): the regulator's side only.
rules.add_perm("complaints.export", sees_as_regulator)
# The dashboard and its spreadsheet.
rules.add_perm("complaints.view_dashboard", sees_as_regulator)
# The REST API is the regulator's and the programme's; an operator reads nothing there.
rules.add_perm("complaints.use_api", is_programme_staff)
# The complainant's files: the handling side, and the inspectors of the handling station.
rules.add_perm("complaints.view_evidence", handles | (is_inspector & in_scope))
# The complainant's name and phone unmasked: the handling side, and the operator when the
# complainant agreed to be contacted for mediation.
rules.add_perm(
    "complaints.see_complainant", handles | (is_operator & consented_contact_for_own_complaint)
)
