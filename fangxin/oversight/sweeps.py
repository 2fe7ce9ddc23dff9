"""Oversight's periodic sweep (``fangxin sweep``): each part acts at most once per item."""

from __future__ import annotations

from datetime import date


def run(today: date) -> dict[str, int]:
    from . import targets_sweep

    results: dict[str, int] = {}
    results.update(targets_sweep.run(today))
    return results
