"""Reading what a request sends: ids, dates, and the month ranges dashboards show."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A chart of more months than this is a mistyped year, not a question worth a long page.
MAX_MONTHS = 240


def is_id(raw: str) -> bool:
    # str.isdigit() alone accepts "²", which int() and the ORM refuse.
    return raw.isascii() and raw.isdigit()


def date_or(raw: str | None, default: date) -> date:
    """A filter's date; anything unreadable means the default."""
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return default


def required_date(raw: str, field: str) -> date:
    """A form's date; anything unreadable is a refusal naming the field."""
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("请填写有效的日期。")}) from exc


def months_back(today: date, count: int) -> date:
    """The first day of the month ``count - 1`` months before ``today``'s: ``count`` bars."""
    month, year = today.month - (count - 1), today.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month from ``start``'s to ``end``'s, both included (at most
    MAX_MONTHS, and never past the calendar's last month)."""
    first, last = start.replace(day=1), end.replace(day=1)
    result = []
    while first <= last and len(result) < MAX_MONTHS:
        result.append(first)
        if first == date.max.replace(day=1):
            break
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return result
