"""Evaluation panels (考评组): forming them, assigning enrolments, members' score sheets, the
combination by the rubric's rule, conflicts of interest, the pages and the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.evaluation import panels, services
from fangxin.evaluation import rubric as rubric_data
from fangxin.evaluation.messages import problem
from fangxin.evaluation.models import LedgerEntry, PanelAssignment, PanelScore, Score
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision.models import ConflictOfInterest
from fangxin.supervision.tests.test_facts import area, finding

pytestmark = pytest.mark.django_db

IN = date(2026, 7, 15)  # inside the window (1 June – 30 November 2026)
IN_EVALUATION = date(2026, 10, 15)
# The livestream rubric's department criteria and their points.
FULL = {
    "qualifications": 8,
    "conduct": 6,
    "site": 7,
    "quality": 7,
    "marketing": 8,
    "labelling": 5,
    "consumer_rights": 5,
    "after_sales": 4,
}


def sheet(**overrides) -> dict[str, panels.Entry]:
    return {
        code: panels.Entry(overrides.get(code, points - 1), comment="现场核查")
        for code, points in FULL.items()
    }


def criterion(enrolment, code: str) -> Decimal:
    score = Score.objects.get(enrolment=enrolment)
    return Decimal(score.criteria[f"department.{code}"]["score"])


@pytest.fixture
def panel_with(office, make_user, enrol):
    """A panel of the 2026 campaign with ``n`` evaluators and one enrolment assigned."""

    def make(n=2, enrolment=None, name="第一考评组"):
        enrolment = enrolment or enrol()
        members = [make_user(Role.EVALUATOR) for _ in range(n)]
        panel = panels.create_panel(office, enrolment.campaign, name, members[0])
        for member in members[1:]:
            panels.add_member(office, panel, member)
        panels.assign(office, panel, enrolment_ids=[enrolment.pk])
        return panel, enrolment, members

    return make


# --- the rubric's rule ----------------------------------------------------------------------


def test_the_default_rule_is_the_mean_trimmed_from_five_members():
    rule = rubric_data.default("livestream").panel
    assert (rule.combine, rule.trim_from) == ("trimmed_mean", 5)
    assert rule.apply([]) is None
    assert rule.apply([Decimal(4), Decimal(5), Decimal(7)]) == Decimal(16) / 3
    assert rule.apply([Decimal(v) for v in (1, 5, 5, 6, 8)]) == Decimal(16) / 3  # 1 and 8 off
    assert (
        rubric_data.PanelRule("mean").apply(
            [Decimal(1), Decimal(5), Decimal(5), Decimal(6), Decimal(8)]
        )
        == 5
    )


def test_a_rubric_without_a_panel_rule_takes_the_default():
    body = rubric_data.to_body(rubric_data.default_text("livestream"))
    del body["panel"]
    assert rubric_data.parse(body).panel == rubric_data.PanelRule()


@pytest.mark.parametrize(
    "panel", [{"combine": "median"}, {"combine": "mean", "trim_from": 2}, "mean", {"x": 1}]
)
def test_a_bad_panel_rule_is_refused_with_the_reason(panel):
    body = rubric_data.to_body(rubric_data.default_text("livestream"))
    body["panel"] = panel
    with pytest.raises(rubric_data.RubricError) as refused:
        rubric_data.parse(body)
    codes = {p.code for p in refused.value.problems}
    assert codes & {"bad_panel_rule", "unknown_field"}
    assert any("panel" in problem(p) for p in refused.value.problems)


# --- forming panels ---------------------------------------------------------------------------


def test_the_office_forms_a_panel_with_evaluators_and_partner_people(
    office, make_user, campaign_2026
):
    leader, partner = make_user(Role.EVALUATOR), make_user(Role.PARTNER)
    panel = panels.create_panel(office, campaign_2026, "第一考评组", leader)
    panels.add_member(office, panel, partner)
    assert set(panel.members.values_list("user_id", flat=True)) == {leader.pk, partner.pk}
    with pytest.raises(ValidationError, match="已是该考评组成员"):
        panels.add_member(office, panel, partner)
    with pytest.raises(ValidationError, match="评审人员"):
        panels.add_member(office, panel, make_user(Role.OPERATOR))
    with pytest.raises(ValidationError, match="已有名为"):
        panels.create_panel(office, campaign_2026, "第一考评组")


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.OPERATOR])
def test_only_the_office_forms_panels(make_user, campaign_2026, role):
    with pytest.raises(PermissionDenied):
        panels.create_panel(make_user(role), campaign_2026, "考评组")


def test_enrolments_are_assigned_by_area_by_kind_or_by_hand_each_to_one_panel(
    office, enrol, campaign_2026
):
    north, south = AreaFactory(), AreaFactory()
    a = enrol(OperatorFactory(area=north, name="北一"))
    b = enrol(OperatorFactory(area=north, name="北二"), kind="group_buying")
    c = enrol(OperatorFactory(area=south, name="南一"))
    first = panels.create_panel(office, campaign_2026, "第一组")
    second = panels.create_panel(office, campaign_2026, "第二组")
    assert panels.assign(office, first, area=north).added == 2
    done = panels.assign(office, second, kind="livestream")
    assert (done.added, done.skipped) == (1, ("北一",))
    assert PanelAssignment.objects.get(enrolment=c).panel == second
    with pytest.raises(ValidationError, match="北二（第一组）"):
        panels.assign(office, second, enrolment_ids=[b.pk])
    panels.unassign(office, first, a.pk)
    assert panels.assign(office, second, enrolment_ids=[a.pk]).added == 1
    with pytest.raises(ValidationError):
        panels.assign(office, second)


def test_declared_conflicts_are_read_in_bulk(make_user):
    inspector, other = make_user(Role.EVALUATOR), make_user(Role.EVALUATOR)
    operator = OperatorFactory()
    ConflictOfInterest.objects.create(inspector=inspector, operator=operator, reason="亲属")
    assert supervision_facts.declared_conflicts(user_ids=[inspector.pk, other.pk]) == {
        (inspector.pk, operator.pk)
    }
    assert supervision_facts.declared_conflicts(operator_ids=[operator.pk]) == {
        (inspector.pk, operator.pk)
    }
    assert supervision_facts.declared_conflicts(user_ids=[other.pk]) == frozenset()


# --- members' sheets ----------------------------------------------------------------------


def test_a_member_scores_and_the_deductions_come_off_the_panel_score(panel_with):
    _panel, enrolment, (member, _other) = panel_with(2)
    finding(enrolment.operator, IN, area=area("conduct"))
    saved = panels.save_sheet(member, enrolment, sheet(conduct="5.5"), today=IN_EVALUATION)
    assert saved == 8
    entry = LedgerEntry.objects.get(enrolment=enrolment, source="panel", criterion="conduct")
    assert entry.points == Decimal("5.5") and entry.detail["members"] == 1
    assert criterion(enrolment, "conduct") == Decimal("4.5")  # 5.5 − 1 (minor finding)
    assert criterion(enrolment, "quality") == 6
    # No default line remains for a criterion the panel scored.
    assert not LedgerEntry.objects.filter(
        enrolment=enrolment, source="default", dimension="department"
    ).exists()


def test_deductions_floor_the_combined_score_at_zero(panel_with):
    _panel, enrolment, (member,) = panel_with(1)
    for _ in range(3):
        finding(enrolment.operator, IN, area=area("conduct"))
    panels.save_sheet(member, enrolment, sheet(conduct=2), today=IN_EVALUATION)
    assert criterion(enrolment, "conduct") == 0


def test_two_members_scores_combine_by_their_mean_and_neither_is_lost(panel_with):
    _panel, enrolment, (first, second) = panel_with(2)
    panels.save_sheet(first, enrolment, sheet(site=6), today=IN_EVALUATION)
    panels.save_sheet(second, enrolment, sheet(site=3), today=IN_EVALUATION)
    assert PanelScore.objects.filter(enrolment=enrolment).count() == 16
    assert criterion(enrolment, "site") == Decimal("4.5")
    # The first member changes his mind: only his row changes, the second's stays.
    panels.save_sheet(first, enrolment, sheet(site=7), today=IN_EVALUATION)
    assert criterion(enrolment, "site") == 5
    assert PanelScore.objects.get(member=second, criterion="site").points == 3


def test_five_members_drop_the_highest_and_the_lowest(panel_with):
    _panel, enrolment, members = panel_with(5)
    for member, points in zip(members, (0, 5, 6, 7, 8), strict=True):
        panels.save_sheet(member, enrolment, sheet(marketing=points), today=IN_EVALUATION)
    entry = LedgerEntry.objects.get(enrolment=enrolment, source="panel", criterion="marketing")
    assert entry.points == 6 and entry.detail["rule"] == "trimmed_mean"


@pytest.mark.parametrize("bad", ["-1", "6.5", "", "abc", "NaN"])
def test_a_score_outside_its_range_is_refused_naming_the_criterion(panel_with, bad):
    _panel, enrolment, (member, _other) = panel_with(2)
    with pytest.raises(ValidationError) as refused:
        panels.save_sheet(member, enrolment, sheet(conduct=bad), today=IN_EVALUATION)
    assert "“经营行为合法”的评分须在 0 至 6 分之间。" in refused.value.messages
    assert not PanelScore.objects.exists()


def test_evidence_must_be_the_operators_own_records(panel_with):
    _panel, enrolment, (member, _other) = panel_with(2)
    entries = sheet()
    entries["site"] = panels.Entry(5, "", ("supervision.finding:999",))
    with pytest.raises(ValidationError, match="佐证"):
        panels.save_sheet(member, enrolment, entries, today=IN_EVALUATION)
    entries["site"] = panels.Entry(5, "", ("supervision.finding:7",))
    panels.save_sheet(
        member,
        enrolment,
        entries,
        allowed_evidence=frozenset({"supervision.finding:7"}),
        today=IN_EVALUATION,
    )
    assert PanelScore.objects.get(criterion="site").evidence == ["supervision.finding:7"]


def test_scoring_only_during_the_evaluation_phase_and_before_closing(office, panel_with):
    _panel, enrolment, (member, _other) = panel_with(2)
    with pytest.raises(ValidationError, match="评价公示阶段"):
        panels.save_sheet(member, enrolment, sheet(), today=IN)
    services.close_scoring(office, enrolment.campaign, today=IN_EVALUATION)
    with pytest.raises(ValidationError, match="评分已截止"):
        panels.save_sheet(member, enrolment, sheet(), today=IN_EVALUATION)


def test_only_a_member_of_its_panel_without_a_conflict_scores(office, make_user, panel_with, enrol):
    panel, enrolment, (member, conflicted) = panel_with(2)
    ConflictOfInterest.objects.create(
        inspector=conflicted, operator=enrolment.operator, reason="曾任该公司顾问"
    )
    _other_panel, _e, (outsider,) = panel_with(1, enrolment=enrol(), name="第二考评组")
    station = make_user(Role.STATION)
    operator = make_user(Role.OPERATOR, operator=enrolment.operator)
    for user in (conflicted, outsider, station, operator, office):
        with pytest.raises(PermissionDenied):
            panels.save_sheet(user, enrolment, sheet(), today=IN_EVALUATION)
    assert not PanelScore.objects.exists()
    seats = panels.seats(panel, [enrolment])[enrolment.pk]
    assert {(s.user, s.conflicted) for s in seats} == {(member, False), (conflicted, True)}
    # A conflicted member's earlier row (declared after he scored) no longer counts.
    PanelScore.objects.create(
        enrolment=enrolment, member=conflicted, dimension="department", criterion="site", points=0
    )
    panels.save_sheet(member, enrolment, sheet(site=6), today=IN_EVALUATION)
    assert criterion(enrolment, "site") == 6


def test_removing_a_member_or_an_enrolment_takes_the_scores_out(office, panel_with):
    panel, enrolment, (first, second) = panel_with(2)
    panels.save_sheet(first, enrolment, sheet(site=6), today=IN_EVALUATION)
    panels.save_sheet(second, enrolment, sheet(site=2), today=IN_EVALUATION)
    panels.remove_member(office, panel, second.pk)
    assert criterion(enrolment, "site") == 6
    panels.unassign(office, panel, enrolment.pk)
    assert not LedgerEntry.objects.filter(enrolment=enrolment, source="panel").exists()
    assert criterion(enrolment, "site") == 7  # the rubric's default (full points)


def test_the_demo_forms_panels_and_enters_every_members_sheet(office, make_user, enrol):
    from fangxin.evaluation import demo_panels
    from fangxin.evaluation.models import Panel

    north, south = AreaFactory(), AreaFactory()
    enrolments = [enrol(OperatorFactory(area=a)) for a in (north, north, south)]
    make_user(Role.EVALUATOR)
    partner = make_user(Role.PARTNER)
    ConflictOfInterest.objects.create(
        inspector=partner, operator=enrolments[0].operator, reason="x"
    )
    evaluation = enrolments[0].campaign.phases.get(code="evaluation")
    assert demo_panels.build(enrolments[0].campaign, evaluation) == 5  # 3 × 2 − 1 conflict
    assert Panel.objects.count() == 2
    assert PanelAssignment.objects.count() == 3
    assert not PanelScore.objects.filter(member=partner, enrolment=enrolments[0]).exists()
    assert LedgerEntry.objects.filter(source="panel").count() == 3 * 8
    assert demo_panels.build(enrolments[0].campaign, evaluation) == 0  # idempotent
