"""Who may act on the programme (campaigns, phases, the guide, enrolment, training): one named
permission per action (see ``fangxin.core.permissions``). Asked without an object each answers
for the role; asked with one (an operator, an enrolment) it also checks the row's scope.
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import (
    acts_as_regulator,
    in_scope,
    is_office,
    is_operator,
    is_station,
)


@rules.predicate
def own_operator_of(user, obj) -> bool:
    """The enrolment (or operator) is the user's own; no object: yes (role level)."""
    if obj is None:
        return True
    operator_id = obj.operator_id if hasattr(obj, "operator_id") else obj.pk
    return user.operator_id is not None and user.operator_id == operator_id


# Create a campaign, or copy one to another year.
rules.add_perm("programme.create_campaign", is_office)
# Set a phase's dates, or extend a phase past its end.
rules.add_perm("programme.adjust_phase", is_office)
# Revise the work guide (a new version).
rules.add_perm("programme.edit_guide", is_office)
# Enrol operators in a campaign, approve an operator's application to take part (object: the
# operator, or its enrolment): the office, a station within its jurisdiction.
rules.add_perm("programme.enrol", acts_as_regulator & in_scope)
# Enrol after mobilisation without giving a reason.
rules.add_perm("programme.enrol_late_without_reason", is_office)
# An operator applies to take part in a campaign.
rules.add_perm("programme.apply_to_enrol", is_operator & own_operator_of)
# Record a training session and its attendance.
rules.add_perm("programme.record_training", acts_as_regulator)
# The training sessions in the navigation (the page lists what visible() gives anyone).
rules.add_perm("programme.view_trainings", is_office | is_station | is_operator)
