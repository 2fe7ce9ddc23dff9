"""Demo campaigns, one a year from the seed plan's 2024 campaign to the demo's year, with
enrolments: 2024 two thirds of the active operators, the later years every one. Their phases
are the default schedule, so the demo's day puts each in its phase."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from fangxin.core.demo import DEMO_FIRST_YEAR
from fangxin.core.models import Station
from fangxin.registry.models import Operator, Studio

from . import guides
from .models import Campaign, Enrolment, Kind, Phase, Training
from .services import DEFAULT_SCHEDULE


def _campaign(year: int, guide) -> tuple[Campaign, bool]:
    campaign, created = Campaign.objects.get_or_create(
        year=year, defaults={"name": f"{year}年度长兴放心电商示范培育", "guide": guide}
    )
    if created:
        for code, ((m1, d1), (m2, d2)) in DEFAULT_SCHEDULE.items():
            Phase.objects.create(
                campaign=campaign,
                code=code,
                starts_on=date(year, m1, d1),
                ends_on=date(year, m2, d2),
                # Demo notices for past phases count as sent: the sweep must not replay them.
                opened_notice_sent_at=timezone.now()
                if date(year, m1, d1) < timezone.localdate()
                else None,
            )
    return campaign, created


def _enrol_all(campaign: Campaign, operators) -> int:
    have = set(Enrolment.objects.filter(campaign=campaign).values_list("operator_id", "kind"))
    # The plan's condition, as services.enrol applies it: live-stream needs a fixed studio.
    fixed = set(Studio.objects.filter(is_fixed=True).values_list("operator_id", flat=True))
    rows = []
    for operator in operators:
        for kind in Kind.values:
            if kind == Kind.LIVESTREAM and operator.pk not in fixed:
                continue
            if getattr(operator, kind) and (operator.pk, kind) not in have:
                rows.append(Enrolment(campaign=campaign, operator=operator, kind=kind))
    Enrolment.objects.bulk_create(rows)
    return len(rows)


def build(log=print) -> None:
    guide = guides.load()
    today = timezone.localdate()
    active = list(Operator.objects.filter(status=Operator.Status.ACTIVE).order_by("pk"))
    enrolled = []
    for year in range(DEMO_FIRST_YEAR, today.year + 1):
        current, _created = _campaign(year, guide)
        n = _enrol_all(
            current, active[: len(active) * 2 // 3] if year == DEMO_FIRST_YEAR else active
        )
        enrolled.append(f"{year} (+{n} enrolments)")
    if not Training.objects.exists():
        station = Station.objects.filter(code="zhicheng").first()
        training = Training.objects.create(
            campaign=current,
            held_on=date(today.year, 6, 18),
            topic="直播营销合规经营培训",
            place="县市场监管局三楼会议室",
        )
        training.invited.set(active[:40])
        if training.held_on < today:  # attendance is known once it has been held
            training.attended.set(active[:32])
        local = Training.objects.create(
            campaign=current,
            held_on=date(today.year, 7, 9),
            topic="社区团购自提点食品安全指导",
            place="雉城街道便民服务中心",
            station=station,
        )
        zhicheng = [o for o in active if o.area.station_id == getattr(station, "pk", None)]
        local.invited.set(zhicheng)
        if local.held_on < today:
            local.attended.set(zhicheng[: max(1, len(zhicheng) * 3 // 4)])
    log(f"campaigns: {', '.join(enrolled)}")
