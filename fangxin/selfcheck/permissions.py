"""Who may act on self-inspections: one named permission per action (see
``fangxin.core.permissions``). The operator fills in and submits its own; the office or the
responsible station accepts or returns it. Asked without an object each answers for the
role; asked with one (an enrolment, a self-inspection, an answer) it also checks the row.
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import acts_as_regulator, in_scope, is_operator, sees_as_regulator


def _operator_id(obj) -> int | None:
    """The operator an enrolment, self-inspection or answer belongs to."""
    if hasattr(obj, "inspection"):  # an answer
        obj = obj.inspection
    if hasattr(obj, "enrolment"):  # a self-inspection
        obj = obj.enrolment
    return getattr(obj, "operator_id", None)


@rules.predicate
def operator_itself(user, obj) -> bool:
    """The row is the user's own operator's; no row: yes (role level)."""
    if obj is None:
        return True
    return user.operator_id is not None and user.operator_id == _operator_id(obj)


# Start a self-inspection, save answers, attach evidence: the operator itself.
rules.add_perm("selfcheck.fill", is_operator & operator_itself)
# Submit it for review: the operator itself.
rules.add_perm("selfcheck.submit", is_operator & operator_itself)
# Report that a non-compliant item has been put right: the operator itself.
rules.add_perm("selfcheck.report_rectification", is_operator & operator_itself)
# Accept or return a submitted self-inspection: the office, the station in its jurisdiction.
rules.add_perm("selfcheck.review", acts_as_regulator & in_scope)
# Follow the progress of a campaign's self-inspections, station by station.
rules.add_perm("selfcheck.view_progress", sees_as_regulator)
