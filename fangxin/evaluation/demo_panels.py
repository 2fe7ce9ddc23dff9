"""Demo panels (考评组): for a campaign whose evaluation phase has begun, up to five panels of
the demo's evaluators and partner departments' people, the enrolments assigned by area (the
areas dealt to the panels in turn), and every member's sheet for his enrolments (a member with
a declared conflict is left out), entered as on the first day of the evaluation phase.

Idempotent: a campaign that has panels is left as it is."""

from __future__ import annotations

import random
from decimal import Decimal

from fangxin.core.models import User
from fangxin.programme.models import Campaign, Enrolment

from . import panels, services
from .models_panels import Panel

NAMES = ("第一考评组", "第二考评组", "第三考评组", "第四考评组", "第五考评组")
OFF = ("0", "0", "0.5", "0.5", "1", "1.5", "2")  # what a member takes off a criterion


def build(campaign: Campaign, evaluation) -> int:
    """The number of members' sheets entered (0 when the campaign has panels already)."""
    if Panel.objects.filter(campaign=campaign).exists():
        return 0
    office = User.objects.filter(is_superuser=False, is_active=True)
    office = next((u for u in office if u.has_perm("evaluation.manage_panels")), None)
    members = list(panels.member_candidates())
    enrolments = list(
        Enrolment.objects.filter(campaign=campaign)
        .enrolled()
        .select_related("operator")
        .order_by("operator__area__code", "pk")
    )
    if office is None or not members or not enrolments:
        return 0
    areas = sorted({e.operator.area_id for e in enrolments})
    count = min(len(NAMES), len(areas))
    formed = []
    for i in range(count):
        panel = panels.create_panel(office, campaign, NAMES[i], members[i % len(members)])
        for member in members:
            if member != panel.leader:
                panels.add_member(office, panel, member)
        formed.append(panel)
    for i, area in enumerate(areas):
        panels.assign(
            office,
            formed[i % count],
            area=next(e.operator.area for e in enrolments if e.operator.area_id == area),
        )
    rng = random.Random(campaign.year * 7)
    sheets = 0
    for enrolment in enrolments:
        parsed = services.current_rubric(campaign, enrolment.kind).parsed()
        _dimension, criteria = panels.department(parsed)
        for member in members:
            if not member.has_perm("evaluation.score_as_member", enrolment):
                continue  # a declared conflict
            entries = {
                c.code: panels.Entry(max(c.points - Decimal(rng.choice(OFF)), Decimal(0)))
                for c in criteria
            }
            panels.save_sheet(member, enrolment, entries, today=evaluation.starts_on)
            sheets += 1
    return sheets
