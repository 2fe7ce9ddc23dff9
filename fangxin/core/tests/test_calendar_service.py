from datetime import date

import pytest

from fangxin.core import calendar
from fangxin.core.models import CalendarDay, CalendarYear


@pytest.mark.django_db
def test_service_reads_office_entries():
    assert calendar.add_working_days(date(2026, 12, 30), 3).provisional is True
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False, note="元旦")
    result = calendar.add_working_days(date(2026, 12, 30), 3)
    assert result.provisional is False
    assert result.value == date(2027, 1, 5)  # 12-31, (01-01 off), 01-04, 01-05


@pytest.mark.django_db
def test_api_add_working_days(client, make_user):
    client.force_login(make_user())
    response = client.get("/api/v1/calendar/add-working-days/", {"date": "2024-09-27", "n": 7})
    assert response.json() == {"date": "2024-10-12", "provisional": False}
    bad = client.get("/api/v1/calendar/add-working-days/", {"date": "2024-13-01", "n": 7})
    assert bad.status_code == 400
    assert "date" in bad.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("holidays", "workdays", "error"),
    [
        ("2027-13-01", "", "不是日期"),
        ("2026-12-31 元旦", "", "不在2027年内"),
        ("2027-02-11~2027-02-05", "", "从前到后"),
        ("2027-10-01~2027-10-07", "2027-10-07", "同时列为放假和上班"),
    ],
)
def test_year_entry_refuses_bad_lines(client, make_user, holidays, workdays, error):
    client.force_login(make_user())
    response = client.post(
        "/admin/core/calendaryear/add/",
        {"year": 2027, "source": "通知", "holidays": holidays, "workdays": workdays},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_year_entry_replaces_the_days_and_ends_the_guess(client, make_user):
    client.force_login(make_user())
    assert calendar.add_working_days(date(2027, 4, 30), 1).value == date(2027, 5, 5)
    response = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": 2027,
            "source": "国办发明电〔2026〕X号",
            "holidays": "2027-05-01~2027-05-05 劳动节",
            "workdays": "2027-04-25 劳动节调休",
        },
    )
    assert response.status_code == 302
    result = calendar.add_working_days(date(2027, 4, 30), 1)
    assert result.value == date(2027, 5, 6) and result.provisional is False
    assert calendar.add_working_days(date(2027, 4, 24), 1).value == date(2027, 4, 25)
    year = CalendarYear.objects.get(year=2027)
    page = client.get(f"/admin/core/calendaryear/{year.pk}/change/").content.decode()
    assert "2027-04-25 劳动节调休" in page
    # Changing the schedule replaces the days entered before.
    client.post(
        f"/admin/core/calendaryear/{year.pk}/change/",
        {"year": 2027, "source": "更正", "holidays": "2027-05-01~2027-05-03", "workdays": ""},
    )
    assert CalendarDay.objects.filter(date__year=2027).count() == 3


@pytest.mark.django_db
def test_admin_lists_have_no_english_column_names(client, make_user):
    """Walk of issue 11: on the Chinese admin the holiday years' list had a column "CREATED AT"
    and the users' list one named "Get full name"."""
    from django.contrib.auth.models import Permission

    office = make_user()
    office.user_permissions.add(*Permission.objects.filter(codename="view_user"))
    client.force_login(office)
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    years = client.get("/admin/core/calendaryear/").content.decode()
    assert "录入时间" in years and "Created at" not in years
    users = client.get("/admin/core/user/")
    assert users.status_code == 200
    assert "Get full name" not in users.content.decode()
