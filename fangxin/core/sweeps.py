"""Run every app's periodic sweep (``<app>.sweeps.run(today)``). Each sweep acts at most once
per item, so running it often, or on two machines at once, is safe."""

from __future__ import annotations

from datetime import date
from importlib import import_module

from django.apps import apps


def run_all(today: date) -> dict[str, int]:
    results: dict[str, int] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fangxin.") or config.name == "fangxin.core":
            continue
        try:
            module = import_module(f"{config.name}.sweeps")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.sweeps":
                raise
            continue
        results.update(module.run(today))
    return results


def run_all_today() -> dict[str, int]:
    from django.utils import timezone

    return run_all(timezone.localdate())
