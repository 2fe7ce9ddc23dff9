"""Working-day arithmetic on the Chinese official holiday calendar (no Django here).

Statutory deadlines count working days: weekends and official holidays are skipped, and the
make-up workdays (调休上班) the State Council sets on weekends count. The chinese-calendar
package knows the years up to the one it was released in; the office may enter further years
(or corrections) as overrides. For a year nobody has published, the holidays the law itself fixes
(《全国年节及纪念日放假办法》 as revised in 2024) are applied with the compensatory weekdays
(补假) it gives for a holiday on a Saturday or Sunday; the State Council's schedule moves days
around (调休) in ways no rule predicts, so every result that depended on such a year is marked
provisional until the office enters the year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from chinese_calendar import constants as _library
from chinese_calendar import get_solar_terms
from lunardate import LunarDate

LIBRARY_YEARS = frozenset(d.year for d in _library.holidays) | frozenset(
    d.year for d in _library.workdays
)


# The 2024 revision applies from 2025-01-01; earlier unknown years keep the
# Monday–Friday guess rather than a rule that was not in force.
STATUTORY_FROM_YEAR = 2025
# What the lunar and solar-term libraries can compute.
STATUTORY_UNTIL_YEAR = 2099


def _lunar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> date:
    start = date(year, 4, 1)
    return next(d for d, name in get_solar_terms(start, date(year, 4, 30)) if name == "清明")


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off the holidays regulation gives in ``year``, compensatory days included.

    New Year's Day 1, Spring Festival 4 (New Year's Eve to the 3rd day of the first lunar
    month), Qingming 1, Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3. A holiday
    on a Saturday or Sunday, or on another holiday, is made up (补假) on the next working days
    after its run of days off.
    """
    if not STATUTORY_FROM_YEAR <= year <= STATUTORY_UNTIL_YEAR:
        return {}
    spring = _lunar(year, 1, 1)
    named: list[tuple[date, str]] = [
        (date(year, 1, 1), "元旦"),
        *((spring + timedelta(days=i), "春节") for i in range(-1, 3)),
        (_qingming(year), "清明节"),
        (date(year, 5, 1), "劳动节"),
        (date(year, 5, 2), "劳动节"),
        (_lunar(year, 5, 5), "端午节"),
        (_lunar(year, 8, 15), "中秋节"),
        *((date(year, 10, d), "国庆节") for d in (1, 2, 3)),
    ]
    days: dict[date, str] = {}
    lost: dict[date, int] = {}  # per holiday day: how many days off it costs beyond itself
    for day, name in named:
        if day in days:
            lost[day] = lost.get(day, 0) + 1
            days[day] = f"{days[day]}、{name}"
        else:
            days[day] = name
        if day.weekday() >= 5:
            lost[day] = lost.get(day, 0) + 1
    # Walk each run of days off (holidays and the weekends joining them) and make up what it lost.
    for day in sorted(lost):
        owed, name = lost[day], days[day]
        cursor = day
        while owed:
            cursor += timedelta(days=1)
            if cursor in days or cursor.weekday() >= 5:
                continue
            days[cursor] = f"{name}补假"
            owed -= 1
    return dict(sorted(days.items()))


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
        if day in statutory_holidays(day.year):
            return False, True
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
