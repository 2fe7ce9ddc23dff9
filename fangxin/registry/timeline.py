"""An operator's timeline with each line linked to the row it is about, where the reader may
open it (issue 11: messages lead somewhere)."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps

from fangxin.core import links
from fangxin.core.scoping import visible

# Lines written before ``record_event(about=…)`` name their row by a key of their own.
_OLD_KEYS = {
    "order": "supervision.rectificationorder",
    "case": "supervision.case",
    "veto": "supervision.vetoevent",
    "finding": "supervision.finding",
    "sample": "supervision.sample",
    "inspection": "supervision.inspection",
}


def _ref(event) -> tuple[str, int] | None:
    data = event.data if isinstance(event.data, dict) else {}
    about = data.get("about")
    if isinstance(about, list) and len(about) == 2 and isinstance(about[1], int):
        return str(about[0]), about[1]
    # A status move names its row in ``model`` and ``id``.
    model = data.get("model")
    if isinstance(model, str) and model != "registry.operator" and isinstance(data.get("id"), int):
        return model, data["id"]
    for key, label in _OLD_KEYS.items():
        if isinstance(data.get(key), int):
            return label, data[key]
    return None


def linked(user, events) -> list[tuple[object, str]]:
    """(event, url) pairs; url is "" where the line has no row or the reader may not see it.

    An operator reads its own timeline without links: the pages behind them are the officials'.
    """
    events = list(events)
    if not user.has_perm("registry.follow_timeline_links"):
        return [(event, "") for event in events]
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        ref = _ref(event)
        if ref:
            wanted[ref[0]].add(ref[1])
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in visible(user, model).filter(pk__in=pks):
            found[label, obj.pk] = obj
    return [(event, links.url_for(found.get(_ref(event)))) for event in events]
