"""Run every app's periodic sweep (``<app>.sweeps.run(today)``). Each sweep acts at most once
per item, so running it often, or on two machines at once, is safe."""

from __future__ import annotations

from datetime import date

from .discovery import app_modules


def run_all(today: date) -> dict[str, int]:
    results: dict[str, int] = {}
    for module in app_modules("sweeps"):
        results.update(module.run(today))
    return results


def run_all_today() -> dict[str, int]:
    from django.utils import timezone

    return run_all(timezone.localdate())
