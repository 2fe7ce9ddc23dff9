"""The moves of a monitored material and of a rule hit (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

PENDING, SCANNED, FAILED = "pending", "scanned", "failed"

# A material is scanned once; a rescan with a new rule set scans a scanned one again.
MATERIAL = table(
    "monitoring.material.status",
    {PENDING: {SCANNED, FAILED}, SCANNED: {SCANNED, FAILED}, FAILED: {SCANNED, FAILED}},
)

CONFIRMED, DISMISSED = "confirmed", "dismissed"

HIT = table("monitoring.hit.status", {PENDING: {CONFIRMED, DISMISSED}})
