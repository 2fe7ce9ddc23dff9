"""Who may do what in oversight, as one table a reader can check."""

from __future__ import annotations

from fangxin.core.permissions import roles_holding

EXPECTED: dict[str, set[str]] = {}


def test_the_permission_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("oversight.")}
    assert registered == set(EXPECTED)
    assert {perm: roles_holding(perm) for perm in EXPECTED} == EXPECTED


# The dashboard and the summary report (dashboard_views).
EXPECTED.update(
    {
        "oversight.view_dashboard": {"office", "station"},
        "oversight.generate_report": {"office", "station"},
        "oversight.compare_stations": {"office"},
    }
)

# Public-opinion incidents and publicity (incident_views, publicity_views).
EXPECTED.update(
    {
        "oversight.view_incidents": {"office", "station"},
        "oversight.record_incident": {"office", "station"},
        "oversight.judge_incident": {"office"},
        "oversight.hold_interview": {"office", "station"},
        "oversight.close_incident": {"office", "station"},
        "oversight.view_publicity": {"office", "station"},
        "oversight.manage_publicity": {"office", "station"},
        "oversight.choose_record_station": {"office"},
    }
)

# The red and black list.
EXPECTED.update(
    {
        "oversight.view_lists": {"office", "station"},
        "oversight.export_lists": {"office", "station"},
        "oversight.draft_lists": {"office"},
        "oversight.edit_lists": {"office"},
        "oversight.approve_lists": {"office"},
        "oversight.publish_lists": {"office"},
        "oversight.set_list_rules": {"office"},
        "oversight.record_list_exit": {"office"},
    }
)

# Key supervision targets from results, risk classes, credit punishment.
EXPECTED.update(
    {
        "oversight.view_targets": {"office", "station"},
        "oversight.watch_from_results": {"office", "station"},
        "oversight.override_risk_class": {"office"},
        "oversight.import_risk_classes": {"office"},
        "oversight.recompute_risk_classes": {"office"},
        "oversight.record_punishment": {"office"},
        "oversight.view_punishments": {"office", "station", "partner"},
        "oversight.export_punishments": {"office", "partner"},
    }
)
