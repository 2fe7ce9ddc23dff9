"""Rubric problems (``rubric.Problem``) and engine reasons in the reader's words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import engine
from .rubric import Problem

PROBLEMS = {
    "yaml": gettext_lazy("YAML 格式有误（%(where)s），请检查缩进和括号。"),
    "shape": gettext_lazy("%(where)s：结构不正确。"),
    "missing": gettext_lazy("%(where)s：缺少 %(field)s。"),
    "unknown_field": gettext_lazy("%(where)s：无法识别的字段 %(fields)s。"),
    "bad_number": gettext_lazy("%(where)s：%(field)s 不是有效的数值。"),
    "bad_kind": gettext_lazy("类型（kind）必须是 livestream 或 group_buying。"),
    "bad_threshold": gettext_lazy("达标分数线必须在 0 至 100 之间（现为 %(value)s）。"),
    "bad_split": gettext_lazy("%(where)s：分值划分不正确。"),
    "split_total": gettext_lazy("分值划分合计为 %(total)s 分，应为 100 分。"),
    "split_mismatch": gettext_lazy("%(where)s：各维度分值与分值划分不一致。"),
    "duplicate": gettext_lazy("%(where)s：%(code)s 重复出现。"),
    "criteria_total": gettext_lazy(
        "%(where)s：各评分项合计为 %(total)s 分，应等于该维度的 %(points)s 分。"
    ),
    "dimensions_total": gettext_lazy("各维度合计为 %(total)s 分，应为 100 分。"),
    "bad_default": gettext_lazy("%(where)s：默认分 %(value)s 超出 0 至 %(points)s 分。"),
    "area_codes": gettext_lazy(
        "%(where)s：评分项须为工作指南的各要求方面，每项一次（缺少：%(missing)s；"
        "无法识别：%(unknown)s）。"
    ),
    "unknown_fact": gettext_lazy("%(where)s：无法识别的事实类型 %(value)s。"),
    "unknown_dimension": gettext_lazy("%(where)s：无法识别的维度 %(value)s。"),
    "unknown_criterion": gettext_lazy("%(where)s：没有评分项 %(value)s。"),
    "fact_area_needs_areas": gettext_lazy(
        "%(where)s：fact_area 只能用于按要求方面评分的维度（%(dimension)s 不是）。"
    ),
    "rule_option": gettext_lazy("%(where)s：选项 %(option)s 不适用于这类规则。"),
    "bad_window": gettext_lazy("%(where)s：计分期间须为阶段编码或日期，且结束不早于开始。"),
    "bad_floor": gettext_lazy("%(where)s：底线须为 0（含）至 1（不含）之间的比例。"),
    "bad_panel_rule": gettext_lazy(
        "%(where)s：考评组合分规则须为 mean（平均）或 trimmed_mean（去掉最高分和最低分后平均），"
        "trim_from 为不小于 3 的整数。"
    ),
}


def problem(item: Problem) -> str:
    template = PROBLEMS.get(item.code)
    if template is None:
        return str(item)
    params = {k: "" if v is None else v for k, v in item.params.items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return f"{template} ({item})"


def reason(code: str, criterion_name: str = "") -> str:
    """Why an enrolment is not a candidate, in words."""
    if code == engine.VETOED:
        return _("一票否决")
    if code == engine.BLOCKED_AREA:
        return _("“%(area)s”得分触及底线") % {"area": criterion_name}
    return _("总分未达到分数线")
