"""The working-day service: the pure calendar plus the office's entered years and days."""

from __future__ import annotations

from datetime import date

from .models import CalendarDay, CalendarYear
from .workdays import WorkCalendar, WorkdayResult


def current_calendar() -> WorkCalendar:
    # A handful of rows per year: reading them all is cheaper than caching and invalidating.
    overrides = dict(CalendarDay.objects.values_list("date", "is_workday"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, entered_years=years)


def add_working_days(start: date, n: int) -> WorkdayResult:
    return current_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> WorkdayResult:
    return current_calendar().working_days_between(a, b)


def years_changed(user, years, reason: str = "") -> int:
    """After the office enters or changes a year's schedule: open deadlines counted through those
    years are recomputed (each app writes its event rows and notices). Returns the items touched."""
    from django.utils.translation import gettext as _

    from . import recompute

    years = frozenset(years)
    if not years:
        return 0
    reason = reason or _("节假日安排已更新（%s年）") % "、".join(str(y) for y in sorted(years))
    return recompute.send(years=years, actor=user, reason=reason)
