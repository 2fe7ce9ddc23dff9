from datetime import date

import pytest

from fangxin.core import periods
from fangxin.core.models import PeriodRule

pytestmark = pytest.mark.django_db


def test_shipped_periods_are_loaded_at_migrate():
    rule = periods.rule_for("inspection_publication", date(2024, 9, 27))
    assert rule.days == 20 and rule.unit == "working_days"
    assert "20个工作日" in rule.source


def test_publication_deadline_skips_national_day():
    # 20 working days after 2024-09-27: Sunday 09-29 and Saturday 10-12 were workdays.
    result = periods.deadline("inspection_publication", date(2024, 9, 27))
    assert result.due == date(2024, 10, 30)
    assert result.provisional is False


def test_a_newer_version_applies_from_its_date():
    PeriodRule.objects.create(
        code="inspection_publication",
        name="x",
        days=10,
        unit="working_days",
        source="新规定",
        effective_from=date(2026, 4, 15),
    )
    assert periods.rule_for("inspection_publication", date(2026, 4, 14)).days == 20
    assert periods.rule_for("inspection_publication", date(2026, 4, 15)).days == 10


def test_calendar_days_and_extension():
    start = date(2024, 1, 10)
    assert periods.deadline("case_decision", start).due == date(2024, 4, 9)
    assert periods.deadline("case_decision", start, extended=True).due == date(2024, 5, 9)


def test_unknown_code_is_an_error():
    with pytest.raises(LookupError):
        periods.rule_for("nothing", date(2024, 1, 1))


def test_loading_again_keeps_office_edits():
    rule = periods.rule_for("rectification_default", date(2024, 1, 1))
    rule.days = 7
    rule.save()
    periods.load()
    assert periods.rule_for("rectification_default", date(2024, 1, 1)).days == 7
