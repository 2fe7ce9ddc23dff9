"""Demo scores: every campaign whose evaluation phase has begun is scored from its facts.

Idempotent: recomputation replaces the automatic ledger entries and the scores. Panels, the
other dimensions' inputs and demo vetoes/blocked areas of their own are not built yet (issue 13
items 2, 3, 9); the ledgers show the rubric's defaults for those.
"""

from __future__ import annotations

from django.utils import timezone

from fangxin.programme.models import Campaign, PhaseCode

from . import services


def build(log=print) -> None:
    today = timezone.localdate()
    scored = []
    for campaign in Campaign.objects.prefetch_related("phases").order_by("year"):
        evaluation = next(
            (p for p in campaign.phases.all() if p.code == PhaseCode.EVALUATION), None
        )
        if evaluation is None or evaluation.starts_on > today or services.is_closed(campaign):
            continue
        count = services.recompute_campaign_now(campaign.pk)
        scored.append(f"{campaign.year}: {count}")
    log(f"evaluation: scores computed ({', '.join(scored) or 'none'})")
