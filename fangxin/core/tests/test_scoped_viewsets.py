"""Every API viewset that serves a scoped model takes its rows through the one scoped base,
and the apps register their scopes in ``<app>/scopes.py``, not in ``AppConfig.ready()``."""

import inspect
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.viewsets import GenericViewSet

from fangxin.core import scoping
from fangxin.core.api.viewsets import ScopedViewSetMixin

# Viewsets that widen the gate with another scope's rows, and why. Anything else overriding
# restrict() or get_queryset() without calling the base is a leak waiting to happen.
WIDENED = {
    "DrawPlanViewSet": "the caller's plans and every published one, as the pages",
    "PublicDrawViewSet": "a draw is public with its plan (visible(None, DrawPlan))",
    "PublicInspectionViewSet": "the public record for everyone (visible(None, Inspection))",
}


def _viewsets(patterns=None) -> set[type]:
    found = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found |= _viewsets(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            cls = getattr(entry.callback, "cls", None)
            if cls is not None and issubclass(cls, GenericViewSet):
                found.add(cls)
    return found


def _model(cls) -> type:
    queryset = cls.queryset
    assert queryset is not None, f"{cls.__name__} names no queryset: the base cannot scope it"
    return queryset.model


def _serves_rows(cls) -> bool:
    """A list, a detail, or an action on one row (get_object()); intake endpoints don't."""
    detail_actions = [a for a in cls.get_extra_actions() if a.detail]
    return hasattr(cls, "list") or hasattr(cls, "retrieve") or bool(detail_actions)


def test_the_resolver_finds_the_api():
    names = {cls.__name__ for cls in _viewsets()}
    assert {"OperatorViewSet", "FindingViewSet", "ComplaintViewSet", "HitViewSet"} <= names


@pytest.mark.parametrize("cls", sorted(_viewsets(), key=lambda c: c.__name__), ids=str)
def test_a_viewset_of_a_scoped_model_uses_the_scoped_base(cls):
    if scoping.scope_of(_model(cls)) is None and cls.__name__ not in WIDENED:
        pytest.skip(f"{_model(cls).__name__} is not scoped (office data or reference data)")
    if not _serves_rows(cls):
        pytest.skip(f"{cls.__name__} reads no rows (intake only)")
    assert issubclass(cls, ScopedViewSetMixin), (
        f"{cls.__name__} serves {_model(cls).__name__}, a scoped model: derive it from "
        "fangxin.core.api.viewsets.ScopedReadViewSet (or ScopedViewSetMixin)"
    )
    if "restrict" in vars(cls):
        assert cls.__name__ in WIDENED, f"{cls.__name__} overrides restrict(): say why in WIDENED"
    if "get_queryset" in vars(cls):
        assert "super().get_queryset()" in inspect.getsource(cls.get_queryset), (
            f"{cls.__name__}.get_queryset must narrow the base's rows, not replace them"
        )


def test_scopes_are_registered_in_scopes_modules_not_in_ready():
    for config in apps.get_app_configs():
        if not config.name.startswith("fangxin."):
            continue
        source = Path(config.path, "apps.py").read_text(encoding="utf-8")
        assert "scoping.register" not in source, f"{config.label}: move it to scopes.py"
    registered = {model._meta.app_label for model in scoping._SCOPES}
    for label in registered:
        assert Path(apps.get_app_config(label).path, "scopes.py").exists()
