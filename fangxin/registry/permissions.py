"""Who may act on the registry: one named permission per action (see
``fangxin.core.permissions``). Asked without an object each answers for the role; asked with
one it also checks the row. The Django model permissions ``registry.view_operator`` /
``add_operator`` / ``change_operator`` stay for the admin site only and are not asked here.
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import (
    acts_as_regulator,
    has_role,
    in_scope,
    is_office,
    is_operator,
    is_programme_staff,
    is_station,
)
from fangxin.core.roles import Role


def _station_of_area(area) -> int | None:
    return getattr(area, "station_id", None)


@rules.predicate
def area_of_own_station(user, area) -> bool:
    """The area (a ``core.Area``) belongs to the user's station; no area: yes (role level)."""
    if area is None:
        return True
    return user.station_id is not None and user.station_id == _station_of_area(area)


@rules.predicate
def own_operator(user, operator) -> bool:
    """The operator is the user's own (an operator's account); no operator: yes."""
    if operator is None:
        return True
    return user.operator_id is not None and user.operator_id == operator.pk


@rules.predicate
def responsible_station(user, operator) -> bool:
    """The user's station is responsible for the operator; no operator: yes."""
    if operator is None:
        return True
    return user.station_id is not None and user.station_id == operator.area.station_id


# Every role reads the operators it sees (the rows come from ``visible()``).
browses = has_role(*Role)

# The list, detail and API reading of operators.
rules.add_perm("registry.browse_operators", browses & in_scope)
# An operator's own profile page ("my profile", the home card, its own view of the detail).
rules.add_perm("registry.view_own_profile", is_operator & own_operator)
# Links from the timeline to the officials' pages.
rules.add_perm("registry.follow_timeline_links", is_programme_staff)
# Register an operator directly (object: the area it is placed in).
rules.add_perm("registry.register_operator", is_office | (is_station & area_of_own_station))
# Edit the profile and the child records of an operator in scope (an operator: its own).
rules.add_perm("registry.edit_operator", (acts_as_regulator | is_operator) & in_scope)
# Edit the guarded and regulator fields directly (an operator files a change request).
rules.add_perm("registry.edit_regulated_fields", acts_as_regulator & in_scope)
# File a studio or pickup point in an area (object: the area; a station only in its own).
rules.add_perm(
    "registry.place_premises",
    is_office | is_operator | (is_station & area_of_own_station),
)
# Set an operator's risk class.
rules.add_perm("registry.set_risk_class", is_office)
# Confirm or reject an application; suspend, reinstate or remove an operator.
rules.add_perm("registry.confirm_operator", acts_as_regulator & in_scope)
# An operator resubmits its own rejected application.
rules.add_perm("registry.resubmit_application", is_operator & in_scope)
# Approve or reject a requested change of name or USCC.
rules.add_perm("registry.approve_profile_change", acts_as_regulator & in_scope)
# Import from and export to Excel.
rules.add_perm("registry.import_operator", acts_as_regulator)
rules.add_perm("registry.export_operator", acts_as_regulator)
# Unmasked ID and phone numbers: the office, the responsible station, the operator itself.
rules.add_perm(
    "registry.view_personal_data",
    is_office | (is_station & responsible_station) | (is_operator & own_operator),
)
