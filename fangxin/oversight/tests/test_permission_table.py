"""Who may do what in oversight, as one table a reader can check."""

from __future__ import annotations

from fangxin.core.permissions import roles_holding

EXPECTED: dict[str, set[str]] = {}


def test_the_permission_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("oversight.")}
    assert registered == set(EXPECTED)
    assert {perm: roles_holding(perm) for perm in EXPECTED} == EXPECTED


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
