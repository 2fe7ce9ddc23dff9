"""The moves a complaint or a tip-off may make, declared once (no Django here)."""

from __future__ import annotations

from fangxin.core.states import Table, table

COMPLAINT = "complaint"
TIPOFF = "tipoff"

RECEIVED = "received"
ACCEPTED = "accepted"
NOT_ACCEPTED = "not_accepted"
MEDIATING = "mediating"
MEDIATED = "mediated"
MEDIATION_FAILED = "mediation_failed"
VERIFYING = "verifying"
CASE_OPENED = "case_opened"
NO_CASE = "no_case"
MERGED = "merged"
CLOSED = "closed"

# Order 20 (2019) and its 2026 successor: a complaint is accepted or not, then mediated; a
# tip-off is verified and ends in a decision whether to open a case.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    COMPLAINT: {
        RECEIVED: frozenset({ACCEPTED, NOT_ACCEPTED}),
        ACCEPTED: frozenset({MEDIATING, CLOSED}),
        MEDIATING: frozenset({MEDIATED, MEDIATION_FAILED}),
        MEDIATED: frozenset({CLOSED}),
        MEDIATION_FAILED: frozenset({CLOSED}),
        NOT_ACCEPTED: frozenset({CLOSED}),
    },
    TIPOFF: {
        RECEIVED: frozenset({VERIFYING, MERGED}),
        VERIFYING: frozenset({CASE_OPENED, NO_CASE, MERGED}),
        CASE_OPENED: frozenset({CLOSED}),
        NO_CASE: frozenset({CLOSED}),
    },
}

FINAL = frozenset({CLOSED, MERGED})

# The same moves as tables, one per kind (the status field's table depends on the row's kind).
TABLES: dict[str, Table] = {
    kind: table(f"complaints.complaint.status[{kind}]", moves)
    for kind, moves in TRANSITIONS.items()
}


def can_move(kind: str, current: str, target: str) -> bool:
    return kind in TABLES and TABLES[kind].allows(current, target)


def next_states(kind: str, current: str) -> frozenset[str]:
    return TABLES[kind].targets(current) if kind in TABLES else frozenset()
