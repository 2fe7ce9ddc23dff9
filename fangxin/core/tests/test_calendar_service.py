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
