"""Who may do what in oversight, as one table a reader can check."""

from __future__ import annotations

from fangxin.core.permissions import roles_holding

EXPECTED: dict[str, set[str]] = {}


def test_the_permission_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("oversight.")}
    assert registered == set(EXPECTED)
    assert {perm: roles_holding(perm) for perm in EXPECTED} == EXPECTED


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
