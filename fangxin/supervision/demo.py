"""Demo supervision: a verifiable draw and its inspections, samples, findings, orders in every
state, cases and veto events — all made through the use cases, as real users would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fangxin.core.demo import DEMO_PASSWORD
from fangxin.core.models import Station, User
from fangxin.core.roles import Role
from fangxin.registry.models import Operator

from . import services
from .models import DrawPlan, Finding, Inspection, RectificationOrder, Sample

PLAN_NAME = "年度第一批“双随机、一公开”网络直播营销和社区团购抽查"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
PUBLIC_VALUE = "03 09 14 22 27 31 + 05"
PUBLIC_SOURCE = "中国福利彩票双色球开奖公告（抽取当日）"


def _inspectors() -> None:
    """Two inspectors per station besides the named demo accounts (password fangxin-demo)."""
    n = 0
    for station in Station.objects.order_by("code"):
        for k in (1, 2):
            username = f"insp-{station.code}-{k}"
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                first_name=f"{SURNAMES[n % len(SURNAMES)]}执法{k}",
                role=Role.INSPECTOR,
                station=station,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            n += 1


def build(log=print) -> None:
    if DrawPlan.objects.filter(name__endswith=PLAN_NAME).exists():
        log("supervision: present")
        return
    _inspectors()
    office = User.objects.get(username="office")
    station_user = User.objects.get(username="station")
    today = timezone.localdate()
    operators = list(Operator.objects.filter(status=Operator.Status.ACTIVE).order_by("pk"))
    for operator, reason in zip(
        operators[5:8], ["近90天投诉3次", "直播中夸大宣传", "曾被抽检不合格"], strict=True
    ):
        services.add_watch_entry(office, operator, reason, today - timedelta(days=60))

    plan = services.create_plan(
        office,
        name=f"{today.year}{PLAN_NAME}",
        free_items=["营业执照、许可证亮照亮证情况", "进货查验和索证索票记录", "直播营销宣传用语"],
        rules={"quotas": {"A": 0.02, "B": 0.03, "C": 0.1, "D": 0.3}},
    )
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, PUBLIC_VALUE, PUBLIC_SOURCE)
    inspections = list(Inspection.objects.filter(draw=draw).order_by("pk"))

    # Results for the first inspections: clean, minor problems, one serious.
    for n, inspection in enumerate(inspections[:12]):
        inspector = inspection.inspectors.first()
        items = list(inspection.items.order_by("pk"))
        results = {item.pk: ("compliant", "") for item in items}
        if n % 2 == 1 and items:
            results[items[0].pk] = ("minor", "营业执照未在直播间显著位置公示")
        if n == 6 and len(items) > 2:
            results[items[2].pk] = ("serious", "直播中宣称普通食品可治疗糖尿病")
        services.record_inspection(
            inspector,
            inspection,
            inspected_on=today - timedelta(days=24 - n),
            results=results,
            conclusion="发现轻微问题，责令整改" if n % 2 else "现场检查完毕",
            acknowledged_by="店长",
            # The inspector's choice for free-text items (the guide's items carry their own).
            areas={
                item.pk: FREE_ITEM_AREAS.get(item.text, "conduct")
                for item in items
                if item.requirement_id is None
            },
            kind="livestream" if inspection.operator.livestream else "group_buying",
        )
        if n < 4:
            services.publish_inspection(office, inspection)

    minors = list(Finding.objects.filter(severity="minor").order_by("pk"))
    states = ["issued", "answered", "verified", "rejected", "overdue"]
    for finding, state in zip(minors, states, strict=False):
        issued = today - timedelta(days=40 if state == "overdue" else 8)
        order = services.issue_order(
            office, finding, "在店铺首页和直播间显著位置公示营业执照", issued_on=issued
        )
        services.record_measure(office, finding, "guidance", issued, "现场行政指导，讲解亮照要求")
        user = _operator_user(order.operator)
        if state in ("answered", "verified", "rejected"):
            services.answer_order(user, order, "已在直播间背景墙张贴营业执照")
        if state == "verified":
            services.verify_order(office, order, True, "现场复查已整改")
        if state == "rejected":
            services.verify_order(office, order, False, "直播画面中仍未能看到营业执照")
    services.mark_overdue_orders(today)

    # Samples, one failed; the failure is a serious finding.
    sampled = operators[20:24]
    for n, operator in enumerate(sampled):
        services.record_sample(
            office,
            operator,
            product=["土蜂蜜", "手工红糖", "即食燕窝", "笋干"][n],
            place=Sample.Place.STUDIO,
            taken_on=today - timedelta(days=30),
            testing_body="长兴县质量技术监督检测中心",
            result=Sample.Result.FAIL if n == 0 else Sample.Result.PASS,
            failed_items="果糖和葡萄糖" if n == 0 else "",
            batch=f"2026{n:02d}15",
        )

    serious = Finding.objects.filter(severity="serious").order_by("pk")
    for n, finding in enumerate(serious[:2]):
        case = services.open_case(
            office,
            finding.operator,
            finding.description,
            today - timedelta(days=25),
            finding=finding,
        )
        services.decide_filing(office, case, True, today - timedelta(days=20))
        if n == 0:
            case = services.decide_case(
                office,
                case,
                decided_on=today - timedelta(days=5),
                penalty="警告，罚款人民币二万元",
                decision_number="长市监处罚〔2026〕88号",
                amount=20000,
                veto_kind="health_hazard",
            )
            event = case.veto_events.first()
            services.decide_veto(office, event, True, "经核实，虚假宣传普通食品具有治疗作用")
    local = next(o for o in operators if o.area.station_id == station_user.station_id)
    services.open_case(
        station_user, local, "群众举报销售无中文标签进口食品", today - timedelta(days=3)
    )

    frozen = services.create_plan(
        station_user,
        name=f"{today.year}年雉城所社区团购自提点专项抽查",
        free_items=["冷链设施", "食品与非食品分区存放"],
        rules={"quotas": {"A": 0.2, "B": 0.2, "C": 0.5, "D": 1}, "avoid_own_station": False},
        pool_filters={"kind": "group_buying"},
    )
    services.freeze(station_user, frozen)
    log(
        f"supervision: draw of {len(inspections)} inspections, "
        f"{RectificationOrder.objects.count()} orders, {Finding.objects.count()} findings"
    )


FREE_ITEM_AREAS = {
    "营业执照、许可证亮照亮证情况": "qualifications",
    "进货查验和索证索票记录": "site",
    "直播营销宣传用语": "marketing",
}


def _operator_user(operator: Operator) -> User:
    user = operator.users.filter(role=Role.OPERATOR).first()
    if user is None:
        user = User(
            username=f"op-{operator.pk}",
            role=Role.OPERATOR,
            operator=operator,
            first_name=operator.contact_name or operator.legal_rep_name,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user
