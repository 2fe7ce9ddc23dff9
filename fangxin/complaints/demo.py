"""Demo complaints and tip-offs: about 300 over the last ten months, in every state, made
through the use cases by the demo office and station users, with the dates a real file would
carry so that every deadline is the statutory one.

Deterministic (one seeded ``random.Random``; only the tracking codes and PINs are random, as in
real intake). Dates are placed relative to the day of the build. A second build does nothing:
complaints are not demo scaffolding that can be topped up piecemeal.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from fangxin.core.demo import DEMO_STATION
from fangxin.core.models import Station, User
from fangxin.registry.demo import DEMO_OPERATOR_USCC
from fangxin.registry.models import Operator, PlatformAccount
from fangxin.supervision.models import WatchEntry

from . import services
from .models import Complaint, FollowUp

SEED = 20250315
TOTAL = 300
SPAN_DAYS = 300  # about ten months back from the day of the build

C = Complaint.Category
K = Complaint.Kind


@dataclass(frozen=True)
class Story:
    kind: str
    category: str
    description: str
    demand: str = ""
    low: int = 0  # amount involved, yuan
    high: int = 0
    group: bool = False  # a community group-buying story rather than a live-stream one


# {platform}, {shop}, {when}, {amount}, {n} are filled in per item.
STORIES = [
    Story(
        K.COMPLAINT,
        C.FOOD_SAFETY,
        "{when}在{platform}“{shop}”直播间购买“农家土蜂蜜”{n}瓶，共{amount}元。"
        "收到后发现蜂蜜稀薄、甜味发腻，冷藏一周不结晶，怀疑掺入糖浆。",
        "退货退款，并提供该批次检验报告",
        80,
        400,
    ),
    Story(
        K.COMPLAINT,
        C.QUALITY,
        "{when}通过{platform}社区团购下单5斤装砂糖橘{n}份，"
        "到自提点称重每份只有3.8斤左右，团长称“以实际到货为准”。",
        "按实际重量退还差价",
        20,
        120,
        group=True,
    ),
    Story(
        K.COMPLAINT,
        C.PRICE,
        "“{shop}”主播在直播中反复宣称“全网最低价、错过再等一年”，"
        "{when}下单{amount}元后发现同平台其他店铺同款便宜二十多元。",
        "退还差价，商家停止“最低价”宣传",
        60,
        300,
    ),
    Story(
        K.COMPLAINT,
        C.FALSE_ADVERTISING,
        "{when}在{platform}直播间给家中老人购买固体饮料{n}盒，"
        "主播称“喝三个月降三高、可以停药”，实际只是普通代用茶。",
        "全额退款并赔偿",
        198,
        1280,
    ),
    Story(
        K.COMPLAINT,
        C.AFTER_SALES,
        "{when}在“{shop}”直播间购买连衣裙，未穿未洗，申请七天无理由退货被拒，"
        "客服称“直播特价商品不退不换”。",
        "按规定办理七天无理由退货",
        89,
        399,
    ),
    Story(
        K.COMPLAINT,
        C.COUNTERFEIT,
        "{when}在{platform}直播间以{amount}元购买“品牌”运动鞋，主播保证“专柜正品”，"
        "经鉴定机构鉴定为仿冒产品。",
        "退一赔三",
        299,
        1299,
    ),
    Story(
        K.COMPLAINT,
        C.DELIVERY,
        "{when}在“{shop}”付款{amount}元购买竹制家具，承诺48小时内发货，"
        "至今十五天仍未发货，客服不回复。",
        "尽快发货或全额退款",
        150,
        1600,
    ),
    Story(
        K.COMPLAINT,
        C.FOOD_SAFETY,
        "{when}在{platform}团购的鲜猪肉{n}斤，自提时已有异味，包装上没有检疫信息，团长不同意退款。",
        "退款并说明货源",
        30,
        150,
        group=True,
    ),
    Story(
        K.COMPLAINT,
        C.QUALITY,
        "{when}在直播间购买的竹砧板使用不到一周即开裂发霉，主播宣传“十年不开裂、天然抗菌”。",
        "退货退款",
        39,
        168,
    ),
    Story(
        K.COMPLAINT,
        C.FALSE_ADVERTISING,
        "“{shop}”直播间宣称所售紫笋茶为“长兴顾渚山核心产区明前茶”，"
        "{when}购买{amount}元，包装上的产地却是外省。",
        "退货退款并赔偿",
        200,
        980,
    ),
    Story(
        K.COMPLAINT,
        C.PERSONAL_INFO,
        "{when}在{platform}“{shop}”下单后，每天接到多个推销电话，"
        "对方能说出我的姓名、地址和购买记录，怀疑商家泄露个人信息。",
        "商家说明情况，删除个人信息并道歉",
    ),
    Story(
        K.COMPLAINT,
        C.PRICE,
        "{when}“{shop}”直播间先把商品标价从99元改为199元，再宣称“五折秒杀”，"
        "以{amount}元成交，虚构原价。",
        "退还差价",
        99,
        199,
    ),
    Story(
        K.COMPLAINT,
        C.AFTER_SALES,
        "{when}在直播间买的电热毯使用两次后不发热，商家同意退货但要求消费者承担一半货款。",
        "全额退款",
        120,
        360,
    ),
    Story(
        K.COMPLAINT,
        C.FOOD_SAFETY,
        "{when}通过{platform}团购的酸奶{n}箱，自提时发现已超过保质期两天，自提点仍在发放。",
        "退款并下架过期商品",
        40,
        160,
        group=True,
    ),
    Story(
        K.COMPLAINT,
        C.QUALITY,
        "{when}在“{shop}”直播间购买羽绒服，标注含绒量90%，送检结果含绒量不足50%。",
        "退货退款并赔偿检测费",
        399,
        1599,
    ),
    Story(
        K.COMPLAINT,
        C.DELIVERY,
        "{when}在{platform}团购的大米和食用油，自提点称货未到，已过约定提货日三天仍无法提货。",
        "补发或退款",
        60,
        220,
        group=True,
    ),
    Story(
        K.COMPLAINT,
        C.COUNTERFEIT,
        "“{shop}”直播间销售的“有机大米”包装上有有机认证标志，"
        "{when}购买后查询认证信息，发现证书已过期。",
        "退货退款",
        88,
        388,
    ),
    Story(
        K.COMPLAINT,
        C.OTHER,
        "{when}参加“{shop}”直播间抽奖，中奖后主播要求先支付{amount}元“邮费和手续费”"
        "才能领奖，付款后奖品一直未寄出。",
        "退还已付费用",
        29,
        99,
    ),
    Story(
        K.TIPOFF,
        C.FOOD_SAFETY,
        "{platform}“{shop}”直播间长期销售进口饼干、咖啡等食品，商品没有中文标签，"
        "主播称是“海外直邮”，实际从本地仓库发货。",
    ),
    Story(
        K.TIPOFF,
        C.FALSE_ADVERTISING,
        "“{shop}”在直播中宣称其销售的保健食品“能治疗糖尿病、高血压”，并劝说观众停用药物。",
    ),
    Story(
        K.TIPOFF,
        C.FOOD_SAFETY,
        "{platform}团购自提点将生鲜肉类和洗衣液、杀虫剂混放，冷柜经常不制冷，夏天肉类常有异味。",
        group=True,
    ),
    Story(
        K.TIPOFF,
        C.COUNTERFEIT,
        "“{shop}”直播间低价销售知名品牌白酒，瓶盖和防伪标识与正品不同，疑似假酒。",
    ),
    Story(
        K.TIPOFF,
        C.OTHER,
        "{platform}“{shop}”直播间未公示营业执照和食品经营许可证，"
        "主播称“家里自己做的，不需要办证”。",
    ),
    Story(
        K.TIPOFF,
        C.PRICE,
        "{platform}上“{shop}”的团购商品长期标注“原价”，但该商品从未以“原价”销售过，涉嫌虚构原价。",
        group=True,
    ),
    Story(
        K.TIPOFF,
        C.FOOD_SAFETY,
        "“{shop}”在直播间销售自家作坊做的糕点和酱菜，作坊卫生条件差，"
        "没有生产许可，也没有标注生产日期。",
    ),
]

SURNAMES = "王李张陈刘杨黄吴周徐孙朱胡沈钱姚潘费蒋许金施章汪丁俞严戴邱陆马郑何高方宋顾吕冯叶"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]
UNKNOWN_SELLERS = [
    "抖音主播“山里阿强”",
    "快手“太湖边的小芳”直播间",
    "视频号“老俞家土特产”",
    "微信群团购“幸福里邻里团”团长",
    "小红书店铺“竹乡好物”",
    "抖音“吴越优选”直播间（未显示主体信息）",
]
AGREEMENTS = [
    "经调解，商家同意退货退款",
    "经调解，商家同意退还差价并赔礼道歉",
    "经调解，商家同意补发商品并补偿运费",
    "经调解，商家同意按消费者权益保护法第五十五条赔偿",
    "经调解，商家同意换货并承担检测费用",
]
FAILED = [
    "双方对赔偿金额分歧较大，未达成调解协议，告知投诉人可依法向人民法院起诉",
    "被投诉人拒绝调解，终止调解并告知投诉人其他解决途径",
]
NO_CASE_REASONS = [
    "经现场核查，未发现举报所称违法行为",
    "举报内容与核查情况不符，证据不足",
    "涉嫌违法行为轻微并及时改正，没有造成危害后果，依法不予立案",
]
EXTENSION = "需调取平台交易数据和直播回放，经负责人批准延长核查期限"
REROUTE = "经核实，被投诉方实际经营地在该所辖区"
REFUSALS = [
    ("already_handled", "该争议已由平台客服和消费者协会处理"),
    ("not_consumer_dispute", "投诉人系批量购买用于转售"),
    ("materials_missing", "投诉人未能提供订单信息，经告知仍未补正"),
    ("not_competent", "属于平台规则纠纷，已告知向平台反映"),
]
FOLLOW_UP_NOTES = ["投诉人对处理结果表示认可", "已收到退款", "希望加强对直播间的监管", ""]
TARGET_STORIES = (0, 3, 9)  # the key target's three substantiated complaints


class _Builder:
    def __init__(self, today: date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.office = User.objects.get(username="office")
        self.station_user = User.objects.get(username="station")
        self.stations = list(Station.objects.order_by("code"))
        operators = list(
            Operator.objects.filter(status=Operator.Status.ACTIVE)
            .select_related("area__station")
            .prefetch_related("accounts")
            .order_by("pk")
        )
        watched = set(WatchEntry.objects.values_list("operator_id", flat=True))
        self.target = next(
            o
            for o in operators
            if o.area.station.code == DEMO_STATION
            and o.uscc != DEMO_OPERATOR_USCC
            and o.pk not in watched
            and o.livestream
        )
        pool = [o for o in operators if o.pk != self.target.pk]
        self.rng.shuffle(pool)
        self.pool = pool
        # A few shops draw many complaints, most draw one or none: the "top 10" means something.
        self.weights = [1 / (rank + 4) ** 0.9 for rank in range(len(pool))]
        self.substantiated: dict[int, int] = {}
        self.tipoffs: dict[int, list[Complaint]] = {}
        self.count = 0

    # --- helpers ----------------------------------------------------------------------------

    def handler(self, complaint: Complaint) -> User:
        if complaint.station_id == self.station_user.station_id:
            return self.station_user
        return self.office

    def past(self, day: date) -> date | None:
        """``day`` if it has already come, else None: the file stops where today is."""
        return day if day <= self.today else None

    def later(self, day: date, low: int, high: int) -> date | None:
        return self.past(day + timedelta(days=self.rng.randint(low, high)))

    def person(self) -> tuple[str, str]:
        name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.randint(1, 2)))
        phone = self.rng.choice(["138", "139", "158", "187", "135", "152"]) + "".join(
            str(self.rng.randint(0, 9)) for _ in range(8)
        )
        return name, phone

    def platform(self, operator: Operator | None, story: Story) -> str:
        accounts = list(operator.accounts.all()) if operator else []
        if accounts:
            return self.rng.choice(accounts).get_platform_display()
        group = [PlatformAccount.Platform.MEITUAN, PlatformAccount.Platform.DUODUO]
        live = [PlatformAccount.Platform.DOUYIN, PlatformAccount.Platform.KUAISHOU]
        return str(self.rng.choice(group if story.group else live).label)

    def shop(self, operator: Operator | None) -> str:
        accounts = list(operator.accounts.all()) if operator else []
        if accounts:
            return self.rng.choice(accounts).handle
        return operator.name if operator else "某直播间"

    def received_on(self) -> date:
        # Skewed towards recent months: the volume grows as the hotline becomes known.
        return self.today - timedelta(days=int(SPAN_DAYS * self.rng.random() ** 1.3))

    def submit(self, story: Story, operator, received_on: date, *, unknown: str = ""):
        amount = None
        platform = self.platform(operator, story)
        bought = received_on - timedelta(days=self.rng.randint(2, 20))
        if story.high:
            amount = Decimal(self.rng.randint(story.low * 100, story.high * 100)) / 100
        text = story.description.format(
            platform=platform,
            shop=self.shop(operator) if operator else unknown,
            when=f"{bought.month}月{bought.day}日",
            amount=amount or self.rng.randint(30, 300),
            n=self.rng.randint(2, 6),
        )
        named = story.kind == K.COMPLAINT or self.rng.random() < 0.5
        name, phone = self.person() if named else ("", "")
        channel = self.rng.choices(
            [Complaint.Channel.WEB, Complaint.Channel.NATIONAL, Complaint.Channel.COUNTER],
            [55, 35, 10],
        )[0]
        self.count += 1
        external = ""
        if channel == Complaint.Channel.NATIONAL:
            external = f"1233305220{received_on:%Y%m%d}{self.count:05d}"
        receipt = services.submit(
            kind=story.kind,
            channel=channel,
            description=text,
            category=story.category,
            name=name,
            phone=phone,
            consent_contact=named and self.rng.random() < 0.7,
            operator=operator,
            operator_text=unknown,
            platform=platform,
            order_number=f"{self.rng.randint(10**15, 10**16 - 1)}" if story.high else "",
            demand=story.demand,
            amount_claimed=amount,
            received_on=received_on,
            external_id=external,
            user=self.office if channel != Complaint.Channel.WEB else None,
        )
        return receipt.complaint

    def follow_up(self, complaint: Complaint, after: date) -> None:
        visited = self.later(after, 3, 12)
        if visited is None or self.rng.random() > 0.4:
            return
        satisfaction = self.rng.choices(FollowUp.Satisfaction.values, [50, 25, 10, 15])[0]
        services.add_follow_up(
            self.handler(complaint),
            complaint,
            visited_on=visited,
            method=self.rng.choice(FollowUp.Method.values),
            satisfaction=satisfaction,
            note=self.rng.choice(FOLLOW_UP_NOTES),
        )

    def stalls(self, received_on: date) -> bool:
        """A file left lying: the reason the office needs the overdue figure."""
        return (self.today - received_on).days > 25 and self.rng.random() < 0.02

    # --- complaints -------------------------------------------------------------------------

    def mediate(self, c: Complaint, start: date) -> None:
        """Accept or refuse, mediate, close; each step on its own date, stopping at today."""
        rng = self.rng
        user = self.handler(c)
        decided = self.later(start, 1, 9)
        if decided is None or self.stalls(start):
            return
        if rng.random() < 0.1:
            code, note = rng.choice(REFUSALS)
            services.refuse(user, c, code, note, on=decided)
            closed = self.later(decided, 1, 5)
            if closed and rng.random() < 0.7:
                services.close(
                    user, c, substantiated=False, note="不予受理，已告知投诉人", on=closed
                )
            return
        services.accept(user, c, on=decided)
        if rng.random() < 0.05:
            closed = self.later(decided, 1, 4)
            if closed:
                services.close(user, c, substantiated=False, note="投诉人撤回投诉", on=closed)
            return
        started = self.past(decided + timedelta(days=1))
        if started is None or self.stalls(start):
            return
        services.start_mediation(user, c)
        testing = 0
        if rng.random() < 0.08:
            tested = self.later(started, 5, 12)
            if tested:
                services.record_testing(user, c, started, tested, "委托县质量技术监督检测中心检测")
                testing = (tested - started).days
        ended = self.later(started, 4 + testing, 35 + testing)
        if ended is None or self.stalls(start):
            return
        if rng.random() < 0.75:
            recovered = (c.amount_claimed or Decimal(0)) * rng.choice([1, 1, 1, 2, 3, 4])
            services.end_mediation(
                user,
                c,
                agreed=True,
                agreement=rng.choice(AGREEMENTS),
                amount_recovered=recovered.quantize(Decimal("0.01")),
                on=ended,
            )
            closed = self.later(ended, 1, 8)
            if closed is None or rng.random() < 0.2:
                self.follow_up(c, ended)
                return
            substantiated = self.may_substantiate(c, rng.random() < 0.85)
            services.close(
                user, c, substantiated=substantiated, note="调解成功，履行完毕", on=closed
            )
            self.follow_up(c, closed)
            return
        services.end_mediation(user, c, agreed=False, agreement=rng.choice(FAILED), on=ended)
        notified = self.later(ended, 1, 4)
        if notified is None or self.stalls(start):
            return  # the parties not yet told: the notice deadline runs
        services.record_notice(user, c, on=notified, note="电话告知双方并寄送终止调解告知书")
        closed = self.later(notified, 1, 5)
        if closed is None:
            self.follow_up(c, notified)
            return
        substantiated = self.may_substantiate(c, rng.random() < 0.5)
        services.close(user, c, substantiated=substantiated, note="调解终止，已告知", on=closed)
        self.follow_up(c, closed)

    def may_substantiate(self, c: Complaint, wanted: bool) -> bool:
        """At most two substantiated complaints per shop besides the key target, so that one
        operator, and only one, becomes a key supervision target through complaints."""
        if not wanted or c.operator_id is None:
            return wanted
        if self.substantiated.get(c.operator_id, 0) >= 2:
            return False
        self.substantiated[c.operator_id] = self.substantiated.get(c.operator_id, 0) + 1
        return True

    def key_target(self) -> None:
        """Three substantiated complaints within ninety days, closed in order: the third close
        makes the shop a key supervision target (``services._watch_if_repeated``)."""
        for n, days_ago in zip(TARGET_STORIES, (80, 55, 30), strict=True):
            received_on = self.today - timedelta(days=days_ago)
            c = self.submit(STORIES[n], self.target, received_on)
            user = self.handler(c)
            services.accept(user, c, on=received_on + timedelta(days=2))
            services.start_mediation(user, c)
            ended = received_on + timedelta(days=10)
            services.end_mediation(
                user,
                c,
                agreed=True,
                agreement=AGREEMENTS[3],
                amount_recovered=(c.amount_claimed or Decimal(100)) * 3,
                on=ended,
            )
            closed = ended + timedelta(days=4)
            services.close(user, c, substantiated=True, note="经调解，商家承认宣传不实", on=closed)
            self.follow_up(c, closed)

    # --- tip-offs ---------------------------------------------------------------------------

    def tipoff(self, story: Story, operator, received_on: date) -> None:
        rng = self.rng
        earlier = [
            t
            for t in self.tipoffs.get(operator.pk, [])
            if t.merged_into_id is None and (received_on - t.received_on).days <= 90
        ]
        c = self.submit(story, operator, received_on)
        self.tipoffs.setdefault(operator.pk, []).append(c)
        user = self.handler(c)
        if self.stalls(received_on):
            return
        if self.past(received_on + timedelta(days=1)) is None:
            return
        if earlier and rng.random() < 0.5:
            services.merge(user, c, earlier[0], "同一经营主体、同一事实，合并核查")
            return
        services.start_verification(user, c)
        extended = rng.random() < 0.1
        if extended:
            services.extend_verification(user, c, EXTENSION)
        if self.stalls(received_on):
            return
        decided = self.later(received_on, 5, 40 if extended else 22)
        if decided is None:
            return
        open_case = rng.random() < 0.3
        services.decide_tipoff(
            user,
            c,
            open_case=open_case,
            reason="" if open_case else rng.choice(NO_CASE_REASONS),
            on=decided,
        )
        last = decided
        if c.notify_by:
            notified = self.later(decided, 1, 4)
            if notified is None or self.stalls(received_on):
                return
            services.record_notice(user, c, on=notified, note="电话告知实名举报人")
            last = notified
        closed = self.later(last, 5, 40) if open_case else self.later(last, 1, 5)
        if closed is None:
            if not open_case:
                self.follow_up(c, last)
            return
        note = "案件已作出处理决定" if open_case else "不予立案，已办结"
        services.close(user, c, substantiated=open_case, note=note, on=closed)
        self.follow_up(c, closed)

    # --- the whole county -------------------------------------------------------------------

    def unknown(self, story: Story, received_on: date) -> None:
        """An item naming a seller nobody can find yet: the office triages it."""
        c = self.submit(story, None, received_on, unknown=self.rng.choice(UNKNOWN_SELLERS))
        triaged = self.later(received_on, 1, 5)
        if triaged is None or (self.today - received_on).days < 20 or self.rng.random() < 0.3:
            return  # still waiting (and overdue if it has waited long)
        operator = self.rng.choice(self.pool)
        services.assign(self.office, c, station=None, operator=operator, note="查明经营主体")
        if c.kind == K.COMPLAINT:
            self.mediate(c, triaged)

    def run(self) -> None:
        stories = {k: [s for s in STORIES if s.kind == k] for k in K.values}
        items = sorted(self.received_on() for _ in range(TOTAL - len(TARGET_STORIES)))
        for received_on in items:
            kind = K.COMPLAINT if self.rng.random() < 0.72 else K.TIPOFF
            story = self.rng.choice(stories[kind])
            if self.rng.random() < 0.04:
                self.unknown(story, received_on)
                continue
            operator = self.rng.choices(self.pool, self.weights)[0]
            if kind == K.COMPLAINT:
                if self.rng.random() < 0.03:
                    # Filed with the wrong station: the office reroutes it before it is handled.
                    c = self.submit(story, operator, received_on)
                    other = self.rng.choice([s for s in self.stations if s.pk != c.station_id])
                    services.assign(self.office, c, station=other, note=REROUTE)
                else:
                    c = self.submit(story, operator, received_on)
                self.mediate(c, received_on)
            else:
                self.tipoff(story, operator, received_on)
        self.key_target()


def build(log=print) -> None:
    if Complaint.objects.exists():
        log("complaints: present")
        return
    started = time.monotonic()
    today = timezone.localdate()
    builder = _Builder(today)
    builder.run()
    alerts = services.sweep(today)
    overdue = Complaint.objects.filter(alert=Complaint.Alert.OVERDUE).count()
    log(
        f"complaints: {Complaint.objects.count()} complaints and tip-offs, {overdue} overdue, "
        f"{alerts} alerts, key target {builder.target.name} "
        f"({time.monotonic() - started:.1f} s)"
    )
