"""Oversight's demo data (``fangxin demo`` calls ``build``): public-opinion incidents and
publicity records; the red and black list (``build_lists``: the two quarters before last
published — drafted by the rules, one with an edit and its reason, approved, published — and
last quarter's draft waiting for the office); the watch list from results, risk classes and
credit punishment (``build_targets``). Idempotent: what exists is left alone."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.core.models import User
from fangxin.core.roles import Role
from fangxin.programme.models import Campaign
from fangxin.registry.models import Operator

from . import incidents, list_periods, publicity
from . import lists_services as lists
from .models import FieldVisit, Incident, Meeting, PublicityActivity
from .models.lists import ListPublication


def build(log=print) -> None:
    build_incidents_and_publicity(log)
    build_lists(log)
    build_targets(log)


def _day(year: int, month: int, day: int, today: date) -> date:
    """A day of ``year``, never after the demo's today."""
    return min(date(year, month, day), today - timedelta(days=1))


def build_incidents_and_publicity(log=print) -> None:
    """Three public-opinion incidents in the station's area (one awaiting judgement, one of no
    major impact and closed, one of major impact that led to an interview with an order), and
    for every campaign publicity activities, meetings and field visits. Through the use cases,
    as the demo's office and station; a second build does nothing."""
    if Incident.objects.exists() or PublicityActivity.objects.exists():
        log("oversight incidents and publicity: present")
        return
    office = User.objects.get(username="office")
    station_user = User.objects.get(username="station")
    today = timezone.localdate()
    operators = list(
        Operator.objects.filter(
            status=Operator.Status.ACTIVE, area__station_id=station_user.station_id
        ).order_by("pk")[:3]
    )
    made = 0
    if len(operators) == 3:
        cases = [
            ("online", "https://weibo.example/changxing/1", "网友反映直播间“原产地”宣传与实际不符"),
            ("hotline", "", "12345热线反映团购自提点生鲜变质，引发小区群内讨论"),
            (
                "media",
                "https://news.example/cx/2026/03",
                "地方媒体报道直播间宣称普通食品“降血糖”，视频转发过万",
            ),
        ]
        rows = [
            incidents.record_incident(
                station_user,
                operator,
                source=source,
                link=link,
                occurred_on=today - timedelta(days=20 - 5 * n),
                summary=summary,
            )
            for n, (operator, (source, link, summary)) in enumerate(
                zip(operators, cases, strict=True)
            )
        ]
        incidents.judge_incident(office, rows[1], False, "个别消费者反映，已协调退款，影响范围小")
        incidents.close_incident(station_user, rows[1], "已督促自提点整改并回访消费者")
        incidents.judge_incident(office, rows[2], True, "转发量过万，多家媒体跟进，有较大社会影响")
        incidents.hold_interview(
            station_user,
            rows[2],
            held_on=today - timedelta(days=2),
            summary="约谈法定代表人，指出虚假宣传问题，告知法律责任",
            requirement="下架违规视频，发布澄清说明，规范直播话术",
            area="marketing",
            working_days=10,
        )
        made = len(rows)
    campaigns = list(Campaign.objects.filter(year__lte=today.year).order_by("year"))
    station = station_user.station
    records = 0
    for campaign in campaigns:
        year = campaign.year
        for row in (
            PublicityActivity(
                campaign=campaign,
                held_on=_day(year, 3, 15, today),
                place="县行政中心广场",
                form=PublicityActivity.Form.STALL,
                audience=320,
                description="3·15消费者权益日放心电商现场宣传咨询",
            ),
            PublicityActivity(
                campaign=campaign,
                station=station,
                held_on=_day(year, 4, 10, today),
                place="雉城街道电商直播基地",
                form=PublicityActivity.Form.LECTURE,
                audience=85,
                description="直播营销合规宣讲",
            ),
            PublicityActivity(
                campaign=campaign,
                held_on=_day(year, 5, 20, today),
                place="长兴发布（微信公众号）",
                form=PublicityActivity.Form.MEDIA,
                audience=5200,
                description="放心电商培育活动专题报道",
            ),
            Meeting(
                campaign=campaign,
                kind=Meeting.Kind.MOBILISATION,
                held_on=_day(year, 3, 5, today),
                place="县市场监管局三楼会议室",
                minutes="部署年度放心电商示范培育工作，明确各阶段时间节点和责任分工。",
                attendees="局分管领导\n各监管所所长\n县电商协会代表",
            ),
            Meeting(
                campaign=campaign,
                station=station,
                kind=Meeting.Kind.EXCHANGE,
                held_on=_day(year, 6, 18, today),
                place="所会议室",
                minutes="培育对象交流自查整改经验，协会介绍直播合规要点。",
                attendees="监管所所长\n培育对象代表8名",
            ),
            FieldVisit(
                campaign=campaign,
                station=station,
                visited_on=_day(year, 5, 8, today),
                operator=operators[0] if operators else None,
                place="" if operators else "长兴电商产业园",
                notes="走访了解直播间选品、进货查验和售后处理情况，听取经营者意见。",
                participants="监管所所长、网格员",
            ),
        ):
            publicity.save_record(office, row)
            records += 1
    log(f"oversight: {made} public-opinion incidents, {records} publicity records")


def build_lists(log=print, today=None) -> None:
    today = today or timezone.localdate()
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("oversight lists: no office user, nothing built")
        return
    cadence = lists.list_settings().cadence
    last = list_periods.previous(cadence, *list_periods.period_of(cadence, today))
    before = list_periods.previous(cadence, *last)
    earliest = list_periods.previous(cadence, *before)
    done = []
    try:
        with transaction.atomic():
            for number, period in enumerate((earliest, before, last)):
                start, end, _label = lists.period(cadence, *period)
                if ListPublication.objects.filter(period_start=start, period_end=end).exists():
                    continue
                publication = lists.draft_lists(office, *period)
                if period == last:
                    done.append(f"{publication.label} drafted")
                    continue
                red = publication.entries.listed().filter(list_kind="red").order_by("pk")
                if number == 1 and red.count() > 1:
                    lists.remove_entry(
                        office,
                        red.last(),
                        "该经营主体本期有一起消费纠纷正在调解，待调解结束后再评定。",
                    )
                lists.approve(office, publication, "经办公室会议审核。")
                lists.publish(office, publication, today=today)
                done.append(f"{publication.label} published")
    except ValidationError as exc:
        log(f"oversight lists: demo refused: {'; '.join(exc.messages)}")
        return
    log(f"oversight lists: {'; '.join(done) or 'nothing to do'}")


def build_targets(log=print) -> None:
    """The watch list from the closed campaigns' results (with the orders), the risk classes
    from the facts, one office override, and punishment measures on credit listings in force.
    Running it again adds nothing."""
    from fangxin.core.facts import Ref
    from fangxin.core.models import User
    from fangxin.core.roles import Role
    from fangxin.evaluation import facts as evaluation_facts
    from fangxin.programme.models import Campaign
    from fangxin.registry.models import Operator
    from fangxin.supervision.models import CreditListing

    from . import punishment, risk_classes, targets
    from .models import Punishment, RiskClassRecord

    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("oversight targets: no office user, skipped")
        return
    today = timezone.localdate()
    watches = orders = 0
    for campaign in Campaign.objects.order_by("year"):
        if evaluation_facts.scoring_closed(campaign.pk):
            outcome = targets.watch_from_evaluation(office, campaign.pk, today)
            watches, orders = watches + outcome.watches, orders + outcome.orders
    watches += targets.watch_from_samples_and_orders(office, today).watches
    changed = risk_classes.recompute(today)
    if not RiskClassRecord.objects.filter(locked=True).exists():
        operator = (
            Operator.objects.filter(status=Operator.Status.ACTIVE, risk_class="B")
            .order_by("pk")
            .first()
        )
        if operator is not None:
            risk_classes.override(
                office, operator, "C", "县局通报该主体直播间存在夸大宣传苗头，人工调高一级"
            )
    punished = 0
    for listing in CreditListing.objects.in_force(today).select_related("operator")[:3]:
        for code in ("no_titles", "more_inspections"):
            if Punishment.objects.filter(
                operator=listing.operator, measure=code, ground_id=listing.pk
            ).exists():
                continue
            punishment.record(
                office,
                listing.operator,
                code,
                Punishment.Ground.CREDIT_LISTING,
                Ref.of(listing),
                f"{listing.get_kind_display()}（{listing.listed_on.isoformat()}）",
                max(listing.listed_on, today - timedelta(days=30)),
                today + timedelta(days=365),
            )
            punished += 1
    punished += _punish_revoked_titles(office, today)
    log(
        f"oversight targets: {watches} watch entries from results, {orders} orders, "
        f"{changed} risk classes changed, {punished} punishment measures"
    )


def _punish_revoked_titles(office, today) -> int:
    """The titles the demo revoked: no title while the ground stands (the catalogue's measure)."""
    from django.apps import apps

    from fangxin.core.facts import Ref

    from . import punishment
    from .models import Punishment

    if not apps.is_installed("fangxin.titles"):
        return 0
    title_model = apps.get_model("titles", "Title")
    made = 0
    for title in title_model.objects.filter(status="revoked").select_related("operator")[:3]:
        ref = Ref.of(title)
        if Punishment.objects.filter(
            operator=title.operator, ground_label=ref.label, ground_id=ref.pk
        ).exists():
            continue
        punishment.record(
            office,
            title.operator,
            "no_titles",
            Punishment.Ground.REVOKED_TITLE,
            ref,
            f"“长兴放心电商”称号被撤销（证书编号{title.certificate_no}）",
            today,
            today + timedelta(days=365),
        )
        made += 1
    return made
