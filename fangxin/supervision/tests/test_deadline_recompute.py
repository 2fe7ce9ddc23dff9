"""Issue 11 items 5 and 6 for supervision: case clocks on the penalty-procedure versions, the
provisional flag, and recomputation when the office enters a year or confirms a version."""

from datetime import date, timedelta

import pytest

from fangxin.core import calendar, periods
from fangxin.core.models import CalendarYear, Notification, PeriodRule
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def operator(station):
    return OperatorFactory(area=AreaFactory(station=station))


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


def test_a_case_from_january_2022_gets_its_clocks(station_user, operator):
    # The shipped versions started 2022-07-15 and refused this date with a 500.
    case = services.open_case(station_user, operator, "线索", date(2022, 1, 10))
    assert case.decide_filing_by == calendar.add_working_days(date(2022, 1, 10), 15).value
    services.decide_filing(station_user, case, True, date(2022, 1, 20))
    case.refresh_from_db()
    assert case.decide_by == date(2022, 1, 20) + timedelta(days=90)


def test_a_case_before_2019_04_01_is_refused_clearly(station_user, operator, client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.open_case(station_user, operator, "线索", date(2019, 3, 31))
    assert "2019-04-01" in refused.value.messages[0]


def test_case_deadline_into_an_unentered_year_is_provisional_until_entered(
    station_user, operator, make_user, django_capture_on_commit_callbacks
):
    case = services.open_case(station_user, operator, "线索", date(2026, 12, 21))
    assert case.decide_filing_provisional is True
    guessed = case.decide_filing_by
    office = make_user(Role.OFFICE)
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕1号")
    with django_capture_on_commit_callbacks(execute=True):
        assert calendar.years_changed(office, {2027}) >= 1
    case.refresh_from_db()
    assert case.decide_filing_provisional is False
    # The office listed no holidays: 2027-01-01 now works, so the deadline comes a day earlier.
    assert case.decide_filing_by == guessed - timedelta(days=1)
    entry = operator.events.filter(kind="case", data__case=case.pk).latest("occurred_at")
    assert "2027" in entry.summary and entry.actor == office
    assert Notification.objects.filter(user=station_user, subject__contains=operator.name)


def test_confirming_the_decision_period_recomputes_running_cases(station_user, operator, make_user):
    case = services.open_case(station_user, operator, "线索", date(2026, 3, 2))
    services.decide_filing(station_user, case, True, date(2026, 3, 10))
    rule = PeriodRule.objects.get(code="case_decision", effective_from=date(2022, 11, 1))
    periods.confirm(make_user(Role.OFFICE), rule, days=60)
    case.refresh_from_db()
    assert case.decide_by == date(2026, 3, 10) + timedelta(days=60)
    assert operator.events.filter(kind="case", summary__contains="已由领导小组办公室更正").exists()


def test_case_page_shows_the_provisional_flag_and_unchecked_basis(client, station_user, operator):
    case = services.open_case(station_user, operator, "线索", date(2026, 12, 21))
    client.force_login(station_user)
    page = client.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert 'id="filing-provisional"' in page
    assert "第61号" in page and "unconfirmed-period" in page


def test_case_api_gives_the_provisional_flag(client, station_user, operator):
    case = services.open_case(station_user, operator, "线索", date(2026, 12, 21))
    client.force_login(station_user)
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["decide_filing_provisional"] is True
