"""Oversight's periodic work for the watch list from results and the risk classes."""

from __future__ import annotations

from datetime import date


def run(today: date) -> dict[str, int]:
    from . import risk_classes, targets

    results = targets.sweep(today)
    results.update(risk_classes.sweep(today))
    return results
