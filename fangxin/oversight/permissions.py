"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules

from fangxin.core import permissions as core_permissions

# -- dashboards and the summary report ------------------------------------------------------
# The office sees the county and any station; a station its own (the views hold it to it).
rules.add_perm("oversight.view_dashboard", core_permissions.acts_as_regulator)
rules.add_perm("oversight.generate_report", core_permissions.acts_as_regulator)
rules.add_perm("oversight.compare_stations", core_permissions.is_office)

# --- public-opinion incidents and publicity (issue 16 items 5 and 6) --------------------------
# A station records incidents about operators of its own area, the office about any; the office
# alone judges whether an incident has a major social impact (the county's decision); the
# station or the office then holds the interview and closes the incident.
rules.add_perm(
    "oversight.view_incidents", core_permissions.acts_as_regulator & core_permissions.in_scope
)
rules.add_perm(
    "oversight.record_incident", core_permissions.acts_as_regulator & core_permissions.in_scope
)
rules.add_perm("oversight.judge_incident", core_permissions.is_office)
rules.add_perm(
    "oversight.hold_interview", core_permissions.acts_as_regulator & core_permissions.in_scope
)
rules.add_perm(
    "oversight.close_incident", core_permissions.acts_as_regulator & core_permissions.in_scope
)
# Publicity activities, meetings and field visits: a station keeps its own, the office the
# county's and every station's.
rules.add_perm(
    "oversight.view_publicity", core_permissions.acts_as_regulator & core_permissions.in_scope
)
rules.add_perm(
    "oversight.manage_publicity", core_permissions.acts_as_regulator & core_permissions.in_scope
)
# Choosing a record's station (or none: the county): the office; a station's records are its own.
rules.add_perm("oversight.choose_record_station", core_permissions.is_office)
# The red and black list: the office drafts, edits, approves and publishes, sets the rules and
# records exits; a station reads its own area's drafts and exports a publication.
_lists_readers = core_permissions.is_office | core_permissions.is_station
rules.add_perm("oversight.view_lists", _lists_readers)
rules.add_perm("oversight.export_lists", _lists_readers)
rules.add_perm("oversight.draft_lists", core_permissions.is_office)
rules.add_perm("oversight.edit_lists", core_permissions.is_office)
rules.add_perm("oversight.approve_lists", core_permissions.is_office)
rules.add_perm("oversight.publish_lists", core_permissions.is_office)
rules.add_perm("oversight.set_list_rules", core_permissions.is_office)
rules.add_perm("oversight.record_list_exit", core_permissions.is_office)

# --- key supervision targets from results, risk classes, credit punishment (issue 16 2-4) ---
_regulator = core_permissions.acts_as_regulator
_in_scope = core_permissions.in_scope
_office = core_permissions.is_office
_partner = core_permissions.is_partner

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
