from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fangxin.core import params


def test_is_id_takes_ascii_digits_only():
    assert params.is_id("42")
    assert not params.is_id("²") and not params.is_id("４２") and not params.is_id("")


def test_date_or_falls_back():
    assert params.date_or("2026-03-01", date(2000, 1, 1)) == date(2026, 3, 1)
    assert params.date_or("2026-13-01", date(2000, 1, 1)) == date(2000, 1, 1)


def test_required_date_names_the_field():
    with pytest.raises(ValidationError) as exc:
        params.required_date("yesterday", "planned_on")
    assert "planned_on" in exc.value.message_dict


def test_months_back_crosses_the_year():
    assert params.months_back(date(2026, 3, 31), 12) == date(2025, 4, 1)


def test_month_starts_are_bounded():
    assert params.month_starts(date(2025, 11, 15), date(2026, 1, 2)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]
    assert len(params.month_starts(date(1, 1, 1), date(9999, 12, 31))) == params.MAX_MONTHS
    assert params.month_starts(date(9999, 11, 1), date(9999, 12, 31))[-1] == date(9999, 12, 1)
