"""Nightly: titles past their validity expire."""

from __future__ import annotations

from datetime import date

from . import services


def run(today: date) -> dict[str, int]:
    return {"titles_expired": services.expire(today)}
