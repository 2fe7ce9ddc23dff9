"""How core finds what the apps above it contribute, without importing any of them.

An app plugs in by naming a module by convention: ``<app>.sweeps`` (periodic work),
``<app>.demo`` (the demo county) and ``<app>.contributions`` (functions other apps' pages
call by name: ``home_cards``, ``home_panels``, ``operator_file``). Apps are visited in
``INSTALLED_APPS`` order, so lower apps' contributions come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """Every domain app's ``<app>.<name>`` module, skipping the apps that have none."""
    for config in apps.get_app_configs():
        if not config.name.startswith("fangxin.") or config.name == "fangxin.core":
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            # Only a missing module is skipped; an import error inside one is a bug.
            if exc.name != f"{config.name}.{name}":
                raise


def contributions(hook: str) -> Iterator[Callable]:
    """The function named ``hook`` in each app's ``contributions`` module that defines it."""
    for module in app_modules("contributions"):
        function = getattr(module, hook, None)
        if function is not None:
            yield function
