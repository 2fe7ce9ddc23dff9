"""The credit risk class rules (pure): each A–D boundary, and every class carries its reasons."""

import pytest

from fangxin.oversight.risk import DEFAULT_RULES, RiskInputs, RiskRules, classify


def test_clean_and_recently_inspected_is_a():
    result = classify(RiskInputs(days_since_inspection=100))
    assert result.risk_class == "A"
    assert [r.code for r in result.reasons] == ["clean"]


@pytest.mark.parametrize("days", [None, DEFAULT_RULES.a_inspected_within_days + 1])
def test_clean_but_not_inspected_is_b(days):
    result = classify(RiskInputs(days_since_inspection=days))
    assert result.risk_class == "B"
    assert result.reasons[0].code == "not_inspected"


def test_a_boundary_on_the_day():
    days = DEFAULT_RULES.a_inspected_within_days
    assert classify(RiskInputs(days_since_inspection=days)).risk_class == "A"


def test_one_point_is_b():
    result = classify(RiskInputs(complaints=1, days_since_inspection=10))
    assert (result.risk_class, result.points) == ("B", 1)
    assert result.reasons[0].code == "complaints"


def test_c_boundary():
    # 3 points: B; 4 points: C.
    assert classify(RiskInputs(complaints=3)).risk_class == "B"
    result = classify(RiskInputs(complaints=2, failed_samples=1))
    assert (result.risk_class, result.points) == ("C", 4)
    assert {r.code for r in result.reasons} == {"complaints", "failed_samples"}


def test_d_boundary():
    assert classify(RiskInputs(overdue_orders=2, minor_findings=1)).risk_class == "C"  # 7
    result = classify(RiskInputs(overdue_orders=2, serious_findings=1))  # 8
    assert (result.risk_class, result.points) == ("D", 8)


def test_serious_violation_listing_is_d_whatever_the_points():
    result = classify(RiskInputs(serious_listings=1, days_since_inspection=5))
    assert result.risk_class == "D"
    assert result.reasons[0].code == "serious_listing"


def test_abnormal_listing_and_contradiction_count():
    result = classify(RiskInputs(abnormal_listings=1, contradictions=1))
    assert (result.risk_class, result.points) == ("C", 5)


def test_thresholds_are_data():
    rules = RiskRules(c_from=2, d_from=3)
    assert classify(RiskInputs(complaints=2), rules).risk_class == "C"
    assert classify(RiskInputs(complaints=3), rules).risk_class == "D"
    with pytest.raises(ValueError):
        RiskRules(c_from=5, d_from=4)
    with pytest.raises(ValueError):
        RiskRules(points={"bogus": 1})
