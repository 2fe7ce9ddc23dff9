"""The association's scores from a spreadsheet (行业评议导入): one row per enrolment, matched by
the operator's unified social credit code and, for an operator of both kinds, its kind.

Reading only: the rows become ``{enrolment_id: points}`` for ``services.score_industry`` (which
checks the range and the phase and saves all or nothing), or row/column errors in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fangxin.core import table_uploads, tables
from fangxin.programme.models import Campaign, Enrolment, Kind
from fangxin.registry.uscc import normalise

USCC = ("统一社会信用代码", "信用代码", "注册号")
KIND = ("类型", "培育类型")
SCORE = ("评分", "行业评议分", "分数", "得分")
TEMPLATE_HEADER = ["统一社会信用代码", "经营主体名称", "类型", "评分"]
KIND_WORDS = {str(label): value for value, label in Kind.choices} | {
    "直播": Kind.LIVESTREAM,
    "团购": Kind.GROUP_BUYING,
    "livestream": Kind.LIVESTREAM,
    "group_buying": Kind.GROUP_BUYING,
}


@dataclass
class Reading:
    scores: dict[int, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, cell in enumerate(header):
        if str(cell or "").strip() in names:
            return index
    return None


def read(campaign: Campaign, data: bytes, name: str) -> Reading:
    reading = Reading()
    try:
        table = table_uploads.read(data, name)
        rows = list(table.rows)
    except tables.TableError as exc:
        reading.errors.append(table_uploads.describe(exc) or str(exc))
        return reading
    if not rows:
        reading.errors.append(_("文件没有数据行。"))
        return reading
    _number, header = rows[0]
    columns = {key: _column(header, names) for key, names in (("uscc", USCC), ("score", SCORE))}
    kind_column = _column(header, KIND)
    missing = [
        label
        for key, label in (("uscc", _("统一社会信用代码")), ("score", _("评分")))
        if columns[key] is None
    ]
    if missing:
        reading.errors.append(
            _("表头缺少列：%(columns)s（可下载模板）。") % {"columns": "、".join(missing)}
        )
        return reading
    enrolments: dict[str, list[Enrolment]] = {}
    for enrolment in (
        Enrolment.objects.filter(campaign=campaign).enrolled().select_related("operator")
    ):
        enrolments.setdefault(enrolment.operator.uscc, []).append(enrolment)
    for number, cells in rows[1:]:

        def cell(index, cells=cells):
            return str(cells[index]).strip() if index is not None and index < len(cells) else ""

        code = normalise(cell(columns["uscc"]))
        score = cell(columns["score"])
        where = _("第 %(row)s 行") % {"row": number}
        found = enrolments.get(code, [])
        if not code or not found:
            reading.errors.append(
                _("%(where)s：统一社会信用代码 %(code)s 不在本年度培育对象名单中。")
                % {"where": where, "code": code or _("（空）")}
            )
            continue
        kind_text = cell(kind_column)
        if kind_text:
            kind = KIND_WORDS.get(kind_text)
            found = [e for e in found if e.kind == kind]
            if not found:
                reading.errors.append(
                    _("%(where)s：该经营主体没有“%(kind)s”类型的培育记录。")
                    % {"where": where, "kind": kind_text}
                )
                continue
        if len(found) > 1:
            reading.errors.append(
                _("%(where)s：该经营主体同时参加两种类型，请填写“类型”列。") % {"where": where}
            )
            continue
        enrolment = found[0]
        if enrolment.pk in reading.scores:
            reading.errors.append(_("%(where)s：与前面的行重复。") % {"where": where})
            continue
        if not score:
            reading.errors.append(_("%(where)s：评分为空。") % {"where": where})
            continue
        reading.scores[enrolment.pk] = score
        reading.names[enrolment.pk] = f"{enrolment.operator.name}（{enrolment.get_kind_display()}）"
    return reading
