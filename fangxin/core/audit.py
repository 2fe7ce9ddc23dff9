"""The audit log in words an official reads: what (linked), which field, old → new, who, when.

django-auditlog keeps each change as strings ("None", "True", a key, a repr of a dict); this
turns them back into what the forms show: the field's name in the reader's language, the label
of a choice, 是/否, the name of a related row, a date, "（空）" for nothing. The API keeps the
raw record.
"""

from __future__ import annotations

import ast
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
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
        label = str(field.verbose_name) if field is not None else name
        if isinstance(values, dict):  # a many-to-many change: {"type": "m2m", "operation": ...}
            objects = "、".join(str(o) for o in values.get("objects", []))
            sign = "+" if values.get("operation") == "add" else "−"
            changes.append(Change(label, "", f"{sign} {objects}" if objects else ""))
            continue
        old, new = [*values, None, None][:2]
        old, new = _show(field, old), _show(field, new)
        if entry.action == LogEntry.Action.CREATE and new == _empty():
            continue  # a new row's blank fields say nothing
        changes.append(Change(label, old, new))
    return changes


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


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
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "Y-m-d H:i")
        return text
    if isinstance(field, models.DateField):
        day = parse_date(text[:10])
        return day.isoformat() if day else text
    if isinstance(field, models.JSONField):
        return _structured(text)
    return text


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
