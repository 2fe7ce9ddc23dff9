"""The ledger and the results in words: what each line is, and where its cause can be seen."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext as _

from fangxin.core import links
from fangxin.core.scoping import visible
from fangxin.supervision.models.enforcement import VetoKind

from . import engine, messages
from . import rubric as rubric_data
from .models import LedgerEntry, Score


def _input_words(name: str) -> str:
    # Looked up at call time so the words follow the reader's language.
    words = {
        "panel": _("暂无考评组评分，按细则默认分计"),
        "association": _("暂无行业协会评分，按细则默认分计"),
        "ratings": _("消费者评价不足，按细则默认分计"),
        "survey": _("满意度调查不足，按细则默认分计"),
        "invited": _("暂无特邀评议，按细则默认分计"),
    }
    return words.get(name, _("基础分，按细则起算"))


@dataclass(frozen=True)
class Line:
    entry: LedgerEntry
    dimension: str
    criterion: str
    words: str
    cause: str  # the source row as its page names it
    url: str


def explain(entry: LedgerEntry) -> str:
    """One ledger line in plain Chinese."""
    detail = entry.detail or {}
    source = entry.source
    S = LedgerEntry.Source
    if source == S.DEFAULT:
        if detail.get("count") and detail.get("minimum"):
            return _("仅有 %(count)s 份（少于 %(minimum)s 份），按细则默认分计") % {
                "count": detail["count"],
                "minimum": detail["minimum"],
            }
        return _input_words(detail.get("input", "none"))
    if source == S.RATINGS:
        return _("消费者评价 %(count)s 条，平均 %(mean)s 星") % detail
    if source == S.SURVEY:
        return _("满意度调查 %(count)s 份，平均 %(mean)s 分（满分 5 分）") % detail
    if source == S.INVITED:
        return _("特邀评议 %(count)s 人，平均 %(mean)s 分（满分 100 分）") % detail
    if source == S.FINDING:
        if detail.get("severity") == "serious":
            return _("检查发现严重问题，扣除该方面分值")
        return _("检查发现一般问题")
    if source == S.OVERDUE_ORDER:
        return _("整改通知逾期未整改（逾期 %(days)s 个工作日）") % {"days": detail.get("days", 0)}
    if source == S.CASE:
        return _("立案查处，扣除该方面分值")
    if source == S.FAILED_SAMPLE:
        return _("商品抽检不合格：%(product)s") % {"product": detail.get("product", "")}
    if source == S.MONITORING:
        return _("第三方监测确认的问题（本期监测 %(hours)s 小时，按每监测小时计）") % {
            "hours": detail.get("hours", "0")
        }
    if source == S.LICENCE_CHECK:
        words = {
            "partial": _("%(day)s 第三方监测检查“%(place)s”：部分亮照亮证"),
            "missing": _("%(day)s 第三方监测检查“%(place)s”：未亮照亮证"),
        }
        return words.get(detail.get("result"), words["missing"]) % {
            "day": detail.get("checked_on", ""),
            "place": detail.get("place", ""),
        }
    if source == S.COMPLAINT:
        if detail.get("satisfied"):
            return _("投诉属实，已处理至消费者满意（退回 %(back)s 分）") % {
                "back": detail.get("back", "0")
            }
        return _("投诉属实")
    if source == S.VETO:
        kind = detail.get("veto_kind", "")
        label = dict(VetoKind.choices).get(kind, kind)
        return _("一票否决：%(kind)s") % {"kind": label}
    if source == S.PANEL:
        if detail.get("rule") == "trimmed_mean":
            return _("考评组 %(members)s 人评分，去掉最高分和最低分后平均") % {
                "members": detail.get("members", 0)
            }
        return _("考评组 %(members)s 人评分的平均分") % {"members": detail.get("members", 0)}
    if source == S.ASSOCIATION:
        return _("行业协会评分")
    if source == S.MANUAL:
        return _("人工调整：%(reason)s") % {"reason": entry.note}
    return entry.get_source_display()


def _causes(user, entries) -> dict[tuple[str, int], tuple[str, str]]:
    """(label, pk) → (name, url) of the source rows the user may see, one query per type."""
    wanted = defaultdict(set)
    for entry in entries:
        if entry.fact_label and entry.fact_pk:
            wanted[entry.fact_label].add(entry.fact_pk)
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in visible(user, model).filter(pk__in=pks):
            found[label, obj.pk] = (str(obj), links.url_for(obj))
    return found


def ledger_lines(user, entries, parsed: rubric_data.Rubric) -> list[Line]:
    entries = list(entries)
    causes = _causes(user, entries)
    lines = []
    for entry in entries:
        dimension = parsed.dimension(entry.dimension)
        criterion = dimension.criterion(entry.criterion) if dimension else None
        cause, url = causes.get((entry.fact_label, entry.fact_pk), ("", ""))
        lines.append(
            Line(
                entry=entry,
                dimension=dimension.name if dimension else entry.dimension,
                criterion=criterion.name if criterion else entry.criterion,
                words=explain(entry),
                cause=cause,
                url=url,
            )
        )
    return lines


def criterion_rows(parsed: rubric_data.Rubric, score: Score | None) -> list[dict]:
    """Each dimension with its criteria's scores (from the stored score)."""
    stored = score.criteria if score else {}
    rows = []
    for dimension in parsed.dimensions:
        criteria = []
        for criterion in dimension.criteria:
            value = stored.get(f"{dimension.code}.{criterion.code}", {})
            raw = Decimal(value.get("raw", "0"))
            criteria.append(
                {
                    "code": criterion.code,
                    "name": criterion.name,
                    "max": criterion.points,
                    "score": Decimal(value.get("score", "0")),
                    "capped": raw < 0,
                }
            )
        rows.append(
            {
                "code": dimension.code,
                "name": dimension.name,
                "max": dimension.points,
                "score": Decimal(score.dimensions.get(dimension.code, "0")) if score else None,
                "criteria": criteria,
            }
        )
    return rows


def reasons_in_words(score: Score, parsed: rubric_data.Rubric) -> list[str]:
    words = []
    for reason in score.reasons:
        name = ""
        if reason.get("code") == engine.BLOCKED_AREA:
            found = parsed.criterion(reason.get("dimension", ""), reason.get("criterion", ""))
            name = found.name if found else reason.get("criterion", "")
        words.append(messages.reason(reason.get("code", ""), name))
    return words
