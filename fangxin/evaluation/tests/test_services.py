"""Rubric versions, the derivation of automatic deductions from the apps' facts, recomputation
and manual adjustments."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from fangxin.complaints.models import FollowUp
from fangxin.complaints.tests.test_facts import complaint, follow_up
from fangxin.core.roles import Role
from fangxin.evaluation import bulk, services
from fangxin.evaluation import rubric as rubric_data
from fangxin.evaluation.models import LedgerEntry, Rubric, Score
from fangxin.monitoring.tests.test_facts import hit, material
from fangxin.programme import services as programme
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Finding
from fangxin.supervision.tests.test_facts import area, case, finding, order, sample, veto

pytestmark = pytest.mark.django_db

IN = date(2026, 7, 15)  # inside the window (1 June – 30 November 2026)
# With no input yet: industry 8/10, ratings 4.8/6, survey 4/5, invited 4/5 (the defaults).
FULL = Decimal("94.8")


def score_of(enrolment) -> Score:
    services.recompute_campaign_now(enrolment.campaign_id)
    return Score.objects.get(enrolment=enrolment)


def criterion(score, key):
    return Decimal(score.criteria[key]["score"])


# --- rubrics ------------------------------------------------------------------------------


def test_a_campaign_copies_the_default_on_first_use(campaign_2026):
    first = services.current_rubric(campaign_2026, "livestream")
    assert first.version == 1 and first.body["kind"] == "livestream"
    assert services.current_rubric(campaign_2026, "livestream") == first
    assert Rubric.objects.filter(campaign=campaign_2026).count() == 1


def test_a_copied_campaign_keeps_the_previous_rubric(office, campaign_2026):
    text = services.current_rubric(campaign_2026, "livestream").text.replace(
        "threshold: 85", "threshold: 86"
    )
    services.save_rubric(office, campaign_2026, "livestream", text)
    following = programme.copy_campaign(office, campaign_2026)
    copied = services.current_rubric(following, "livestream")
    assert copied.version == 1 and copied.parsed().threshold == 86


def test_every_save_is_a_new_version(office, campaign_2026):
    text = services.current_rubric(campaign_2026, "group_buying").text
    saved = services.save_rubric(office, campaign_2026, "group_buying", text, "复核")
    assert saved.version == 2 and saved.note == "复核" and saved.created_by == office
    assert saved.body["version"] == 2


def test_a_wrong_rubric_is_refused_with_its_reason_and_nothing_saved(office, campaign_2026):
    text = services.current_rubric(campaign_2026, "livestream").text.replace(
        "points: 8", "points: 9", 1
    )
    with pytest.raises(ValidationError) as refused:
        services.save_rubric(office, campaign_2026, "livestream", text)
    assert any("合计为 51 分，应等于该维度的 50 分" in m for m in refused.value.messages)
    assert Rubric.objects.filter(campaign=campaign_2026).count() == 1


def test_a_rubric_of_the_other_kind_is_refused(office, campaign_2026):
    with pytest.raises(ValidationError):
        services.save_rubric(
            office, campaign_2026, "livestream", rubric_data.default_text("group_buying")
        )


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.OPERATOR])
def test_only_the_office_edits_a_rubric(make_user, campaign_2026, role):
    with pytest.raises(PermissionDenied):
        services.save_rubric(
            make_user(role), campaign_2026, "livestream", rubric_data.default_text("livestream")
        )


def test_the_window_follows_the_campaigns_phases(campaign_2026):
    parsed = services.current_rubric(campaign_2026, "livestream").parsed()
    window = services.window_of(campaign_2026, parsed.window)
    assert (window.start, window.end) == (date(2026, 6, 1), date(2026, 11, 30))


# --- derivation from the facts ------------------------------------------------------------


def test_no_facts_scores_the_defaults_and_says_so(enrol):
    enrolment = enrol()
    score = score_of(enrolment)
    assert score.published == FULL and score.candidate
    defaults = LedgerEntry.objects.filter(enrolment=enrolment, source="default")
    assert defaults.count() == 8 + 3 + 1 + 2 + 2
    ratings = defaults.get(dimension="consumer", criterion="ratings")
    assert ratings.points == Decimal("4.8")
    assert ratings.detail == {"input": "ratings", "count": 0, "minimum": 10}


def test_findings_deduct_in_their_area_by_severity(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    minor = finding(operator, IN, area=area("conduct"))
    finding(operator, IN, area=area("labelling"), severity=Finding.Severity.SERIOUS)
    finding(operator, date(2026, 5, 31), area=area("conduct"))  # before the window
    score = score_of(enrolment)
    assert criterion(score, "department.conduct") == 5
    assert criterion(score, "department.labelling") == 0
    assert score.published == FULL - 1 - 5
    entry = LedgerEntry.objects.get(enrolment=enrolment, source="finding", criterion="conduct")
    assert (entry.fact_label, entry.fact_pk, entry.points) == (
        "supervision.finding",
        minor.pk,
        Decimal(-1),
    )
    assert entry.rubric.version == 1


def test_a_finding_of_the_other_kind_does_not_count(enrol):
    both = OperatorFactory(group_buying=True)
    live = enrol(both, "livestream")
    group = enrol(both, "group_buying")
    finding(both, IN, kind="group_buying")
    finding(both, IN)  # no kind: counts for both enrolments
    assert score_of(live).published == FULL - 1
    assert Score.objects.get(enrolment=group).published == FULL - 2


def test_an_overdue_order_deducts_more_after_ten_working_days(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    order(operator, IN, date(2026, 7, 30))  # overdue on 30 November by far more than 10 days
    score = score_of(enrolment)
    entry = LedgerEntry.objects.get(enrolment=enrolment, source="overdue_order")
    assert entry.points == -2 and entry.detail["days"] > 10
    # The order's finding (minor, conduct) deducts too.
    assert criterion(score, "department.conduct") == 6 - 1 - 2


def test_a_failed_sample_costs_quality_and_monitoring_and_blocks_the_award(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    sample(operator, IN)
    sample(operator, IN)
    sample(operator, IN)
    score = score_of(enrolment)
    assert criterion(score, "department.quality") == 0  # 7 − 9, capped at 0
    assert Decimal(score.criteria["department.quality"]["raw"]) == -2
    assert criterion(score, "monitoring.sampling") == 0
    assert score.published == FULL - 7 - 4
    assert not score.candidate
    assert {"code": "blocked_area", "dimension": "department", "criterion": "quality"} in (
        score.reasons
    )


def test_a_case_takes_the_whole_area(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    source = finding(operator, IN, area=area("marketing"))
    case(operator, IN, finding=source)
    score = score_of(enrolment)
    assert criterion(score, "department.marketing") == 0


def test_a_confirmed_veto_disqualifies_whatever_the_score(enrol):
    enrolment = enrol()
    veto(enrolment.operator, IN)
    score = score_of(enrolment)
    assert score.published == FULL
    assert not score.candidate
    assert score.reasons == [{"code": "veto", "dimension": "", "criterion": ""}]


def test_a_substantiated_complaint_and_its_satisfied_resolution(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    complaint(operator, IN)
    satisfied = complaint(operator, IN)
    follow_up(satisfied, 1, FollowUp.Satisfaction.SATISFIED)
    score = score_of(enrolment)
    assert criterion(score, "consumer.complaints") == Decimal("4") - 1 - Decimal("0.5")


def test_monitoring_hits_count_per_monitored_hour(enrol):
    enrolment = enrol()
    operator = enrolment.operator
    streamed = material(operator, IN, minutes=240)
    for _ in range(4):
        hit(streamed)
    score = score_of(enrolment)
    # 0.5 × 4 findings ÷ 4 hours
    assert criterion(score, "monitoring.online") == Decimal("11.5")


# --- recomputation ----------------------------------------------------------------------------


def test_recomputation_is_idempotent_and_keeps_manual_entries(office, enrol):
    enrolment = enrol()
    finding(enrolment.operator, IN)
    services.adjust(
        office,
        enrolment,
        dimension="industry",
        criterion="association",
        points="1",
        reason="协会补评",
    )
    first = score_of(enrolment)
    entries = sorted(
        LedgerEntry.objects.filter(enrolment=enrolment).values_list(
            "dimension", "criterion", "points", "source", "fact_pk"
        )
    )
    second = score_of(enrolment)
    assert (
        sorted(
            LedgerEntry.objects.filter(enrolment=enrolment).values_list(
                "dimension", "criterion", "points", "source", "fact_pk"
            )
        )
        == entries
    )
    assert (second.published, second.candidate) == (first.published, first.candidate)
    assert first.published == FULL - 1 + 1


def test_batch_recomputation_is_all_or_nothing(enrol, monkeypatch):
    enrolment = enrol()
    score_of(enrolment)
    finding(enrolment.operator, IN)
    before = list(LedgerEntry.objects.values_list("pk", flat=True))

    insert = bulk.insert

    def broken(model, objects, **kwargs):
        if model is Score:  # the last write: the new ledger lines are in by then
            raise RuntimeError("disk full")
        return insert(model, objects, **kwargs)

    monkeypatch.setattr(bulk, "insert", broken)
    with pytest.raises(RuntimeError):
        services.recompute_campaign_now(enrolment.campaign_id)
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == before
    assert Score.objects.get(enrolment=enrolment).published == FULL


def test_the_office_recomputes_through_the_background_interface(office, enrol, make_user):
    enrolment = enrol()
    assert services.recompute_campaign(office, enrolment.campaign) == 1
    with pytest.raises(PermissionDenied):
        services.recompute_campaign(make_user(Role.STATION), enrolment.campaign)


# --- manual adjustments -----------------------------------------------------------------------


def test_an_adjustment_needs_a_reason_and_a_known_criterion(office, enrol):
    enrolment = enrol()
    with pytest.raises(ValidationError) as refused:
        services.adjust(office, enrolment, dimension="x", criterion="y", points="abc", reason=" ")
    assert set(refused.value.message_dict) == {"reason", "points", "criterion"}
    assert not LedgerEntry.objects.filter(source="manual").exists()


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.ASSOCIATION, Role.OPERATOR])
def test_only_the_office_adjusts(make_user, enrol, role):
    enrolment = enrol()
    with pytest.raises(PermissionDenied):
        services.adjust(
            make_user(role),
            enrolment,
            dimension="industry",
            criterion="association",
            points="1",
            reason="x",
        )


def test_an_adjustment_is_audited_and_rescored(office, enrol):
    enrolment = enrol()
    entry = services.adjust(
        office,
        enrolment,
        dimension="department",
        criterion="conduct",
        points="-2.5",
        reason="现场复核发现价格标示不规范",
    )
    assert entry.created_by == office and not entry.automatic
    log = LogEntry.objects.get_for_object(entry).get()
    assert log.actor == office
    assert Score.objects.get(enrolment=enrolment).published == FULL - Decimal("2.5")


# --- closing scoring --------------------------------------------------------------------------

IN_EVALUATION = date(2026, 10, 15)


def test_closing_scoring_freezes_the_scores(office, enrol):
    enrolment = enrol()
    score_of(enrolment)
    closure = services.close_scoring(office, enrolment.campaign, today=IN_EVALUATION)
    assert closure.closed_on == IN_EVALUATION
    with pytest.raises(ValidationError, match="评分已截止"):
        services.recompute_campaign_now(enrolment.campaign_id)
    with pytest.raises(ValidationError, match="评分已截止"):
        services.adjust(
            office, enrolment, dimension="industry", criterion="association", points=1, reason="x"
        )
    with pytest.raises(ValidationError):
        services.close_scoring(office, enrolment.campaign, today=IN_EVALUATION)


@pytest.mark.parametrize("day", [date(2026, 9, 30), date(2026, 11, 30), date(2026, 12, 1)])
def test_scoring_closes_inside_the_evaluation_phase_before_its_last_day(office, enrol, day):
    enrolment = enrol()
    with pytest.raises(ValidationError):
        services.close_scoring(office, enrolment.campaign, today=day)


def test_only_the_office_closes_scoring(make_user, enrol):
    with pytest.raises(PermissionDenied):
        services.close_scoring(make_user(Role.STATION), enrol().campaign, today=IN_EVALUATION)


def test_replacing_automatic_lines_writes_no_audit_entries(enrol):
    enrolment = enrol()
    score_of(enrolment)
    before = LogEntry.objects.count()
    score_of(enrolment)
    assert LogEntry.objects.count() == before


def test_the_nightly_sweep_rescores_campaigns_being_scored(office, enrol):
    from fangxin.evaluation import sweeps

    enrolment = enrol()
    assert sweeps.run(date(2026, 5, 31)) == {"campaigns_rescored": 0}
    assert sweeps.run(IN) == {"campaigns_rescored": 1}
    assert Score.objects.get(enrolment=enrolment).published == FULL
    finding(enrolment.operator, IN)
    sweeps.run(IN_EVALUATION)
    assert Score.objects.get(enrolment=enrolment).published == FULL - 1
    services.close_scoring(office, enrolment.campaign, today=IN_EVALUATION)
    finding(enrolment.operator, IN)
    assert sweeps.run(IN_EVALUATION) == {"campaigns_rescored": 0}
    assert Score.objects.get(enrolment=enrolment).published == FULL - 1


# --- industry evaluation ----------------------------------------------------------------------


def test_the_association_score_replaces_the_default(make_user, enrol):
    association = make_user(Role.ASSOCIATION)
    enrolment = enrol()
    score_of(enrolment)
    saved = services.score_industry(
        association, enrolment.campaign, {enrolment.pk: "9.5"}, today=IN_EVALUATION
    )
    assert saved == 1
    score = Score.objects.get(enrolment=enrolment)
    assert criterion(score, "industry.association") == Decimal("9.5")
    assert score.published == FULL + Decimal("1.5")
    assert not LedgerEntry.objects.filter(
        enrolment=enrolment, source="default", dimension="industry"
    ).exists()
    services.score_industry(association, enrolment.campaign, {enrolment.pk: 7}, today=IN_EVALUATION)
    assert LedgerEntry.objects.filter(enrolment=enrolment, source="association").count() == 1
    score_of(enrolment)  # a later recomputation keeps it
    assert Score.objects.get(enrolment=enrolment).published == FULL - 1


def test_industry_scores_outside_the_range_or_the_phase_are_refused(make_user, enrol):
    association = make_user(Role.ASSOCIATION)
    first, second = enrol(), enrol()
    with pytest.raises(ValidationError) as refused:
        services.score_industry(
            association, first.campaign, {first.pk: 8, second.pk: 11}, today=IN_EVALUATION
        )
    assert "须在 0 至 10 分之间" in refused.value.messages[0]
    assert not LedgerEntry.objects.filter(source="association").exists()  # all or nothing
    with pytest.raises(ValidationError, match="评价公示阶段"):
        services.score_industry(association, first.campaign, {first.pk: 8}, today=IN)


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.OPERATOR])
def test_only_the_association_and_the_office_score_industry(make_user, enrol, role):
    enrolment = enrol()
    with pytest.raises(PermissionDenied):
        services.score_industry(
            make_user(role), enrolment.campaign, {enrolment.pk: 8}, today=IN_EVALUATION
        )


def test_an_association_score_is_audited_with_its_replacement(make_user, enrol):
    association = make_user(Role.ASSOCIATION)
    enrolment = enrol()
    campaign = enrolment.campaign
    services.score_industry(association, campaign, {enrolment.pk: 8}, today=IN_EVALUATION)
    services.score_industry(association, campaign, {enrolment.pk: 9}, today=IN_EVALUATION)
    logged = LogEntry.objects.filter(
        content_type__model="ledgerentry", actor=association
    ).values_list("action", flat=True)
    assert sorted(logged) == sorted(
        [LogEntry.Action.CREATE, LogEntry.Action.DELETE, LogEntry.Action.CREATE]
    )


# --- consumer ratings, the survey and invited members (the ratings app's facts) ---------------


def test_enough_ratings_and_survey_answers_replace_the_defaults(enrol):
    from fangxin.ratings.models import SurveyResponse
    from fangxin.ratings.tests.test_facts import rate

    enrolment = enrol()
    campaign, operator = enrolment.campaign, enrolment.operator
    for n in range(9):
        rate(campaign, operator, 4, n)
    score = score_of(enrolment)
    assert criterion(score, "consumer.ratings") == Decimal("4.8")  # 9 < 10: the default
    line = LedgerEntry.objects.get(enrolment=enrolment, criterion="ratings")
    assert (line.source, line.detail["count"]) == ("default", 9)
    rate(campaign, operator, 5, 9)
    for n in range(10):
        SurveyResponse.objects.create(
            campaign=campaign,
            operator=operator,
            phone_hash=f"{n:064d}",
            quality=5,
            honesty=5,
            service=4,
            overall=4,
        )
    score = score_of(enrolment)
    assert criterion(score, "consumer.ratings") == Decimal("4.92")  # 6 × 4.1 ÷ 5
    assert criterion(score, "social.survey") == Decimal("4.5")  # 5 × 4.5 ÷ 5
    line = LedgerEntry.objects.get(enrolment=enrolment, criterion="ratings")
    assert (line.source, line.detail) == ("ratings", {"count": 10, "mean": "4.10"})
    from fangxin.evaluation.presentation import explain

    assert explain(line) == "消费者评价 10 条，平均 4.10 星"


def test_invited_members_score_their_enrolment(enrol):
    from fangxin.ratings.models import MemberScore
    from fangxin.ratings.tests.factories import MemberFactory

    enrolment = enrol()
    for value in (80, 90):
        member = MemberFactory(campaign=enrolment.campaign)
        MemberScore.objects.create(member=member, enrolment=enrolment, score=value)
    score = score_of(enrolment)
    assert criterion(score, "social.invited") == Decimal("4.25")  # 5 × 85 ÷ 100


def test_evaluating_some_ledgers_reads_only_theirs(enrol, campaign_2026):
    """``evaluate_ledgers(enrolment_ids=…)``: the same results as over the whole campaign, for
    those enrolments only (a decision after closing rescores one, not the campaign)."""
    first, second = enrol(), enrol()
    services.recompute_campaign_now(campaign_2026.pk)
    finding(second.operator, IN)
    services.recompute_enrolment(second)
    every = services.evaluate_ledgers(campaign_2026, "livestream")
    some = services.evaluate_ledgers(campaign_2026, "livestream", enrolment_ids=[second.pk])
    assert list(some) == [second.pk]
    assert some[second.pk] == every[second.pk]
    assert every[first.pk].published == FULL and every[second.pk].published == FULL - 1


def test_a_decision_after_closing_is_the_one_write_allowed(office, enrol, make_user):
    """``record_decision``: a line with its reason and basis even after scoring closed; with
    points it rescores from the stored ledger; refused to anyone but the office."""
    from fangxin.evaluation.models import ScoringClosure

    enrolment = enrol()
    services.recompute_enrolment(enrolment)
    ScoringClosure.objects.create(
        campaign=enrolment.campaign, closed_on=date(2026, 11, 20), closed_by=office
    )
    with pytest.raises(ValidationError):
        services.adjust(
            office, enrolment, dimension="department", criterion="conduct", points=1, reason="r"
        )
    before = Score.objects.get(enrolment=enrolment)
    note = services.record_decision(
        office, enrolment, reason="异议成立", basis="titles.Objection", basis_pk=7
    )
    assert note.points == 0 and note.fact_pk == 7 and not note.automatic
    assert Score.objects.get(enrolment=enrolment).published == before.published
    with pytest.raises(ValidationError):
        services.record_decision(office, enrolment, reason=" ", basis="x", basis_pk=1)
    with pytest.raises(ValidationError):
        services.record_decision(
            office, enrolment, reason="r", basis="x", basis_pk=1, points=2, dimension="nope"
        )
    with pytest.raises(PermissionDenied):
        services.record_decision(
            make_user("operator"), enrolment, reason="r", basis="x", basis_pk=1
        )
    services.record_decision(
        office,
        enrolment,
        reason="复核后扣分",
        basis="titles.Reevaluation",
        basis_pk=3,
        points="-2.5",
        dimension="department",
        criterion="conduct",
    )
    assert Score.objects.get(enrolment=enrolment).published == FULL - Decimal("2.5")
