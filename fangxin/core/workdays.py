"""Working-day arithmetic on the Chinese official holiday calendar (no Django here).

Statutory deadlines count working days: weekends and official holidays are skipped, and the
make-up workdays (调休上班) the State Council sets on weekends count. The chinese-calendar
package knows the years up to the one it was released in; the office may enter further years
(or corrections) as overrides. For a year nobody knows, Monday to Friday are taken as working
days and every result that depended on such a day is marked provisional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from chinese_calendar import constants as _library

LIBRARY_YEARS = frozenset(d.year for d in _library.holidays) | frozenset(
    d.year for d in _library.workdays
)


@dataclass(frozen=True)
class WorkdayResult:
    """A date (or a count) and whether it rests on a guessed (Monday–Friday) calendar."""

    value: date | int
    provisional: bool


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    entered_years: frozenset[int] = frozenset()

    def is_known_year(self, year: int) -> bool:
        return year in LIBRARY_YEARS or year in self.entered_years

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """Return (is it a working day, is that a Monday–Friday guess)."""
        if day in self.overrides:
            return self.overrides[day], False
        if day.year in self.entered_years:
            # The office entered this year in full: only its listed days deviate from Mon–Fri.
            return day.weekday() < 5, False
        if day.year in LIBRARY_YEARS:
            if day in _library.workdays:
                return True, False
            if day in _library.holidays:
                return False, False
            return day.weekday() < 5, False
        return day.weekday() < 5, True

    def add_working_days(self, start: date, n: int) -> WorkdayResult:
        """The n-th working day after ``start`` (before it when n is negative).

        ``start`` itself is not counted, so a deadline "within 7 working days of receipt"
        is ``add_working_days(receipt, 7)``. n = 0 returns ``start`` unchanged.
        """
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        day = start
        provisional = False
        while remaining:
            day += timedelta(days=step)
            working, guessed = self.is_workday(day)
            provisional |= guessed
            if working:
                remaining -= 1
        return WorkdayResult(day, provisional)

    def working_days_between(self, a: date, b: date) -> WorkdayResult:
        """Working days in (a, b]; when b is before a, minus the working days in [b, a).

        The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n
        for every n, negative ones included.
        """
        if b < a:
            one = timedelta(days=1)
            result = self.working_days_between(b - one, a - one)
            return WorkdayResult(-result.value, result.provisional)
        count = 0
        provisional = False
        day = a
        while day < b:
            day += timedelta(days=1)
            working, guessed = self.is_workday(day)
            provisional |= guessed
            count += working
        return WorkdayResult(count, provisional)
