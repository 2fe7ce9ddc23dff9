"""Demo scores: every campaign whose evaluation phase has begun gets the association's scores
(行业评议, entered as on the first day of its evaluation phase) and is scored from its facts.

Idempotent: association scores are entered once per campaign; recomputation replaces the
automatic ledger entries and the scores. Panels and members' scores: ``demo_panels``.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from fangxin.core.models import User
from fangxin.core.roles import Role
from fangxin.programme.models import Campaign, Enrolment, PhaseCode

from . import demo_panels, services
from .models import LedgerEntry


def _association_scores(campaign: Campaign, evaluation) -> int:
    if LedgerEntry.objects.filter(
        enrolment__campaign=campaign, source=LedgerEntry.Source.ASSOCIATION
    ).exists():
        return 0
    association = User.objects.filter(role=Role.ASSOCIATION, is_active=True).first()
    if association is None:
        return 0
    rng = random.Random(campaign.year)
    scores = {
        pk: Decimal(rng.choice(["7", "7.5", "8", "8.5", "9", "9", "9.5", "10"]))
        for pk in Enrolment.objects.filter(campaign=campaign)
        .enrolled()
        .order_by("pk")
        .values_list("pk", flat=True)
    }
    if not scores:
        return 0
    return services.score_industry(association, campaign, scores, today=evaluation.starts_on)


def build(log=print) -> None:
    today = timezone.localdate()
    scored = []
    for campaign in Campaign.objects.prefetch_related("phases").order_by("year"):
        evaluation = next(
            (p for p in campaign.phases.all() if p.code == PhaseCode.EVALUATION), None
        )
        if evaluation is None or evaluation.starts_on > today or services.is_closed(campaign):
            continue
        industry = _association_scores(campaign, evaluation)
        sheets = demo_panels.build(campaign, evaluation)
        count = services.recompute_campaign_now(campaign.pk)
        scored.append(
            f"{campaign.year}: {count} scored, {industry} association scores, "
            f"{sheets} panel members' sheets"
        )
    log(f"evaluation: {'; '.join(scored) or 'nothing to score yet'}")
