"""Demo self-inspections in every state, for each campaign whose self-inspection phase has
begun by the demo's day."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from fangxin.programme import guides
from fangxin.programme.models import Campaign, Enrolment, PhaseCode
from fangxin.registry.demo import DEMO_OPERATOR_USCC

from .models import Answer, SelfInspection

S = SelfInspection.Status
R = Answer.Result
# Shares of enrolments per state; the rest are not started.
STATE_SHARES = [(S.ACCEPTED, 0.45), (S.SUBMITTED, 0.15), (S.RETURNED, 0.1), (S.DRAFT, 0.1)]


def build(log=print) -> None:
    rng = random.Random(20240701)
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    begun = Campaign.objects.filter(
        phases__code=PhaseCode.SELF_INSPECTION, phases__starts_on__lte=today
    ).distinct()
    for campaign in begun.order_by("year"):
        enrolments = list(
            Enrolment.objects.filter(campaign=campaign, self_inspection__isnull=True)
            .select_related("operator")
            .order_by("pk")
        )
        if not enrolments or SelfInspection.objects.filter(enrolment__campaign=campaign).exists():
            continue
        requirements = {
            kind: list(guides.requirements_for(campaign.guide, kind))
            for kind in ("livestream", "group_buying")
        }
        cursor = 0
        for state, share in STATE_SHARES:
            count = int(len(enrolments) * share)
            for enrolment in enrolments[cursor : cursor + count]:
                state_here = S.ACCEPTED if enrolment.operator.uscc == DEMO_OPERATOR_USCC else state
                _make(enrolment, state_here, requirements[enrolment.kind], rng, today, now)
                made += 1
            cursor += count
    log(f"self-inspections: {made} created")


def _make(enrolment, state, requirements, rng, today, now) -> None:
    inspection = SelfInspection.objects.create(
        enrolment=enrolment,
        status=state,
        submitted_at=now - timedelta(days=rng.randint(20, 120)) if state != S.DRAFT else None,
        reviewed_at=now - timedelta(days=rng.randint(1, 19))
        if state in (S.ACCEPTED, S.RETURNED)
        else None,
        review_comment="请补充进货查验记录的佐证材料。" if state == S.RETURNED else "",
    )
    answers = []
    for n, requirement in enumerate(requirements):
        if state == S.DRAFT and n > len(requirements) // 2:
            answers.append(Answer(inspection=inspection, requirement=requirement))
            continue
        roll = rng.random()
        result = (
            R.NON_COMPLIANT if roll < 0.12 else R.NOT_APPLICABLE if roll < 0.17 else R.COMPLIANT
        )
        answer = Answer(inspection=inspection, requirement=requirement, result=result)
        if result == R.NON_COMPLIANT:
            answer.plan = "已制定整改方案，落实专人负责。"
            answer.target_date = today + timedelta(days=rng.randint(-30, 40))
            if rng.random() < 0.4:
                answer.rectified_at = now - timedelta(days=rng.randint(1, 10))
                answer.rectification_note = "已完成整改并留存记录。"
        if state == S.RETURNED and n == 0:
            answer.review_comment = "请上传营业执照亮照的现场照片。"
        answers.append(answer)
    Answer.objects.bulk_create(answers)
