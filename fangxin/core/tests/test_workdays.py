"""Working days on the official calendar, with real dates."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fangxin.core.workdays import WorkCalendar, WorkdayResult, statutory_holidays

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
    # The library knows nothing of 2027: the statutory holidays are assumed and the result
    # flagged. 2027-01-01 (New Year's Day) is off, so the 10th working day is 01-12.
    result = cal.add_working_days(date(2026, 12, 28), 10)
    assert result.provisional is True
    assert result.value == date(2027, 1, 12)
    assert cal.add_working_days(date(2026, 12, 1), 5).provisional is False


def test_2027_new_years_day_is_a_holiday_by_law():
    assert cal.is_workday(date(2027, 1, 1)) == (False, True)
    assert cal.add_working_days(date(2026, 12, 31), 1) == WorkdayResult(date(2027, 1, 4), True)


def test_2027_labour_day_on_a_weekend_is_made_up_on_the_following_weekdays():
    # 1–2 May 2027 are a Saturday and Sunday: 补假 on Monday 3 and Tuesday 4 May.
    assert cal.add_working_days(date(2027, 4, 30), 1) == WorkdayResult(date(2027, 5, 5), True)


def test_2027_spring_festival_from_new_years_eve():
    # 正月初一 is 2027-02-06 (Saturday): 除夕 02-05 to 初三 02-08 off, the weekend days made up
    # on 02-09 and 02-10.
    days = statutory_holidays(2027)
    assert [d for d, name in days.items() if name.startswith("春节")] == [
        date(2027, 2, d) for d in range(5, 11)
    ]
    assert cal.add_working_days(date(2027, 2, 4), 1).value == date(2027, 2, 11)


def test_2027_lunar_and_solar_term_holidays():
    days = statutory_holidays(2027)
    assert days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"
    # National Day 10-01..10-03 (Sat, Sun within it): made up on 10-04 and 10-05.
    assert all(date(2027, 10, d) in days for d in range(1, 6))
    assert date(2027, 10, 6) not in days
    # 13 statutory days off (the 2024 revision), plus the made-up ones.
    assert sum(1 for name in days.values() if "补假" not in name) == 13


def test_statutory_holidays_agree_with_the_published_schedules():
    # Every day the regulation fixes in 2025 and 2026 was off in the State Council's schedule.
    for year in (2025, 2026):
        for day, name in statutory_holidays(year).items():
            if "补假" not in name:
                assert cal.is_workday(day) == (False, False), (day, name)


def test_office_entry_ends_the_statutory_guess():
    # Once the office enters 2027, only its entries count (and nothing is provisional).
    entered = WorkCalendar(
        overrides={date(2027, 5, 1): False, date(2027, 5, 3): False}, entered_years={2027}
    )
    assert entered.add_working_days(date(2027, 4, 30), 1) == WorkdayResult(date(2027, 5, 4), False)


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
