"""The moves an enrolment may make (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

APPLIED = "applied"
ENROLLED = "enrolled"
WITHDRAWN = "withdrawn"

# An operator's application is approved by its station; the office's list may take an operator
# back in after it withdrew. Withdrawing is declared for the office's exit procedure.
ENROLMENT = table(
    "programme.enrolment.status",
    {
        APPLIED: {ENROLLED, WITHDRAWN},
        ENROLLED: {WITHDRAWN},
        WITHDRAWN: {ENROLLED},
    },
)
