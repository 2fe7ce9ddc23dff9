from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fangxin.core import periods
from fangxin.core.models import PeriodRule

pytestmark = pytest.mark.django_db


def test_shipped_periods_are_loaded_at_migrate():
    rule = periods.rule_for("inspection_publication", date(2024, 9, 27))
    assert rule.days == 20 and rule.unit == "working_days"
    # The basis is the enterprise information publicity regulation and the 2019 opinion on
    # 双随机、一公开, not the penalty-information publicity rule.
    assert "企业信息公示暂行条例" in rule.source and "国发〔2019〕5号" in rule.source
    assert "行政处罚信息公示" not in rule.source


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


def test_every_period_answers_from_its_first_version_to_2027():
    # Issue 11 item 5: the penalty-procedure periods raised for 2022-01-10.
    for code in PeriodRule.objects.values_list("code", flat=True).distinct():
        first = PeriodRule.objects.filter(code=code).order_by("effective_from").first()
        day = first.effective_from
        while day <= date(2027, 12, 31):
            assert periods.rule_for(code, day).effective_from <= day
            day += timedelta(days=7)
        assert periods.rule_for(code, date(2027, 12, 31))
    assert periods.deadline("case_clue_verification", date(2022, 1, 10)).due


def test_before_the_first_version_is_a_clear_refusal():
    with pytest.raises(periods.PeriodNotInForce) as refused:
        periods.rule_for("case_decision", date(1257, 2, 21))
    assert isinstance(refused.value, ValidationError)  # a form error / 400, never a 500
    assert "2019-04-01" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        periods.deadline("inspection_publication", date(594, 1, 6))


def test_penalty_procedure_has_one_version_per_text():
    versions = list(PeriodRule.objects.filter(code="case_decision").order_by("effective_from"))
    assert [v.effective_from for v in versions] == [
        date(2019, 4, 1),
        date(2021, 7, 15),
        date(2022, 11, 1),
    ]
    assert "第五十七条" in versions[0].source and "第2号" in versions[0].source
    assert all("第六十四条" in v.source for v in versions[1:])
    # Article numbers not checked against the published texts: shipped unconfirmed, saying so.
    assert all(not v.confirmed and v.note for v in versions)
    assert periods.rule_for("case_decision", date(2020, 6, 1)) == versions[0]


def test_order_121_versions_from_2026_04_15_are_unconfirmed():
    for code in (
        "complaint_acceptance",
        "complaint_mediation",
        "complaint_mediation_notice",
        "tipoff_verification",
        "tipoff_informant_notice",
    ):
        old = periods.rule_for(code, date(2026, 4, 14))
        new = periods.rule_for(code, date(2026, 4, 15))
        assert "第20号" in old.source and old.confirmed
        assert "《市场监督管理投诉举报处理办法》" in new.source and "第121号" in new.source
        assert "第20号" not in new.source
        assert (new.days, new.extension_days, new.unit) == (old.days, old.extension_days, old.unit)
        assert new.confirmed is False and new.note
    assert {r.code for r in periods.unconfirmed_in_force(date(2026, 12, 1))} >= {
        "complaint_acceptance",
        "tipoff_verification",
    }


def test_confirm_needs_the_office(make_user):
    rule = periods.rule_for("complaint_acceptance", date(2026, 5, 1))
    with pytest.raises(PermissionDenied):
        periods.confirm(make_user(role="station"), rule)
    rule.refresh_from_db()
    assert rule.confirmed is False


def test_confirm_marks_the_version_checked(make_user):
    office = make_user(role="office")
    rule = periods.rule_for("complaint_acceptance", date(2026, 5, 1))
    periods.confirm(office, rule, source="《市场监督管理投诉举报处理办法》第十五条")
    rule.refresh_from_db()
    assert rule.confirmed and rule.confirmed_at and rule.source.endswith("第十五条")
    with pytest.raises(ValidationError):
        periods.confirm(office, rule, days=0)


def test_the_refusal_survives_copying():
    import copy
    import pickle

    with pytest.raises(periods.PeriodNotInForce) as refused:
        periods.rule_for("case_clue_verification", date(2000, 1, 1))
    assert copy.deepcopy(refused.value).messages == refused.value.messages
    # Our own object, round-tripped: nothing untrusted is unpickled.
    assert pickle.loads(pickle.dumps(refused.value)).messages == refused.value.messages  # noqa: S301
