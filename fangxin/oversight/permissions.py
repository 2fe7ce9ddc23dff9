"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules

from fangxin.core import permissions as core_permissions  # noqa: F401

# --- key supervision targets from results, risk classes, credit punishment (issue 16 2-4) ---
from fangxin.core.permissions import acts_as_regulator as _regulator
from fangxin.core.permissions import in_scope as _in_scope
from fangxin.core.permissions import is_office as _office
from fangxin.core.permissions import is_partner as _partner

TARGETS_PERMISSIONS: dict[str, rules.Predicate] = {
    # The watch list from results and the risk classes: the office, or a station for its area.
    "oversight.view_targets": _regulator,
    "oversight.watch_from_results": _regulator & _in_scope,
    # The class by hand, the official classes, a recomputation: the office only.
    "oversight.override_risk_class": _office,
    "oversight.import_risk_classes": _office,
    "oversight.recompute_risk_classes": _office,
    # Credit punishment: the office records; the partner departments read and export.
    "oversight.record_punishment": _office,
    "oversight.view_punishments": _regulator | _partner,
    "oversight.export_punishments": _office | _partner,
}
for _name, _predicate in TARGETS_PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
