"""Who may do what with titles, as one table a reader can check against the plan."""

from __future__ import annotations

from fangxin.core.permissions import roles_holding

EXPECTED = {
    # The notice, the objections, the award: the office.
    "titles.publish_notice": {"office"},
    "titles.resolve_objection": {"office"},
    # The objectors' names and phones (each unmasked view logged).
    "titles.view_objections": {"office"},
    "titles.award": {"office"},
    # Confirming a veto (which revokes the title) and reversing a revocation.
    "titles.confirm_veto": {"office"},
    "titles.reinstate": {"office"},
    "titles.view_titles": {"office"},
    # A certificate: the office any, the operator its own (row checked by in_scope).
    "titles.view_certificate": {"office", "operator"},
    "titles.view_own_titles": {"operator"},
    # The right to reply (its own result or title) and its approval before publication.
    "titles.reply": {"operator"},
    "titles.decide_reply": {"office"},
    # Re-evaluation: the operator asks for its own; the office decides (ledger entry).
    "titles.request_reevaluation": {"operator"},
    "titles.decide_reevaluation": {"office"},
}


def test_the_permission_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("titles.")}
    assert registered == set(EXPECTED)
    assert {perm: roles_holding(perm) for perm in EXPECTED} == EXPECTED
