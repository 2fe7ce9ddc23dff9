"""The moves a self-inspection may make (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

# "Not started" is a reading for enrolments without a row, never a stored state.
NOT_STARTED = "not_started"
DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
ACCEPTED = "accepted"

SELF_INSPECTION = table(
    "selfcheck.selfinspection.status",
    {
        DRAFT: {SUBMITTED},
        SUBMITTED: {ACCEPTED, RETURNED},
        RETURNED: {SUBMITTED},
    },
)
