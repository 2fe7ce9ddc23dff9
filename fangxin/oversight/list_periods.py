"""The red and black list's periods: quarters, halves and years (no Django here)."""

from __future__ import annotations

from datetime import date, timedelta

# How many periods a year has, per cadence.
PER_YEAR = {"quarter": 4, "half": 2, "year": 1}
MIN_YEAR, MAX_YEAR = 2000, 2100


class BadPeriod(ValueError):
    """A period that does not exist (a fifth quarter, a year out of range)."""


def bounds(cadence: str, year: int, number: int) -> tuple[date, date]:
    """The first and last day of the ``number``-th period (1-based) of ``year``."""
    if cadence not in PER_YEAR:
        raise BadPeriod(f"unknown cadence {cadence!r}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadPeriod(f"year {year} out of range")
    count = PER_YEAR[cadence]
    if not 1 <= number <= count:
        raise BadPeriod(f"{cadence} {number} out of range")
    months = 12 // count
    start = date(year, (number - 1) * months + 1, 1)
    end_month = number * months
    end = (
        date(year, 12, 31) if end_month == 12 else date(year, end_month + 1, 1) - timedelta(days=1)
    )
    return start, end


def period_of(cadence: str, day: date) -> tuple[int, int]:
    """The (year, number) of the period holding ``day``."""
    months = 12 // PER_YEAR[cadence]
    return day.year, (day.month - 1) // months + 1


def previous(cadence: str, year: int, number: int) -> tuple[int, int]:
    if number > 1:
        return year, number - 1
    return year - 1, PER_YEAR[cadence]
