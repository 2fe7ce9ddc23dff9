"""Nightly: holders are told 30 days before their title's validity ends; titles past it expire;
files kept on objection forms never sent are deleted."""

from __future__ import annotations

from datetime import date

from . import services


def run(today: date) -> dict[str, int]:
    return {
        "titles_expiry_notices": services.tell_expiring(today),
        "titles_expired": services.expire(today),
        "titles_pending_objection_evidence": services.sweep_pending_objection_evidence(),
    }
