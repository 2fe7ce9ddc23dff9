"""Credit punishment (失信惩戒, issue 16 item 4): only measures with a legal or policy basis.

国办发〔2020〕49号
(《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》)
requires every punishment measure to rest on a law, a regulation or a policy of the Party
Central Committee or the State Council, and forbids
widening joint punishment beyond that basis. So the catalogue below holds only the measures the
programme can take itself, each with the document it rests on, and the grounds on which each may
be taken; nothing else can be recorded. The office checks the citations against the current
texts before exporting to partner departments (article numbers are left out where the texts were
renumbered).

Grounds: a credit listing in force (经营异常名录 / 严重违法失信名单, from supervision's
facts), a black-list entry (the red/black list's entry, referred to by model label and id), a
revoked title
(``titles.title``). Layers: titles sits below oversight and cannot ask ``punished()``; it
already refuses or revokes a title for a credit listing through the veto (veto situation 6,
confirmed by the office), which is the layered way the "no titles while listed" measure takes
effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fangxin.core.facts import Ref
from fangxin.core.permissions import require
from fangxin.registry.models import Operator
from fangxin.registry.services import record_event
from fangxin.supervision import facts as supervision_facts

from .models import Punishment

G = Punishment.Ground


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    basis: str
    grounds: tuple[str, ...]
    max_days: int  # the longest a measure runs on one ground


CATALOGUE: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure(
            "no_titles",
            gettext_lazy("列入期间不得参评、不得授予“放心消费”称号"),
            gettext_lazy(
                "《企业信息公示暂行条例》（在授予荣誉称号等工作中对列入经营异常名录或严重违法失信名单的企业"
                "依法予以限制）；《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）；"
                "本县“放心消费”创建实施方案（取消称号情形：被列入经营异常名录或严重违法失信名单）"
            ),
            (G.CREDIT_LISTING, G.BLACK_LIST, G.REVOKED_TITLE),
            3 * 365,
        ),
        Measure(
            "no_promotion",
            gettext_lazy("列入期间不纳入示范推广和典型宣传"),
            gettext_lazy(
                "本县“放心消费”创建实施方案（红黑榜与示范推广）；《国务院办公厅关于进一步完善失信约束制度"
                "构建诚信建设长效机制的指导意见》（国办发〔2020〕49号，惩戒措施以方案为限，不扩大）"
            ),
            (G.CREDIT_LISTING, G.BLACK_LIST),
            3 * 365,
        ),
        Measure(
            "more_inspections",
            gettext_lazy("列为重点监管对象，提高“双随机”抽查比例和频次"),
            gettext_lazy(
                "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）；"
                "《关于推进企业信用风险分类管理进一步提升监管效能的意见》（国市监信发〔2022〕6号）"
            ),
            (G.CREDIT_LISTING, G.BLACK_LIST),
            3 * 365,
        ),
    )
}


def measure(code: str) -> Measure | None:
    return CATALOGUE.get(code)


def _ground_in_force(operator: Operator, ground: str, ref: Ref, on: date) -> bool:
    """Whether the ground row exists, is the operator's, and (a credit listing) is in force."""
    if ground == G.CREDIT_LISTING:
        return any(f.ref == ref for f in supervision_facts.credit_listings_for(operator.pk, on))
    expected = {G.REVOKED_TITLE: ("titles.title",)}.get(ground)
    if expected and ref.label not in expected:
        return False
    try:
        model = apps.get_model(ref.label)
    except (LookupError, ValueError):
        return False
    row = model._default_manager.filter(pk=ref.pk).first()
    if row is None or getattr(row, "operator_id", None) != operator.pk:
        return False
    if ground == G.REVOKED_TITLE:
        return getattr(row, "status", "") == "revoked"
    return True


@transaction.atomic
def record(
    user,
    operator: Operator,
    measure_code: str,
    ground: str,
    ground_ref: Ref,
    ground_note: str,
    starts_on: date,
    ends_on: date,
) -> Punishment:
    """Record one measure against ``operator`` on a ground in force; refused for a measure not in
    the catalogue (no basis) or not allowed on that ground."""
    require(
        user, "oversight.record_punishment", operator, _("只有领导小组办公室可以记录失信惩戒措施。")
    )
    item = measure(measure_code)
    if item is None:
        raise ValidationError({"measure": _("该措施没有法律或政策依据，不能记录。")})
    if ground not in G.values:
        raise ValidationError({"ground": _("请选择惩戒事由。")})
    if ground not in item.grounds:
        raise ValidationError(
            {
                "ground": _("“%(measure)s”不适用于该事由（依据所限，不得扩大惩戒范围）。")
                % {"measure": item.label}
            }
        )
    if not ground_note.strip():
        raise ValidationError({"ground_note": _("请说明惩戒事由。")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    if (ends_on - starts_on).days > item.max_days:
        raise ValidationError({"ends_on": _("惩戒期限不能超过%d天。") % item.max_days})
    if not _ground_in_force(operator, ground, ground_ref, starts_on):
        raise ValidationError({"ground": _("惩戒事由不存在、不属于该经营主体或已不在有效期内。")})
    try:
        with transaction.atomic():
            row = Punishment.objects.create(
                operator=operator,
                measure=item.code,
                ground=ground,
                ground_label=ground_ref.label,
                ground_id=ground_ref.pk,
                ground_note=ground_note.strip()[:300],
                starts_on=starts_on,
                ends_on=ends_on,
                recorded_by=user,
            )
    except IntegrityError as exc:
        raise ValidationError(_("已就同一事由记录过该惩戒措施。")) from exc
    record_event(
        operator,
        "other",
        _("失信惩戒：%(measure)s（%(start)s至%(end)s；事由：%(note)s）")
        % {"measure": item.label, "start": starts_on, "end": ends_on, "note": row.ground_note},
        user,
        {"punishment": row.pk, "measure": item.code},
        about=row,
    )
    return row


def grounds_for(operator: Operator, on: date) -> list[tuple[str, Ref, str]]:
    """The grounds in force the page offers: credit listings (more can be given by reference)."""
    return [
        (G.CREDIT_LISTING, f.ref, f"{f.list_kind} {f.listed_on} {f.reason}"[:300])
        for f in supervision_facts.credit_listings_for(operator.pk, on)
    ]


def export_rows(queryset) -> tuple[list, list]:
    """The partner departments' sheet: each measure with its basis (cells neutralised by the
    writer)."""
    header = [
        _("经营主体"),
        _("统一社会信用代码"),
        _("惩戒措施"),
        _("依据"),
        _("惩戒事由"),
        _("事由说明"),
        _("开始日期"),
        _("结束日期"),
    ]
    rows = []
    for p in queryset.select_related("operator"):
        item = measure(p.measure)
        rows.append(
            [
                p.operator.name,
                p.operator.uscc,
                str(item.label) if item else p.measure,
                str(item.basis) if item else "",
                p.get_ground_display(),
                p.ground_note,
                p.starts_on.isoformat(),
                p.ends_on.isoformat(),
            ]
        )
    return header, rows
