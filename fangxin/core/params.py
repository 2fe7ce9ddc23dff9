"""Reading what a request sends: ids, dates, and the month ranges dashboards show.

Ids and dates are bounded here, where they are parsed: an id past a database integer's range
(2^63 - 1) made SQLite raise OverflowError, and a date before any statutory period rule
(an inspection dated 1257) had no rule to look up; both were 500s. Filters (``core.filters``),
forms and the API's fields (``core.api.bounds``) use the same bounds.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# A chart of more months than this is a mistyped year, not a question worth a long page.
MAX_MONTHS = 240
# The largest id a database row can have (a signed 64-bit integer, Django's BigAutoField).
ID_MAX = 2**63 - 1


def is_id(raw: str) -> bool:
    # str.isdigit() alone accepts "²", which int() and the ORM refuse.
    return raw.isascii() and raw.isdigit() and 0 < int(raw) <= ID_MAX


def earliest_date() -> date:
    """No date the programme records is earlier (``FANGXIN_EARLIEST_DATE``)."""
    return date.fromisoformat(settings.FANGXIN_EARLIEST_DATE)


def date_in_range(value: date) -> bool:
    return value >= earliest_date()


def too_early_message() -> str:
    return _("日期不能早于%s。") % date_format(earliest_date(), "Y-m-d")


def check_date(value: date | None, field: str | None = None) -> date | None:
    """``value`` unless it is before the earliest date: then a refusal (naming ``field``)."""
    if value is None or date_in_range(value):
        return value
    if field:
        raise ValidationError({field: too_early_message()})
    raise ValidationError(too_early_message(), code="too_early")


def date_or(raw: str | None, default: date) -> date:
    """A filter's date; anything unreadable or out of range means the default."""
    try:
        value = date.fromisoformat((raw or "").strip())
    except ValueError:
        return default
    return value if date_in_range(value) else default


def required_date(raw: str, field: str) -> date:
    """A form's date; anything unreadable or out of range is a refusal naming the field."""
    try:
        value = date.fromisoformat(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("请填写有效的日期。")}) from exc
    return check_date(value, field)


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
