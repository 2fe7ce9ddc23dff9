"""Nightly: rescore the campaigns still being scored, so the ledgers follow the facts.

A campaign is rescored from the start of its mobilisation phase to the end of its evaluation
phase, until the office closes scoring (then its scores stay frozen).
"""

from __future__ import annotations

from datetime import date

from fangxin.programme.models import Campaign, PhaseCode

from . import services


def rescore(today: date) -> int:
    done = 0
    for campaign in Campaign.objects.prefetch_related("phases").order_by("year"):
        phases = {p.code: p for p in campaign.phases.all()}
        first, last = phases.get(PhaseCode.MOBILISATION), phases.get(PhaseCode.EVALUATION)
        if first is None or last is None or not (first.starts_on <= today <= last.effective_end):
            continue
        if services.is_closed(campaign):
            continue
        services.recompute_campaign_now(campaign.pk)
        done += 1
    return done


def run(today: date) -> dict[str, int]:
    return {"campaigns_rescored": rescore(today)}
