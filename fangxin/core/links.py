"""Where a row lives in the UI: the page an official opens to see it.

Each app registers the pages of its own models (``register(Model, to_url)`` in its
``AppConfig.ready``), so the core pages that point at rows of every app (the audit log, the
inbox, the timeline) link to them without importing the apps. A row with no page of its own
links to the first row it belongs to that has one: a licence to its operator, an inspection item
to its inspection.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch

_PAGES: dict[type[models.Model], Callable[[models.Model], str]] = {}


def register(model: type[models.Model], to_url: Callable[[models.Model], str]) -> None:
    _PAGES[model] = to_url


def url_for(obj: models.Model | None, _depth: int = 0) -> str:
    """The page of ``obj`` or of the nearest row it belongs to; "" when there is none."""
    if obj is None or _depth > 3:
        return ""
    to_url = _PAGES.get(type(obj)._meta.concrete_model)
    if to_url is not None:
        try:
            return to_url(obj)
        except (NoReverseMatch, models.ObjectDoesNotExist):
            return ""
    for field in type(obj)._meta.concrete_fields:
        # Who did something is not what it belongs to.
        if not (field.many_to_one or field.one_to_one) or field.related_model is get_user_model():
            continue
        if getattr(obj, field.attname) is None:
            continue
        try:
            parent = getattr(obj, field.name)
        except models.ObjectDoesNotExist:
            continue
        url = url_for(parent, _depth + 1)
        if url:
            return url
    return ""
