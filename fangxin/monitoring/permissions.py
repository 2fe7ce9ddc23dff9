"""Who may act on monitoring material: one named permission per action (``rules``).

Asked without an object each answers for the role (may this kind of user ever do it, so a
page can offer it); asked with an operator, a material or a hit it also checks the row: a
station works on the operators in its area, the office and the monitors on any. Which rows a
user sees stays ``scopes.py``; the operator sees none of this (it sees confirmed hits as
findings).
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import (
    is_monitor,
    is_office,
    is_programme_staff,
    is_station,
    sees_as_regulator,
)
from fangxin.core.scoping import can_see

from .models import Hit, Material


def _operator_of(obj):
    if isinstance(obj, Hit):
        return obj.material.operator
    if isinstance(obj, Material):
        return obj.operator
    return obj


@rules.predicate
def operator_in_scope(user, obj) -> bool:
    """The operator (of the material, of the hit) is one the user sees; asked without one,
    yes."""
    return obj is None or can_see(user, _operator_of(obj))


# The office and the monitors everywhere; a station for the operators in its area.
monitors = is_office | is_monitor | (is_station & operator_in_scope)
# Those who maintain the rule list.
keeps_rules = is_office | is_monitor

# The material list, one material's page and its file.
rules.add_perm("monitoring.see_material", sees_as_regulator | is_monitor)
# The dashboard and its spreadsheet.
rules.add_perm("monitoring.view_dashboard", sees_as_regulator | is_monitor)
# Hand in material about an operator (asked with the operator).
rules.add_perm("monitoring.upload_material", monitors)
# Confirm or dismiss a hit (asked with the hit or its material).
rules.add_perm("monitoring.review_hit", monitors)
# Scan stored material again with the rule list in use now.
rules.add_perm("monitoring.rescan", keeps_rules)
# Scan a text through the API without storing it.
rules.add_perm("monitoring.scan_text", keeps_rules)
# Read the rule list and its versions (a station reads what its operators are checked against).
rules.add_perm("monitoring.view_rule_list", is_office | is_station | is_monitor)
# Save a new rule-list version, or put an older one back in use.
rules.add_perm("monitoring.edit_rule_list", keeps_rules)
# The licence-display checks (亮照亮证检查): who reads them (rows from visible()), and who
# records one: the monitors whose job it is, and the office.
rules.add_perm("monitoring.see_licence_checks", sees_as_regulator | is_monitor)
rules.add_perm("monitoring.record_licence_check", is_office | is_monitor)
# The REST API's lists and details (the rows come from visible()); an operator reads nothing.
rules.add_perm("monitoring.use_api", is_programme_staff)
