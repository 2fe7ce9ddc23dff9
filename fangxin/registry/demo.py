"""Demo operators for the demo county: the demo operator and about 300 generated ones.

The generated population is deterministic (one seeded ``random.Random``); only licence dates
are placed relative to the day of the build, so that some licences are always expiring or
expired. Rows are bulk-created (no audit log entries) and a second build creates nothing:
operators whose USCC already exists are skipped together with everything hanging on them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from fangxin.core.models import Area
from fangxin.core.roles import Role

from . import idnumber
from .models import GroupLeader, Licence, Operator, PickupPoint, PlatformAccount, Studio
from .uscc import ALPHABET, make, organisation_code_check

DEMO_OPERATOR_USCC = make("91330522MA2B3C4D5")

SEED = 20240522
DIVISION = "330522"  # Changxing County
ISSUER = "长兴县市场监督管理局"
DEMO_FOOD_PERMIT = f"JY1{DIVISION}0088001"

# Generated operators per area (the demo operator comes on top, in zhicheng).
AREA_COUNTS = {
    "zhicheng": 35,
    "huaxi": 28,
    "taihu": 22,
    "longshan": 24,
    "hongqiao": 20,
    "lijiaxiang": 20,
    "jiapu": 22,
    "lincheng": 16,
    "hongxingqiao": 16,
    "xiaopu": 18,
    "heping": 18,
    "meishan": 18,
    "sian": 18,
    "shuikou": 14,
    "lvshan": 10,
}
ZHICHENG_APPLIED = 3
OTHER_APPLIED = 12
SUSPENDED, LEFT, REJECTED = 4, 3, 3

ROADS = {
    "zhicheng": ["金陵北路", "金陵中路", "县前街", "解放东路", "人民中路", "明珠路", "长兴大道"],
    "huaxi": ["画溪大道", "经一路", "开发大道", "长城路", "中央大道", "画溪一路"],
    "taihu": ["太湖大道", "滨湖路", "图影路", "太湖图影路", "东鱼路"],
    "longshan": ["龙山大道", "齐山路", "长兴大道", "城南路", "龙山路"],
    "hongqiao": ["洪桥路", "洪港路", "新合路", "洪桥大道"],
    "lijiaxiang": ["李家巷路", "青草坞路", "石泉路", "沈湾路"],
    "jiapu": ["夹浦大道", "环沉路", "丁新路", "香山路"],
    "lincheng": ["林城大道", "大云寺路", "天平路", "林城路"],
    "hongxingqiao": ["虹星大道", "港口路", "虹星桥路", "观音桥路"],
    "xiaopu": ["小浦大道", "八都岕路", "画溪路", "合溪路"],
    "heping": ["和平大道", "城山路", "长潮路", "吴山路"],
    "meishan": ["煤山大道", "新槐路", "尚儒路", "白岘路"],
    "sian": ["泗安大道", "仙山路", "管埭路", "二界岭路"],
    "shuikou": ["水口大道", "顾渚路", "金山路", "徽州庄路"],
    "lvshan": ["吕山大道", "胥仓路", "雅湖路", "龙溪路"],
}
VILLAGES = ["新民", "东风", "长丰", "红星", "光明", "五丰", "新华", "和平", "幸福", "永安"]

BRANDS = [
    "金禾", "绿源", "百川", "鑫盛", "顺达", "恒泰", "丰源", "嘉禾", "聚福", "瑞丰",
    "兴旺", "佳和", "正源", "华润", "盛世", "天成", "宏发", "昌盛", "锦程", "万通",
    "易达", "优品", "鲜农", "田园", "竹韵", "茗香", "紫笋", "太湖", "箬溪", "吴越",
    "青禾", "丰收", "味道", "乐购", "邻里", "惠民", "家和", "优选", "真味", "山野",
    "农家", "品鲜", "晨光", "悦享", "云帆", "新宇", "蓝海", "启航", "汇丰", "德润",
]  # fmt: skip
FOOD_TRADES = ["农产品", "食品", "茶叶", "生鲜", "果蔬", "粮油", "水产", "副食品", "农业开发"]
OTHER_TRADES = ["服饰", "竹木制品", "家纺", "电子", "日用品", "工艺品", "纺织", "箱包"]
ANY_TRADES = ["电子商务", "供应链管理", "商贸", "网络科技", "文化传媒"]
FOOD_SHOPS = ["食品店", "农产品经营部", "生鲜超市", "茶叶店", "水果店", "副食品商行", "土特产店"]
OTHER_SHOPS = ["服装店", "竹制品经营部", "家纺店", "日用品商行", "电子商务商行", "百货店"]
COOPS = ["果蔬专业合作社", "茶叶专业合作社", "家庭农场", "水产养殖专业合作社"]
CITY_PREFIXES = ["长兴", "长兴", "长兴县", "湖州", "浙江"]

SURNAMES = "王李张陈刘杨黄吴周徐孙朱胡沈钱姚潘费蒋许金施章汪丁俞严戴邱陆马郑何高方宋顾吕冯叶袁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌俊峰雪梅晓东海燕红玲志新林"
MOBILE_PREFIXES = [
    *(f"13{d}" for d in range(10)),
    *("150", "151", "152", "153", "155", "157", "158", "159"),
    *(f"18{d}" for d in range(10)),
]

LIVESTREAM_PLATFORMS = [
    (PlatformAccount.Platform.DOUYIN, 40),
    (PlatformAccount.Platform.KUAISHOU, 20),
    (PlatformAccount.Platform.CHANNELS, 15),
    (PlatformAccount.Platform.TAOBAO, 12),
    (PlatformAccount.Platform.XIAOHONGSHU, 8),
    (PlatformAccount.Platform.PINDUODUO, 4),
    (PlatformAccount.Platform.JD, 3),
]
GROUP_PLATFORMS = [
    (PlatformAccount.Platform.MEITUAN, 45),
    (PlatformAccount.Platform.DUODUO, 35),
    (PlatformAccount.Platform.XINGSHENG, 20),
]
LIVESTREAM_HANDLE_SUFFIXES = ["官方旗舰店", "直播间", "严选", "好物", "生活馆", "小店", "源头好货"]
GROUP_HANDLE_SUFFIXES = ["团购", "优选", "社区店", "鲜生", "邻里购"]

STATUS_REASONS = {
    Operator.Status.SUSPENDED: [
        "存在未整改的食品安全问题，暂停培育",
        "平台账号被处罚，暂停培育待核查",
        "经营地址变更未及时报告，暂停培育",
    ],
    Operator.Status.LEFT: ["主动申请退出培育", "已注销营业执照", "经营主体迁出本县"],
    Operator.Status.REJECTED: [
        "经营资质不全，不符合培育条件",
        "近一年内有行政处罚记录",
        "申报材料与实际经营情况不符",
    ],
}


@dataclass
class _Spec:
    """One generated operator with everything hanging on it (not yet saved)."""

    operator: Operator
    brand: str
    licences: list[Licence] = field(default_factory=list)
    accounts: list[PlatformAccount] = field(default_factory=list)
    studios: list[Studio] = field(default_factory=list)
    # Each pickup point with its group leaders.
    pickup_points: list[tuple[PickupPoint, list[GroupLeader]]] = field(default_factory=list)


def demo_operator() -> Operator:
    return Operator.objects.get(uscc=DEMO_OPERATOR_USCC)


def accounts() -> list[dict]:
    """The demo account bound to the demo operator (made by ``fangxin.core.demo``)."""
    return [
        {
            "username": "operator",
            "role": Role.OPERATOR,
            "name": "钱老板",
            "operator": demo_operator(),
        }
    ]


class _Generator:
    def __init__(self, areas: dict[str, Area], today: date, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.areas = areas
        self.today = today
        self.now = timezone.now()
        self.usccs: set[str] = {DEMO_OPERATOR_USCC}
        self.names: set[str] = set()
        self.handles: set[tuple[str, str]] = set()
        self.licence_numbers: set[tuple[str, str]] = {("permit", DEMO_FOOD_PERMIT)}

    # Small pieces --------------------------------------------------------------------------

    def person(self) -> str:
        given = "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self) -> str:
        birth = date(1962, 1, 1) + timedelta(days=self.rng.randrange(365 * 38))
        first17 = f"{DIVISION}{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return first17 + idnumber.check_character(first17)

    def uscc(self, kind: str) -> str:
        """A valid, unique code; ``kind`` is the first two characters (91, 92, 93)."""
        while True:
            org8 = "MA" + "".join(self.rng.choice(ALPHABET) for _ in range(6))
            code = make(f"{kind}{DIVISION}{org8}{organisation_code_check(org8)}")
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def address(self, area_code: str) -> str:
        area = self.areas[area_code]
        road = self.rng.choice(ROADS[area_code])
        number = self.rng.randint(1, 999)
        if area.kind != Area.Kind.STREET and self.rng.random() < 0.3:
            village = self.rng.choice(VILLAGES)
            return f"长兴县{area.name}{village}村{road}{number}号"
        tail = self.rng.choice(
            ["", "", f"{self.rng.randint(1, 12)}幢", f"{self.rng.randint(1, 5)}楼"]
        )
        return f"长兴县{area.name}{road}{number}号{tail}"

    def weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights)[0]

    # One operator --------------------------------------------------------------------------

    def name(self, area_code: str, sells_food: bool) -> tuple[str, str, str]:
        """(name, brand, uscc kind) for a company, an individual business or a cooperative."""
        area = self.areas[area_code]
        while True:
            brand = self.rng.choice(BRANDS)
            roll = self.rng.random()
            if sells_food and roll < 0.08:
                name, kind = f"长兴县{brand}{self.rng.choice(COOPS)}", "93"
            elif roll < 0.35:
                shops = FOOD_SHOPS if sells_food else OTHER_SHOPS
                if self.rng.random() < 0.3:  # named after the owner; accounts follow suit
                    brand = f"老{self.rng.choice(SURNAMES)}"
                name, kind = f"长兴县{area.name}{brand}{self.rng.choice(shops)}", "92"
            else:
                trades = (FOOD_TRADES if sells_food else OTHER_TRADES) * 2 + ANY_TRADES
                prefix = self.rng.choice(CITY_PREFIXES)
                name, kind = f"{prefix}{brand}{self.rng.choice(trades)}有限公司", "91"
            if name not in self.names:
                self.names.add(name)
                return name, brand, kind

    def operator(self, area_code: str, status: str) -> _Spec:
        rng = self.rng
        roll = rng.random()
        livestream, group_buying = (True, False) if roll < 0.55 else (False, True)
        if roll >= 0.85:
            livestream = group_buying = True
        sells_food = rng.random() < (0.85 if group_buying else 0.45)
        name, brand, kind = self.name(area_code, sells_food)
        legal_rep = self.person()
        phone = self.mobile()
        contact, contact_phone = (
            (legal_rep, phone) if rng.random() < 0.7 else (self.person(), self.mobile())
        )
        registered = self.address(area_code)
        operating = registered if rng.random() < 0.6 else self.address(area_code)
        reason, changed_at = "", None
        if status != Operator.Status.APPLIED:
            changed_at = self.now - timedelta(days=rng.randint(3, 400), minutes=rng.randrange(1440))
        if status in STATUS_REASONS:
            reasons = STATUS_REASONS[status]
            if not sells_food:
                reasons = [r for r in reasons if "食品" not in r]
            reason = rng.choice(reasons)
        operator = Operator(
            name=name,
            uscc=self.uscc(kind),
            livestream=livestream,
            group_buying=group_buying,
            sells_food=sells_food,
            legal_rep_name=legal_rep,
            legal_rep_id_number=self.id_number(),
            contact_name=contact,
            contact_phone=contact_phone,
            registered_address=registered,
            operating_address=operating,
            area=self.areas[area_code],
            status=status,
            status_reason=reason,
            status_changed_at=changed_at,
            risk_class=self.weighted([("A", 40), ("B", 40), ("C", 15), ("D", 5)]),
        )
        spec = _Spec(operator, brand)
        self.add_children(spec, area_code)
        return spec

    # What hangs on an operator -------------------------------------------------------------

    def add_children(self, spec: _Spec, area_code: str) -> None:
        operator = spec.operator
        spec.licences.append(self.business_licence(operator))
        food = self.food_licence(operator)
        if food is not None:
            spec.licences.append(food)
        spec.accounts.extend(self.accounts(operator, spec.brand))
        if operator.livestream:
            for n in range(self.rng.choice((1, 1, 1, 2))):
                spec.studios.append(self.studio(operator, spec.brand, area_code, n))
        if operator.group_buying:
            for _ in range(self.rng.choice((1, 1, 2, 2, 3, 4))):
                spec.pickup_points.append(self.pickup_point(operator, area_code))

    def term_end(self) -> date:
        """The end of a fixed term: mostly well ahead, sometimes expiring or expired."""
        roll = self.rng.random()
        if roll < 0.1:
            return self.today + timedelta(days=self.rng.randint(1, 30))
        if roll < 0.16:
            return self.today - timedelta(days=self.rng.randint(3, 150))
        return self.today + timedelta(days=self.rng.randint(45, 1700))

    def business_licence(self, operator: Operator) -> Licence:
        valid_from = date(2008, 1, 1) + timedelta(days=self.rng.randrange(365 * 16))
        valid_to = None
        if self.rng.random() < 0.1:  # a fixed business term
            valid_to = self.term_end()
            valid_from = min(valid_from, valid_to - timedelta(days=365 * 10))
        return Licence(
            operator=operator,
            kind=Licence.Kind.BUSINESS,
            number=operator.uscc,
            issuer=ISSUER,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    def food_licence(self, operator: Operator) -> Licence | None:
        if not operator.sells_food or self.rng.random() < 0.08:
            return None
        if self.rng.random() < 0.35:  # prepackaged food only: a record, no expiry
            while True:
                year = self.rng.randint(2019, 2024)
                number = f"YB1{DIVISION}{year}{self.rng.randrange(100000):05d}"
                if ("record", number) not in self.licence_numbers:
                    self.licence_numbers.add(("record", number))
                    break
            return Licence(
                operator=operator,
                kind=Licence.Kind.FOOD_RECORD,
                number=number,
                issuer=ISSUER,
                valid_from=date(year, 1, 1) + timedelta(days=self.rng.randrange(360)),
            )
        while True:
            number = f"JY1{DIVISION}{self.rng.randrange(10**7):07d}"
            if ("permit", number) not in self.licence_numbers:
                self.licence_numbers.add(("permit", number))
                break
        valid_to = self.term_end()
        # Food business permits run for five years.
        valid_from = valid_to - timedelta(days=365 * 5 - 1)
        return Licence(
            operator=operator,
            kind=Licence.Kind.FOOD_PERMIT,
            number=number,
            issuer=ISSUER,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    def handle(self, platform: str, brand: str, suffixes: list[str]) -> str:
        base = f"{brand}{self.rng.choice(suffixes)}"
        handle, n = base, 1
        while (platform, handle) in self.handles:
            n += 1
            handle = f"{base}{n}"
        self.handles.add((platform, handle))
        return handle

    def accounts(self, operator: Operator, brand: str) -> list[PlatformAccount]:
        pool = []
        if operator.livestream:
            pool += LIVESTREAM_PLATFORMS
        if operator.group_buying:
            pool += GROUP_PLATFORMS
        wanted = self.rng.choice((1, 1, 2, 2, 3))
        platforms: list[str] = []
        while len(platforms) < wanted:
            platform = self.weighted(pool)
            if platform not in platforms:
                platforms.append(platform)
        accounts = []
        for platform in platforms:
            group = platform in dict(GROUP_PLATFORMS)
            suffixes = GROUP_HANDLE_SUFFIXES if group else LIVESTREAM_HANDLE_SUFFIXES
            accounts.append(
                PlatformAccount(
                    operator=operator,
                    platform=platform,
                    handle=self.handle(platform, brand, suffixes),
                    account_id=str(self.rng.randrange(10**9, 10**11)),
                )
            )
        return accounts

    def studio(self, operator: Operator, brand: str, area_code: str, n: int) -> Studio:
        name = f"{brand}直播间" if n == 0 else f"{brand}{n + 1}号直播间"
        fixed = self.rng.random() < 0.85
        address = operator.operating_address if n == 0 and fixed else self.address(area_code)
        if not fixed:
            address += "（流动直播点）"
        return Studio(
            operator=operator,
            name=name,
            address=address,
            area=self.areas[area_code],
            is_fixed=fixed,
        )

    def pickup_point(self, operator: Operator, area_code: str) -> tuple[PickupPoint, list]:
        # Most pickup points sit in the operator's own area, some in a neighbouring one.
        if self.rng.random() < 0.2:
            area_code = self.rng.choice(list(AREA_COUNTS))
        host = self.rng.choice(["便利店", "超市", "小卖部", "水果店", "社区服务站", "快递驿站"])
        place = (
            f"{self.rng.choice(VILLAGES)}村" if self.rng.random() < 0.5 else self.rng.choice(BRANDS)
        )
        owner = self.person()
        point = PickupPoint(
            operator=operator,
            name=f"{place}{host}自提点",
            address=self.address(area_code),
            area=self.areas[area_code],
            contact_name=owner,
            contact_phone=self.mobile(),
            handles_food=self.rng.random() < 0.85,
        )
        leaders = [
            GroupLeader(
                operator=operator,
                name=owner if i == 0 and self.rng.random() < 0.5 else self.person(),
                phone=self.mobile(),
                real_name_verified=self.rng.random() < 0.8,
            )
            for i in range(self.rng.choice((1, 1, 2, 3)))
        ]
        return point, leaders

    # The population ------------------------------------------------------------------------

    def statuses(self, slots: list[str]) -> list[str]:
        status = [Operator.Status.ACTIVE.value] * len(slots)
        zhicheng = [i for i, code in enumerate(slots) if code == "zhicheng"]
        for i in self.rng.sample(zhicheng, ZHICHENG_APPLIED):
            status[i] = Operator.Status.APPLIED
        rest = [i for i, s in enumerate(status) if s == Operator.Status.ACTIVE]
        picks = iter(self.rng.sample(rest, OTHER_APPLIED + SUSPENDED + LEFT + REJECTED))
        for value, count in (
            (Operator.Status.APPLIED, OTHER_APPLIED),
            (Operator.Status.SUSPENDED, SUSPENDED),
            (Operator.Status.LEFT, LEFT),
            (Operator.Status.REJECTED, REJECTED),
        ):
            for _ in range(count):
                status[next(picks)] = value
        return status

    def population(self) -> list[_Spec]:
        slots = [code for code, count in AREA_COUNTS.items() for _ in range(count)]
        self.rng.shuffle(slots)
        return [
            self.operator(code, status)
            for code, status in zip(slots, self.statuses(slots), strict=True)
        ]


def _save(specs: list[_Spec]) -> None:
    """Bulk-create the operators and their licences, accounts, studios, points and leaders.

    Children hold their (unsaved) parent objects; bulk_create picks up the parents' primary
    keys once those are saved.
    """
    Operator.objects.bulk_create([s.operator for s in specs])
    Licence.objects.bulk_create([lic for s in specs for lic in s.licences])
    PlatformAccount.objects.bulk_create([a for s in specs for a in s.accounts])
    Studio.objects.bulk_create([st for s in specs for st in s.studios])
    points = [(p, leaders) for s in specs for p, leaders in s.pickup_points]
    PickupPoint.objects.bulk_create([p for p, _leaders in points])
    for point, leaders in points:
        for leader in leaders:
            leader.pickup_point = point
    GroupLeader.objects.bulk_create([leader for _p, leaders in points for leader in leaders])


def _demo_operator(areas: dict[str, Area]) -> tuple[Operator, bool]:
    return Operator.objects.get_or_create(
        uscc=DEMO_OPERATOR_USCC,
        defaults={
            "name": "长兴放心优选直播电商有限公司",
            "livestream": True,
            "group_buying": True,
            "sells_food": True,
            "legal_rep_name": "钱多多",
            "legal_rep_id_number": "330522198801011235",
            "contact_name": "钱多多",
            "contact_phone": "13905720001",
            "registered_address": "长兴县雉城街道金陵北路88号",
            "operating_address": "长兴县雉城街道金陵北路88号3楼直播间",
            "area": areas["zhicheng"],
            "status": Operator.Status.ACTIVE,
            "risk_class": Operator.RiskClass.A,
        },
    )


def _equip_demo_operator(operator: Operator, today: date) -> bool:
    """Licences, accounts, a studio and a pickup point for the demo operator, once."""
    if operator.licences.exists():
        return False
    Licence.objects.bulk_create(
        [
            Licence(
                operator=operator,
                kind=Licence.Kind.BUSINESS,
                number=operator.uscc,
                issuer=ISSUER,
                valid_from=date(2019, 3, 15),
            ),
            Licence(
                operator=operator,
                kind=Licence.Kind.FOOD_PERMIT,
                number=DEMO_FOOD_PERMIT,
                issuer=ISSUER,
                valid_from=today - timedelta(days=365 * 2),
                valid_to=today - timedelta(days=365 * 2) + timedelta(days=365 * 5 - 1),
            ),
        ]
    )
    P = PlatformAccount.Platform
    accounts = [
        (P.DOUYIN, "放心优选官方旗舰店", "6600880001"),
        (P.CHANNELS, "放心优选直播间", "6600880002"),
        (P.MEITUAN, "放心优选雉城团购", "6600880003"),
    ]
    for platform, handle, account_id in accounts:
        PlatformAccount.objects.get_or_create(
            platform=platform,
            handle=handle,
            defaults={"operator": operator, "account_id": account_id},
        )
    Studio.objects.create(
        operator=operator,
        name="放心优选直播间",
        address=operator.operating_address,
        area=operator.area,
    )
    point = PickupPoint.objects.create(
        operator=operator,
        name="金陵社区便利店自提点",
        address="长兴县雉城街道金陵北路102号",
        area=operator.area,
        contact_name="钱小红",
        contact_phone="13905720002",
    )
    GroupLeader.objects.create(
        operator=operator,
        name="钱小红",
        phone="13905720002",
        pickup_point=point,
        real_name_verified=True,
    )
    return True


def build(log=print) -> None:
    areas = Area.objects.in_bulk(field_name="code")
    today = date.today()
    operator, created = _demo_operator(areas)
    equipped = _equip_demo_operator(operator, today)
    log(
        f"demo operator: {'created' if created else 'present'}{' and equipped' if equipped else ''}"
    )

    specs = _Generator(areas, today).population()
    existing = set(
        Operator.objects.filter(uscc__in=[s.operator.uscc for s in specs]).values_list(
            "uscc", flat=True
        )
    )
    missing = [s for s in specs if s.operator.uscc not in existing]
    _save(missing)
    log(f"generated operators: {len(missing)} created, {len(existing)} present")
