"""Rubrics as data: the shipped defaults load, and each wrong rubric is refused with its reason."""

from decimal import Decimal

import pytest
import yaml

from fangxin.evaluation import rubric
from fangxin.programme import guides


def _body(kind="livestream"):
    return yaml.safe_load(rubric.default_text(kind))


def _codes(body):
    with pytest.raises(rubric.RubricError) as refused:
        rubric.parse(body)
    return [p.code for p in refused.value.problems], refused.value


@pytest.mark.parametrize("kind", rubric.KINDS)
def test_the_defaults_follow_the_plan(kind):
    loaded = rubric.default(kind)
    assert loaded.kind == kind
    assert loaded.total == 100
    assert loaded.threshold == 85
    assert loaded.split == {"regulatory": 70, "public": 30}
    department = loaded.dimension("department")
    assert department.points == 50 and department.by_area
    assert [c.code for c in department.criteria] == list(rubric.AREA_CODES)
    assert {(f.criterion, f.at_or_below) for f in loaded.floors} == {
        ("quality", 0),
        ("consumer_rights", 0),
    }
    assert loaded.window == rubric.WindowSpec("mobilisation", "evaluation")
    assert {r.fact for r in loaded.deductions} == set(rubric.FACT_TYPES)


def test_the_department_points_per_kind_are_the_defaults():
    live = rubric.default("livestream").dimension("department")
    group = rubric.default("group_buying").dimension("department")
    assert live.criterion("conduct").points == 6 and live.criterion("after_sales").points == 4
    assert group.criterion("conduct").points == 7 and group.criterion("marketing").points == 6


def test_the_area_codes_are_the_guides():
    data = yaml.safe_load(guides.DEFAULT_GUIDE.read_text(encoding="utf-8"))
    assert tuple(area["code"] for area in data["areas"]) == rubric.AREA_CODES


def test_criteria_must_add_up_to_their_dimension():
    body = _body()
    body["dimensions"][0]["criteria"][0]["points"] = 9
    codes, error = _codes(body)
    assert "criteria_total" in codes
    assert "the criteria add up to 51, not the dimension's 50" in str(error)


def test_dimensions_must_add_up_to_100_and_keep_the_split():
    body = _body()
    body["dimensions"][2]["points"] = 11
    body["dimensions"][2]["criteria"][0]["points"] = 11
    codes, error = _codes(body)
    assert "dimensions_total" in codes and "split_mismatch" in codes
    assert "the dimensions add up to 101, not 100" in str(error)


def test_the_split_must_add_up_to_100():
    body = _body()
    body["split"] = {"regulatory": 70, "public": 40}
    codes, _ = _codes(body)
    assert "split_total" in codes


def test_another_split_is_accepted_when_the_dimensions_follow_it():
    body = _body()
    body["split"] = {"regulatory": 60, "public": 40}
    body["dimensions"][0]["group"] = "public"  # 50 + 30 ≠ 40: refused
    codes, _ = _codes(body)
    assert codes == ["split_mismatch", "split_mismatch"]


@pytest.mark.parametrize("value", [-1, 101, "高"])
def test_the_threshold_lies_within_0_and_100(value):
    body = _body()
    body["threshold"] = value
    codes, _ = _codes(body)
    assert codes[0] in {"bad_threshold", "bad_number"}


def test_a_rule_must_name_a_known_fact_and_criterion():
    body = _body()
    body["deductions"].append({"fact": "rumour", "dimension": "department", "criterion": "x"})
    body["deductions"].append({"fact": "case", "dimension": "monitoring", "criterion": "fact_area"})
    body["deductions"].append({"fact": "case", "dimension": "monitoring", "criterion": "nope"})
    codes, error = _codes(body)
    assert "unknown_fact" in codes
    assert "unknown_criterion" in codes
    assert "fact_area_needs_areas" in codes
    assert "unknown fact type 'rumour'" in str(error)


def test_the_department_criteria_must_be_the_guides_areas():
    body = _body()
    body["dimensions"][0]["criteria"][0]["code"] = "licences"
    codes, error = _codes(body)
    assert "area_codes" in codes
    assert "missing: qualifications; unknown: licences" in str(error)


def test_a_default_outside_the_criterion_is_refused():
    body = _body()
    body["dimensions"][2]["criteria"][0]["default"] = 12
    codes, _ = _codes(body)
    assert codes == ["bad_default"]


def test_a_floor_names_a_known_criterion_and_a_fraction():
    body = _body()
    body["floors"] = [{"dimension": "department", "criterion": "x", "at_or_below": 1.5}]
    codes, _ = _codes(body)
    assert codes == ["unknown_criterion", "bad_floor"]


def test_a_window_names_phases_or_dates_in_order():
    body = _body()
    body["window"] = {"start": "evaluation", "end": "mobilisation"}
    assert _codes(body)[0] == ["bad_window"]
    body["window"] = {"start": "2026-01-01", "end": "someday"}
    assert _codes(body)[0] == ["bad_window"]
    body["window"] = {"start": "2026-01-01", "end": "2026-10-31"}
    assert rubric.parse(body).window.end.isoformat() == "2026-10-31"


def test_bad_yaml_says_where():
    with pytest.raises(rubric.RubricError) as refused:
        rubric.load_text("threshold: [85\n")
    assert refused.value.problems[0].code == "yaml"


def test_unknown_fields_are_named():
    body = _body()
    body["treshold"] = 80
    codes, error = _codes(body)
    assert codes == ["unknown_field"] and "treshold" in str(error)


def test_every_problem_is_reported_at_once():
    body = _body()
    body["threshold"] = 120
    body["split"] = {"regulatory": 70, "public": 20}
    codes, _ = _codes(body)
    assert {"bad_threshold", "split_total"} <= set(codes)


def test_a_body_round_trips_through_yaml_text():
    body = rubric.to_body(rubric.default_text("group_buying"))
    again = rubric.load_text(rubric.dump(body))
    assert again == rubric.parse(body)
    assert again.dimension("consumer").criterion("ratings").default == Decimal("4.8")


def test_aliases_and_deep_nesting_are_refused_as_bad_yaml():
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    with pytest.raises(rubric.RubricError) as refused:
        rubric.load_text(bomb)
    assert refused.value.problems[0].code == "yaml"
    with pytest.raises(rubric.RubricError) as refused:
        rubric.load_text("[" * 50_000 + "]" * 50_000)
    assert refused.value.problems[0].code == "yaml"
