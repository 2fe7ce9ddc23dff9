"""Demo monitoring: five live-stream transcripts the demo monitor hands in, scanned with the
shipped rule list, and reviewed the way a monitor would: problems confirmed (findings, and for a
veto category a proposed veto event), false alarms dismissed with the reason, the newest left
to review.

The transcripts are data (``data/demo/*.srt``), written for the demo: a honey and local food
stream, a cosmetics stream, a clothing stream, a community group-buying announcement and a
clean tea stream. The problems are planted (全网最低价, 降血糖 and 治疗 claims for ordinary
food, 好评返现, 原价999, 最 低 价 spaced out to slip past a word filter, a controlled knife)
beside passages that must not fire (最近, 第一次, 最佳食用期).

The monitor also records a few licence-display checks (亮照亮证检查) of enrolled operators: the
demo operator's shop first found showing its licence only in part and later in full, one shop
in the demo station's area not showing it at all, others in order.

Uploads go through ``services.upload`` as the demo ``monitor`` user, so the scan is the real one.
The demo is built in one transaction, and an upload is scanned once it commits; the reviews are
therefore queued behind the scans (``transaction.on_commit`` runs callbacks in order) rather
than run now, on hits that do not exist yet. Deterministic; a second build does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from fangxin.core.demo import DEMO_STATION
from fangxin.core.models import User
from fangxin.registry.demo import DEMO_OPERATOR_USCC
from fangxin.registry.models import Operator

from . import rulelists, services
from .models import Hit, LicenceCheck, Material

DATA = Path(__file__).parent / "data" / "demo"
CONFIRM, DISMISS = True, False


@dataclass(frozen=True)
class Review:
    """Every pending hit inside an occurrence of ``passage`` (with ``term``, when given, as its
    matched text) gets this verdict."""

    passage: str
    confirm: bool
    reason: str = ""
    term: str = ""
    severity: str = ""


@dataclass(frozen=True)
class Stream:
    file: str
    days_ago: int
    minutes: int
    reviews: tuple[Review, ...] = ()


SAME_PLACE = "与同一处“最 低 价”重复，已按该条确认。"
KNIVES = "团长在群内私下接单销售弹簧刀、开山刀等管制刀具。"

STREAMS = (
    # Two months back, worked through.
    Stream(
        "honey.srt",
        70,
        120,
        (
            Review("在吃药治疗", DISMISS, "主播提示遵医嘱、蜂蜜不能代替药品，不属于功效宣称。"),
            Review("能降血糖", CONFIRM, "普通食品（蜂蜜）宣称降血糖功效。"),
            Review("降血糖效果", CONFIRM, "普通食品（蜂蜜）宣称降血糖功效。"),
            Review("治疗失眠", CONFIRM, "普通食品宣称治疗失眠。"),
            Review("治疗胃病", CONFIRM, "普通食品宣称治疗胃病。"),
            Review("蜂蜜水养胃", CONFIRM, "普通食品宣称养胃保健功效。"),
            Review("全网最低价", CONFIRM, "无法提供全网比价依据。"),
            Review("原价999", CONFIRM, "礼盒上架以来从未以999元成交，虚构原价。"),
            Review("最好的", CONFIRM),
            Review("只剩二十单", DISMISS, "后台库存记录显示礼盒当时确为剩余二十单。"),
        ),
    ),
    # Six weeks back: the serious problems confirmed, the rest still open.
    Stream(
        "cosmetics.srt",
        45,
        90,
        (
            Review("医用级", CONFIRM, "普通化妆品宣称医用级、医院在用，无依据。"),
            Review(
                "一个疗程，三天美白，七天祛斑", CONFIRM, "宣称美白祛斑功效，未见特殊化妆品注册。"
            ),
            Review("斑点全部消失", CONFIRM, "宣称祛斑功效。"),
            Review("没有任何副作用", CONFIRM, "绝对化的安全性表述。"),
            Review("最 低 价", CONFIRM, "以空格拆分“最低价”规避审核。", term="最 低 价"),
            Review("最 低 价", DISMISS, SAME_PLACE, term="最"),
            Review("好评返现", CONFIRM, "以返现诱导好评。"),
        ),
    ),
    # Three weeks back: the clear cases done, the judgement calls still open.
    Stream(
        "clothing.srt",
        24,
        150,
        (
            Review("原价999", CONFIRM, "该款羽绒服上架以来最高成交价为399元，虚构原价。"),
            Review("全网最低价", CONFIRM),
            Review("好评返现", CONFIRM, "以返现诱导好评。"),
            Review("吊牌价五百九十九", DISMISS, "经核实，吊牌价与线下门店实际标价一致。"),
        ),
    ),
    # Last week: the knives at once, the rest still to review.
    Stream(
        "group-buying.srt",
        9,
        30,
        (
            Review("弹簧刀", CONFIRM, KNIVES, severity="serious"),
            Review("开山刀", CONFIRM, KNIVES, severity="serious"),
        ),
    ),
    # A few days ago, nothing to find.
    Stream("clean-tea.srt", 3, 60),
)


def _pick(candidates: list[Operator], words: tuple[str, ...], taken: set[int]) -> Operator:
    """The first candidate whose name says it trades in what the stream sells, else the first
    one left."""
    left = [o for o in candidates if o.pk not in taken]
    chosen = next((o for o in left if any(w in o.name for w in words)), left[0])
    taken.add(chosen.pk)
    return chosen


def _operators() -> list[Operator]:
    """One operator per stream, chosen the same way on every build: live-streaming shops in
    the demo station's area and elsewhere, by trade; the group-buying announcement is the demo
    operator's (so its account sees what a confirmed hit becomes)."""
    pool = Operator.objects.filter(status=Operator.Status.ACTIVE, livestream=True).exclude(
        uscc=DEMO_OPERATOR_USCC
    )
    home = list(pool.filter(area__station__code=DEMO_STATION).order_by("pk"))
    away = list(pool.exclude(area__station__code=DEMO_STATION).order_by("pk"))
    food = [o for o in home if o.sells_food]
    taken: set[int] = set()
    return [
        _pick(food, ("土特产", "农产品", "农业开发", "副食品", "食品"), taken),
        _pick(away, ("日用品", "商贸", "电子商务", "网络科技"), taken),
        _pick(home, ("服饰", "纺织", "家纺"), taken),
        Operator.objects.get(uscc=DEMO_OPERATOR_USCC),
        _pick(away, ("茶叶", "竹木制品", "土特产"), taken),
    ]


def _inside(hit: Hit, spans: list[tuple[int, int]]) -> bool:
    return any(start <= hit.start and hit.end <= end for start, end in spans)


def _spans(text: str, passage: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(passage)
    while at != -1:
        spans.append((at, at + len(passage)))
        at = text.find(passage, at + 1)
    return spans


def _review(monitor: User, plan: list[tuple[int, Stream]], log) -> None:
    for pk, stream in plan:
        material = Material.objects.get(pk=pk)
        if material.status != Material.Status.SCANNED:
            # A worker has it (Celery configured) or has not got to it: scan here, now.
            material = services.scan(pk)
        text = (DATA / stream.file).read_text(encoding="utf-8")
        for review in stream.reviews:
            spans = _spans(text, review.passage)
            for hit in material.hits.filter(status=Hit.Status.PENDING).order_by("start", "pk"):
                if _inside(hit, spans) and review.term in ("", hit.term):
                    services.review(
                        monitor,
                        hit,
                        confirm=review.confirm,
                        reason=review.reason,
                        severity=review.severity,
                    )
    counts = Hit.objects.filter(material_id__in=[pk for pk, _stream in plan]).aggregate(
        hits=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Hit.Status.CONFIRMED)),
        dismissed=Count("pk", filter=Q(status=Hit.Status.DISMISSED)),
        pending=Count("pk", filter=Q(status=Hit.Status.PENDING)),
        findings=Count("finding", distinct=True),
        veto_events=Count("veto_event", distinct=True),
    )
    log(
        "monitoring: {hits} hits, {confirmed} confirmed ({findings} findings, "
        "{veto_events} veto events proposed), {dismissed} dismissed, {pending} to review".format(
            **counts
        )
    )


# (operator: "demo" / "home" / "away", days ago, result, note)
LICENCE_CHECKS = (
    ("demo", 40, LicenceCheck.Result.PARTIAL, "店铺首页公示了营业执照，未公示食品经营许可证。"),
    ("demo", 12, LicenceCheck.Result.DISPLAYED, ""),
    ("home", 60, LicenceCheck.Result.MISSING, "店铺首页和直播间均未公示营业执照。"),
    ("home", 30, LicenceCheck.Result.DISPLAYED, ""),
    ("away", 20, LicenceCheck.Result.DISPLAYED, ""),
)


def _licence_checks(monitor: User, today: date, log) -> None:
    if LicenceCheck.objects.exists():
        return
    enrolled = services.enrolled_operators(Operator.objects.filter(livestream=True)).order_by("pk")
    demo = enrolled.filter(uscc=DEMO_OPERATOR_USCC).first()
    others = enrolled.exclude(uscc=DEMO_OPERATOR_USCC)
    home = others.filter(area__station__code=DEMO_STATION).first()
    away = others.exclude(area__station__code=DEMO_STATION).first()
    chosen = {"demo": demo, "home": home, "away": away}
    made = 0
    for who, days_ago, result, note in LICENCE_CHECKS:
        operator = chosen[who]
        if operator is None:
            continue
        account = operator.accounts.order_by("pk").first()
        services.record_licence_check(
            monitor,
            operator,
            checked_on=today - timedelta(days=days_ago),
            result=result,
            account=account,
            storefront="" if account else operator.name,
            note=note,
        )
        made += 1
    log(f"monitoring: {made} licence-display checks")


def build(log=print) -> None:
    monitor = User.objects.get(username="monitor")
    _licence_checks(monitor, timezone.localdate(), log)
    if Material.objects.exists():
        log("monitoring: present")
        return
    try:
        ruleset = services.active_ruleset()
    except rulelists.RuleListError as exc:
        log(f"monitoring: no usable rule list ({exc}); skipped")
        return
    today: date = timezone.localdate()
    plan = []
    for stream, operator in zip(STREAMS, _operators(), strict=True):
        upload = SimpleUploadedFile(
            stream.file,
            (DATA / stream.file).read_bytes(),
            content_type="application/x-subrip",
        )
        material = services.upload(
            monitor,
            operator,
            upload,
            stream_date=today - timedelta(days=stream.days_ago),
            duration_minutes=stream.minutes,
            account=operator.accounts.order_by("pk").first(),
        )
        plan.append((material.pk, stream))
    log(
        f"monitoring: {len(plan)} transcripts uploaded, rule list {ruleset.version} "
        f"({ruleset.rule_count} rules)"
    )
    transaction.on_commit(lambda: _review(monitor, plan, log))
