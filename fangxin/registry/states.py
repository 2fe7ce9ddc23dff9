"""The moves an operator's standing and a profile change request may make (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

APPLIED = "applied"
ACTIVE = "active"
SUSPENDED = "suspended"
LEFT = "left"
REJECTED = "rejected"

# An application is confirmed or rejected (and a rejected one may be resubmitted); an operator in
# the pool may be suspended or leave, and come back.
OPERATOR = table(
    "registry.operator.status",
    {
        APPLIED: {ACTIVE, REJECTED},
        REJECTED: {APPLIED},
        ACTIVE: {SUSPENDED, LEFT},
        SUSPENDED: {ACTIVE, LEFT},
        LEFT: {ACTIVE},
    },
)

PENDING = "pending"
APPROVED = "approved"

# A name or USCC change is decided once.
PROFILE_CHANGE = table("registry.profilechange.status", {PENDING: {APPROVED, REJECTED}})
