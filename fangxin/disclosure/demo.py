"""Demo content of the public site's own pages: three good-practice stories (two published,
one draft) and four suggestions from the public (two answered with the answer published, one
answered privately, one waiting). Idempotent: stories are matched by title, suggestions by
their fixed demo codes."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fangxin.core.models import User
from fangxin.core.roles import Role
from fangxin.registry.models import Operator

from .models import Story, Suggestion

STORIES = [
    (
        "直播间“先验后播”，把好选品第一关",
        "一家本地直播电商企业建立选品检验台账，每款商品上播前查验证照和检验报告。",
        "<p>该企业设立专职选品岗，每款商品上播前查验<strong>营业执照、生产许可证和检验报告</strong>，"
        "并在直播间展示。</p><ul><li>选品台账按月归档</li><li>不合格商品一律不上播</li>"
        "<li>消费者投诉24小时内回应</li></ul>",
        True,
    ),
    (
        "社区团购“团长”培训全覆盖",
        "平台组织团长学习食品安全和价格标示规定，售后问题当天处理。",
        "<p>平台每季度组织团长培训，内容包括食品安全、明码标价和七日无理由退货。</p>"
        "<p>售后问题由平台客服当天跟进，处理结果回访消费者。</p>",
        True,
    ),
    (
        "农产品网店的溯源二维码（草稿）",
        "尚在编写，未发布。",
        "<p>草稿内容。</p>",
        False,
    ),
]

SUGGESTIONS = [
    (
        "DEMX2345AA",
        "希望在网站上能按抖音号直接查询商家是否获得放心电商称号。",
        "感谢您的建议。现已提供“查找放心商家”服务，可按店铺名、统一社会信用代码或平台账号查询。",
        True,
    ),
    (
        "DEMX2345BB",
        "建议对社区团购的售后服务也进行评议。",
        "感谢您的建议。今年的消费者评议已包含团购售后服务，欢迎参与评议。",
        True,
    ),
    ("DEMX2345CC", "直播间的价格标示能否统一要求？", "已转相关科室研究。", False),
    ("DEMX2345DD", "希望公示期能延长几天。", "", False),
]


def build(log=print) -> None:
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("disclosure: no office user, nothing built")
        return
    today = timezone.localdate()
    now = timezone.now()
    operators = list(Operator.objects.order_by("pk")[:2])
    stories = suggestions = 0
    with transaction.atomic():
        for index, (title, summary, body, published) in enumerate(STORIES):
            if Story.objects.filter(title=title).exists():
                continue
            Story.objects.create(
                title=title,
                summary=summary,
                body=body,
                operator=operators[index] if index < len(operators) and published else None,
                status=Story.Status.PUBLISHED if published else Story.Status.DRAFT,
                published_on=today - timedelta(days=10 * (index + 1)) if published else None,
                author=office,
            )
            stories += 1
        for index, (code, text, answer, published) in enumerate(SUGGESTIONS):
            if Suggestion.objects.filter(code=code).exists():
                continue
            Suggestion.objects.create(
                code=code,
                name="" if index % 2 else "王先生",
                contact="" if index % 2 else "demo@example.com",
                text=text,
                answer=answer,
                answered_at=now - timedelta(days=index + 1) if answer else None,
                answered_by=office if answer else None,
                answer_published=published,
            )
            suggestions += 1
    log(f"disclosure: {stories} stories, {suggestions} suggestions")
