"""The audit log in words an official reads: what (linked), which field, old → new, who, when.

django-auditlog keeps each change as strings ("None", "True", a key, a repr of a dict); this
turns them back into what the forms show: the field's name in the reader's language, the label
of a choice, 是/否, the name of a related row, a date, "（空）" for nothing. The API keeps the
raw record.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import json
from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import links

ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("新增"),
    LogEntry.Action.UPDATE: gettext_lazy("修改"),
    LogEntry.Action.DELETE: gettext_lazy("删除"),
    LogEntry.Action.ACCESS: gettext_lazy("查看"),
}

# Names for the fields whose models give none (Django would show "reviewed by"): who and when
# things were done, and the bookkeeping of files and draws. A relation without a name takes the
# name of the model it points to. (Naming them on the models needs migrations; this needs none.)
FIELD_NAMES = {
    "created_by": gettext_lazy("创建人"),
    "captured_by": gettext_lazy("采集人"),
    "decided_by": gettext_lazy("认定人"),
    "drawn_by": gettext_lazy("抽取人"),
    "enrolled_by": gettext_lazy("纳入人"),
    "frozen_by": gettext_lazy("冻结人"),
    "inspector": gettext_lazy("执法人员"),
    "issued_by": gettext_lazy("签发人"),
    "proposed_by": gettext_lazy("报请人"),
    "requested_by": gettext_lazy("申请人"),
    "reviewed_by": gettext_lazy("复核人"),
    "submitted_by": gettext_lazy("提交人"),
    "uploaded_by": gettext_lazy("上传人"),
    "decided_at": gettext_lazy("认定时间"),
    "declared_at": gettext_lazy("申报时间"),
    "drawn_at": gettext_lazy("抽取时间"),
    "frozen_at": gettext_lazy("冻结时间"),
    "reminder_sent_at": gettext_lazy("提醒发送时间"),
    "opened_notice_sent_at": gettext_lazy("开始通知发送时间"),
    "requested_at": gettext_lazy("申请时间"),
    "reviewed_at": gettext_lazy("复核时间"),
    "scanned_at": gettext_lazy("扫描时间"),
    "submitted_at": gettext_lazy("提交时间"),
    "uploaded_at": gettext_lazy("上传时间"),
    "recorded_on": gettext_lazy("记录日期"),
    "content_type": gettext_lazy("文件类型"),
    "sha256": gettext_lazy("SHA-256"),
    "size": gettext_lazy("文件大小（字节）"),
    "purpose": gettext_lazy("用途"),
    "file": gettext_lazy("文件"),
    "files": gettext_lazy("文件"),
    "notes": gettext_lazy("说明"),
    "seed": gettext_lazy("随机种子"),
    "commitment": gettext_lazy("承诺值"),
    "algorithm": gettext_lazy("算法"),
    "result": gettext_lazy("结果"),
    "result_hash": gettext_lazy("结果摘要"),
    "pools_hash": gettext_lazy("名单摘要"),
    "rules": gettext_lazy("规则"),
    "pool_filters": gettext_lazy("抽取范围"),
    "operator_pool": gettext_lazy("经营主体名单"),
    "inspector_pool": gettext_lazy("执法人员名单"),
    "rule_count": gettext_lazy("规则数"),
    "start": gettext_lazy("起始位置"),
    "end": gettext_lazy("结束位置"),
    "decision_extended": gettext_lazy("决定期限已延长"),
    "due_provisional": gettext_lazy("期限为暂定"),
    "publish_due_provisional": gettext_lazy("公示期限为暂定"),
    "periods_used": gettext_lazy("所依据的期限"),
    "order": gettext_lazy("排序"),
}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Row:
    when: datetime.datetime
    who: str
    action: str
    kind: str
    label: str
    url: str
    changes: list[Change]


def rows(entries) -> list[Row]:
    """One row per log entry, fetching the rows they are about in one query per type."""
    entries = list(entries)
    wanted = defaultdict(set)
    for entry in entries:
        if entry.content_type_id and entry.action != LogEntry.Action.DELETE:
            wanted[entry.content_type_id].add(entry.object_pk)
    found = {}
    for entry in entries:
        ct_id = entry.content_type_id
        if ct_id in wanted:
            model = entry.content_type.model_class()
            pks = wanted.pop(ct_id)
            if model is not None:
                for pk, obj in model._base_manager.in_bulk(_typed(model, pks)).items():
                    found[ct_id, str(pk)] = obj
    return [_row(entry, found.get((entry.content_type_id, entry.object_pk))) for entry in entries]


def _typed(model, pks):
    try:
        return [model._meta.pk.to_python(pk) for pk in pks]
    except ValidationError:  # a key the model no longer reads: nothing to fetch
        return []


def _row(entry: LogEntry, obj) -> Row:
    model = entry.content_type.model_class() if entry.content_type_id else None
    actor = entry.actor
    who = (actor.get_full_name() or actor.username) if actor else _("系统")
    return Row(
        when=timezone.localtime(entry.timestamp),
        who=who,
        action=str(ACTIONS.get(entry.action, ACTIONS[LogEntry.Action.UPDATE])),
        kind=str(model._meta.verbose_name) if model else entry.content_type.name,
        label=str(obj) if obj is not None else entry.object_repr,
        url=links.url_for(obj),
        changes=_changes(entry, model),
    )


def _changes(entry: LogEntry, model) -> list[Change]:
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if _noise(field):
            continue
        label = _label(field, name)
        if isinstance(values, dict):  # a many-to-many change: {"type": "m2m", "operation": ...}
            objects = "、".join(str(o) for o in values.get("objects", []))
            sign = "+" if values.get("operation") == "add" else "−"
            changes.append(Change(label, "", f"{sign} {objects}" if objects else ""))
            continue
        old, new = [*values, None, None][:2]
        if entry.action == LogEntry.Action.CREATE:
            old = None  # nothing came before (a masked field would show "None" as "**ne")
        elif name in _masked(model) and old == _MASKED_NONE:
            old = None
        if _same_number(field, old, new):
            continue  # 0.00 → 0: the form wrote the same amount back
        old, new = _show(field, old), _show(field, new)
        if entry.action == LogEntry.Action.CREATE and new == _empty():
            continue  # a new row's blank fields say nothing
        changes.append(Change(label, old, new))
    return changes


# auditlog masks the first half of str(value), so an empty masked field reads "**ne".
_MASKED_NONE = "**ne"


def _masked(model) -> set[str]:
    if model is None or not auditlog.contains(model):
        return set()
    return set(auditlog.get_model_fields(model)["mask_fields"])


def _same_number(field, old, new) -> bool:
    if not isinstance(field, models.DecimalField) or old is None or new is None:
        return False
    try:
        return decimal.Decimal(str(old)) == decimal.Decimal(str(new))
    except decimal.InvalidOperation:
        return False


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field, name: str) -> str:
    if field is None:
        return str(FIELD_NAMES.get(name, name))
    if str(field.verbose_name) != field.name.replace("_", " "):
        return str(field.verbose_name)  # the model names it
    if field.name in FIELD_NAMES:
        return str(FIELD_NAMES[field.name])
    if field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return str(field.verbose_name)


def _noise(field) -> bool:
    """What auditlog records that says nothing to a reader: the other side of a relation
    (``registry.Studio.None`` on every new operator), the key, the time stamps (the row has
    its time already)."""
    return field is not None and (
        isinstance(field, models.ForeignObjectRel)
        or field.primary_key
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def _empty() -> str:
    return _("（空）")


def _show(field, value) -> str:
    if value is None or value in ("None", "", "[]", "{}"):
        return _empty()
    text = str(value)
    if field is None:
        return _structured(text)
    if field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        return str(labels.get(text, labels.get(str(_literal(text)), text)))
    if isinstance(field, models.BooleanField):
        return {"True": _("是"), "False": _("否")}.get(text, text)
    if field.is_relation and field.many_to_one:
        try:
            key = field.target_field.to_python(text)
        except ValidationError:  # a key that no longer parses: show it as kept
            return f"#{text}"
        obj = field.related_model._base_manager.filter(pk=key).first()
        return str(obj) if obj is not None else f"#{text}"
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(text)
        if moment is not None:
            if timezone.is_naive(moment):  # auditlog writes the UTC time without its offset
                moment = moment.replace(tzinfo=datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")
        return text
    if isinstance(field, models.DateField):
        day = parse_date(text[:10])
        return day.isoformat() if day else text
    if isinstance(field, models.JSONField):
        if field.name == "periods_used":
            return _periods_used(text)
        return _structured(text)
    return text


def _periods_used(text: str) -> str:
    """A complaint's recorded deadlines in words: "投诉受理决定：2026-11-25 起 7 个工作日，
    至 2026-12-04（依据……；未核对）" rather than its keys (``complaint_acceptance：days：7…``)."""
    from .models import PeriodRule  # the models import this module's app

    try:
        value = json.loads(text)
    except ValueError:
        value = _literal(text)
    if not isinstance(value, dict):
        return _structured(text)
    keys = [e.get("rule") for e in value.values() if isinstance(e, dict)]
    rules = PeriodRule.objects.in_bulk([k for k in keys if isinstance(k, int)])
    names = dict(PeriodRule.objects.values_list("code", "name"))
    parts = []
    for code, entry in value.items():
        if code == "testing" and isinstance(entry, list):
            spans = "、".join(
                _("%(start)s 至 %(end)s") % {"start": span[0], "end": span[1]}
                for span in entry
                if isinstance(span, list | tuple) and len(span) == 2
            )
            parts.append(_("检测鉴定期间：%(spans)s") % {"spans": spans or _empty()})
            continue
        if not isinstance(entry, dict):
            parts.append(f"{names.get(code, code)}：{_flat(entry)}")
            continue
        rule = rules.get(entry.get("rule"))
        words = _("%(start)s 起 %(days)s %(unit)s，至 %(due)s") % {
            "start": entry.get("start", "?"),
            "days": entry.get("days", "?"),
            "unit": (rule.get_unit_display() if rule else _("工作日")).lower(),
            "due": entry.get("due", "?"),
        }
        notes = [str(entry["source"])] if entry.get("source") else []
        if entry.get("extended"):
            notes.append(_("已延长"))
        if entry.get("confirmed") is False:
            notes.append(_("期限未核对"))
        if entry.get("provisional"):
            notes.append(_("暂定"))
        if notes:
            words += _("（%(notes)s）") % {"notes": _("；").join(notes)}
        parts.append(f"{rule.name if rule else names.get(code, code)}{_('：')}{words}")
    return _("；").join(parts) if parts else _empty()


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _structured(text: str) -> str:
    """A dict or list as "key：value；…" rather than Python's repr."""
    try:
        value = json.loads(text)
    except ValueError:
        value = _literal(text)
    return _flat(value) if isinstance(value, dict | list) else text


def _flat(value) -> str:
    if isinstance(value, dict):
        if not value:
            return _empty()
        return "；".join(f"{k}：{_flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_flat(v) for v in value) if value else _empty()
    if value is None:
        return _empty()
    if value is True or value is False:
        return _("是") if value else _("否")
    return str(value)
