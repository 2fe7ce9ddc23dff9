"""Working days on the official calendar, with real dates."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fangxin.core.workdays import WorkCalendar

cal = WorkCalendar()


def test_national_day_2024_skipped_and_make_up_days_counted():
    # 2024-09-29 (Sun) and 2024-10-12 (Sat) were make-up workdays; 10-01..10-07 off.
    result = cal.add_working_days(date(2024, 9, 27), 7)
    assert result.value == date(2024, 10, 12)
    assert result.provisional is False


def test_spring_festival_2024():
    # Holiday 02-10..02-17; Sunday 02-18 was a make-up workday.
    assert cal.add_working_days(date(2024, 2, 8), 2).value == date(2024, 2, 18)
    assert cal.add_working_days(date(2024, 2, 3), 1).value == date(2024, 2, 4)  # Sunday worked
    assert cal.working_days_between(date(2024, 2, 9), date(2024, 2, 19)).value == 2


def test_zero_and_negative():
    assert cal.add_working_days(date(2024, 10, 1), 0).value == date(2024, 10, 1)
    assert cal.add_working_days(date(2024, 10, 8), -1).value == date(2024, 9, 30)
    assert cal.working_days_between(date(2024, 10, 12), date(2024, 9, 27)).value == -7


def test_deadline_crossing_into_unknown_year_is_provisional():
    # The library knows nothing of 2027: Monday–Friday is assumed and the result flagged.
    result = cal.add_working_days(date(2026, 12, 28), 10)
    assert result.provisional is True
    assert result.value == date(2027, 1, 11)
    assert cal.add_working_days(date(2026, 12, 1), 5).provisional is False


def test_office_entered_year_is_not_provisional_and_overrides_apply():
    entered = WorkCalendar(
        overrides={date(2027, 1, 1): False, date(2027, 1, 4): False},
        entered_years=frozenset({2027}),
    )
    result = entered.add_working_days(date(2026, 12, 31), 2)
    # 01-01 (Fri) and 01-04 (Mon) are holidays: 01-05 and 01-06 count.
    assert result.value == date(2027, 1, 6)
    assert result.provisional is False


def test_override_corrects_the_library():
    corrected = WorkCalendar(overrides={date(2024, 10, 12): False})
    assert corrected.add_working_days(date(2024, 9, 27), 7).value == date(2024, 10, 14)


@given(
    start=st.dates(min_value=date(2005, 1, 1), max_value=date(2027, 6, 30)),
    n=st.integers(min_value=-40, max_value=40),
)
def test_between_inverts_add(start, n):
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end.value).value == n
    if n:
        assert cal.is_workday(end.value)[0]
