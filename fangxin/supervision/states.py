"""The moves of supervision's status fields: draw plans, inspections, rectification orders,
cases and veto events (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

DRAFT, FROZEN, DRAWN, CANCELLED = "draft", "frozen", "drawn", "cancelled"

# A frozen plan has published its commitment: it is drawn once or cancelled, never re-run.
DRAW_PLAN = table(
    "supervision.drawplan.status",
    {DRAFT: {FROZEN, CANCELLED}, FROZEN: {DRAWN, CANCELLED}, DRAWN: {CANCELLED}},
)

PLANNED, RECORDED, PUBLISHED = "planned", "recorded", "published"

# A recorded result may be corrected until the station publishes it (公示); publishing is the
# station's approval, so there is no separate "approved" state.
INSPECTION = table(
    "supervision.inspection.status",
    {PLANNED: {RECORDED}, RECORDED: {RECORDED, PUBLISHED}},
)

ISSUED, ANSWERED, REJECTED, VERIFIED = "issued", "answered", "rejected", "verified"

ORDER = table(
    "supervision.rectificationorder.status",
    {ISSUED: {ANSWERED}, ANSWERED: {VERIFIED, REJECTED}, REJECTED: {ANSWERED}},
)

CLUE, NO_CASE, FILED, INVESTIGATING, DECIDED, CLOSED = (
    "clue",
    "no_case",
    "filed",
    "investigating",
    "decided",
    "closed",
)

# The penalty procedure: a clue is filed or not within its period, a filed case is decided
# (directly or after an investigation stage), a decided case is closed.
CASE = table(
    "supervision.case.status",
    {
        CLUE: {FILED, NO_CASE},
        FILED: {INVESTIGATING, DECIDED},
        INVESTIGATING: {DECIDED},
        DECIDED: {CLOSED},
    },
)

PROPOSED, CONFIRMED = "proposed", "confirmed"

VETO_EVENT = table("supervision.vetoevent.status", {PROPOSED: {CONFIRMED, REJECTED}})
