"""Supervision's read interface: findings, orders, samples, cases, vetoes, contradictions."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fangxin.core.calendar import working_days_between
from fangxin.core.facts import Ref, Window
from fangxin.core.tests.facts_support import (
    DAY,
    INSIDE,
    OUTSIDE,
    WINDOW,
    assert_constant_queries,
    counted,
)
from fangxin.programme import guides
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment, Requirement, RequirementArea
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck.models import Answer, SelfInspection
from fangxin.supervision import facts
from fangxin.supervision.models import (
    Case,
    Contradiction,
    Finding,
    Inspection,
    InspectionItem,
    RectificationOrder,
    Sample,
    VetoEvent,
    WatchEntry,
)
from fangxin.supervision.models.enforcement import VetoKind

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def guide_2026(db):
    return guides.load()


@pytest.fixture
def campaign_2026(office):
    return programme.create_campaign(office, 2026)


def area(code="conduct"):
    guides.load()
    return RequirementArea.objects.filter(code=code).order_by("-guide_id").first()


def finding(operator, on, **fields):
    fields.setdefault("severity", Finding.Severity.MINOR)
    if "area" not in fields:
        item = fields.get("inspection_item")
        fields["area"] = item.requirement.area if item and item.requirement else area()
    return Finding.objects.create(
        operator=operator,
        source=Finding.Source.INSPECTION,
        description="未亮照",
        found_on=on,
        **fields,
    )


def order(operator, issued_on, due_on, status=RectificationOrder.Status.ISSUED, **fields):
    return RectificationOrder.objects.create(
        finding=fields.pop("finding", None) or finding(operator, issued_on),
        operator=operator,
        requirement="限期亮照",
        issued_on=issued_on,
        working_days=10,
        due_on=due_on,
        status=status,
        **fields,
    )


def sample(operator, on, result=Sample.Result.FAIL):
    return Sample.objects.create(
        operator=operator,
        product="土蜂蜜",
        place=Sample.Place.STUDIO,
        area=area("quality"),
        kind="livestream",
        taken_on=on,
        testing_body="长兴县检测中心",
        result=result,
        failed_items="菌落总数" if result == Sample.Result.FAIL else "",
    )


def case(operator, filed_on, status=Case.Status.FILED, **fields):
    return Case.objects.create(
        operator=operator,
        summary="销售过期食品",
        clue_received_on=filed_on - 5 * DAY if filed_on else WINDOW.start,
        decide_filing_by=WINDOW.end,
        filed_on=filed_on,
        status=status,
        **fields,
    )


def veto(operator, on, status=VetoEvent.Status.CONFIRMED):
    return VetoEvent.objects.create(
        operator=operator,
        kind=VetoKind.HEALTH_HAZARD,
        source=VetoEvent.Source.STATION,
        description="销售有毒食品",
        occurred_on=on,
        status=status,
        decided_at=datetime(2026, 4, 1, 23, 30, tzinfo=SHANGHAI),
    )


def has_everything(on=WINDOW.start):
    operator = OperatorFactory()
    order(operator, on, on + 3 * DAY)
    sample(operator, on)
    case(operator, on)
    veto(operator, on)
    return operator


# --- meaning, once ----------------------------------------------------------------------------


def test_overdue_orders_wait_on_the_operator_after_their_deadline():
    operator = OperatorFactory()
    on = date(2026, 3, 20)
    late = order(operator, date(2026, 3, 1), date(2026, 3, 19))
    rejected = order(
        operator, date(2026, 3, 1), date(2026, 3, 19), status=RectificationOrder.Status.REJECTED
    )
    order(operator, date(2026, 3, 1), on)  # due today: not late yet
    order(
        operator, date(2026, 3, 1), date(2026, 3, 2), status=RectificationOrder.Status.ANSWERED
    )  # answered in time: the station's to verify
    order(operator, date(2026, 3, 1), date(2026, 3, 2), status=RectificationOrder.Status.VERIFIED)
    overdue = RectificationOrder.objects.overdue(on=on)
    assert set(overdue) == {late, rejected}
    assert all(o.is_overdue(on) for o in overdue)  # the one-row check agrees
    assert RectificationOrder.objects.not_overdue(on=on).count() == 3


def test_confirmed_vetoes_and_filed_cases():
    operator = OperatorFactory()
    confirmed = veto(operator, WINDOW.start)
    veto(operator, WINDOW.start, status=VetoEvent.Status.PROPOSED)
    veto(operator, WINDOW.start, status=VetoEvent.Status.REJECTED)
    assert list(VetoEvent.objects.confirmed()) == [confirmed]
    filed = case(operator, WINDOW.start)
    case(operator, None, status=Case.Status.CLUE)
    case(operator, None, status=Case.Status.NO_CASE)
    closed = case(operator, WINDOW.start, status=Case.Status.CLOSED)
    assert set(Case.objects.filed()) == {filed, closed}
    assert Case.objects.open().count() == 2  # the clue and the filed case


# --- window edges -----------------------------------------------------------------------------


def test_each_fact_counts_on_the_windows_first_and_last_day_only():
    operator = OperatorFactory()
    for on in (*INSIDE, *OUTSIDE):
        order(operator, on, on + 3 * DAY)  # a finding and an order on that day
        sample(operator, on)
        case(operator, on)
        veto(operator, on)
    pk = operator.pk
    for bulk, date_of in [
        (facts.findings, lambda f: f.found_on),
        (facts.orders, lambda f: f.issued_on),
        (facts.samples, lambda f: f.taken_on),
        (facts.cases, lambda f: f.filed_on),
        (facts.confirmed_vetoes, lambda f: f.occurred_on),
    ]:
        assert sorted(date_of(f) for f in bulk([pk], WINDOW)[pk]) == list(INSIDE), bulk.__name__


def test_window_is_checked():
    with pytest.raises(ValueError):
        Window(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(TypeError):
        Window(datetime(2026, 3, 1), date(2026, 3, 2))
    assert Window(date(2026, 3, 1), date(2026, 3, 1)).range == (date(2026, 3, 1),) * 2
    assert date(2026, 12, 31) in Window.year(2026) and date(2027, 1, 1) not in Window.year(2026)


# --- what each fact says ----------------------------------------------------------------------


def test_a_finding_carries_its_reference_severity_area_and_kind(guide_2026):
    operator = OperatorFactory()
    requirement = Requirement.objects.filter(kind="livestream").select_related("area").first()
    inspection = Inspection.objects.create(
        operator=operator,
        station=operator.area.station,
        source=Inspection.Source.TARGETED,
        planned_on=WINDOW.start,
    )
    item = InspectionItem.objects.create(
        inspection=inspection, requirement=requirement, text=requirement.text
    )
    from_item = finding(
        operator,
        WINDOW.start,
        inspection=inspection,
        inspection_item=item,
        severity=Finding.Severity.SERIOUS,
        kind="livestream",
    )
    # Recorded with its area and no kind: the operator does both and nothing said which.
    free = finding(operator, WINDOW.end, area=area("site"))
    got = facts.findings_for(operator.pk, WINDOW)
    assert [f.ref for f in got] == [Ref("supervision.finding", from_item.pk), Ref.of(free)]
    first = got[0]
    assert (first.severity, first.area, first.kind) == (
        "serious",
        requirement.area.code,
        "livestream",
    )
    assert first.inspection == Ref.of(inspection) and first.sample is None
    assert (got[1].area, got[1].kind) == ("site", None)
    assert got[1].counts_for_both and got[1].counts_for("group_buying")
    assert not first.counts_for_both and not first.counts_for("group_buying")
    with pytest.raises(AttributeError):
        first.severity = "minor"  # frozen


def test_an_order_says_when_and_how_long_it_is_overdue():
    operator = OperatorFactory()
    late = order(operator, date(2026, 3, 2), date(2026, 3, 10))
    done = order(
        operator,
        date(2026, 3, 3),
        date(2026, 3, 10),
        status=RectificationOrder.Status.VERIFIED,
        verified_on=date(2026, 3, 9),
    )
    got = {f.ref: f for f in facts.orders_for(operator.pk, WINDOW)}
    fact = got[Ref.of(late)]
    assert fact.overdue and fact.due_on == date(2026, 3, 10)
    assert fact.overdue_working_days == working_days_between(date(2026, 3, 10), WINDOW.end).value
    assert fact.finding == Ref.of(late.finding)
    assert not got[Ref.of(done)].overdue and got[Ref.of(done)].verified_on == date(2026, 3, 9)
    assert got[Ref.of(done)].overdue_working_days == 0
    # Asked on another day: not overdue yet on its deadline.
    (early,) = [
        f for f in facts.orders_for(operator.pk, WINDOW, on=date(2026, 3, 10)) if f.ref == fact.ref
    ]
    assert not early.overdue


def test_samples_cases_and_vetoes():
    operator = OperatorFactory()
    failed = sample(operator, WINDOW.start)
    sample(operator, WINDOW.start, result=Sample.Result.PENDING)  # no result yet: no evidence
    (got,) = facts.samples_for(operator.pk, WINDOW)
    assert (got.ref, got.result, got.failed_items) == (Ref.of(failed), "fail", "菌落总数")
    decided = case(
        operator,
        WINDOW.start,
        status=Case.Status.DECIDED,
        decided_on=WINDOW.end,
        penalty="罚款",
        amount=Decimal("5000.00"),
        veto_kind=VetoKind.HEALTH_HAZARD,
    )
    case(operator, None, status=Case.Status.CLUE)
    (got,) = facts.cases_for(operator.pk, WINDOW)
    assert (got.ref, got.decided_on, got.amount) == (Ref.of(decided), WINDOW.end, Decimal("5000"))
    assert got.veto_kind == "health_hazard" and got.penalty == "罚款"
    confirmed = veto(operator, WINDOW.start)
    veto(operator, WINDOW.start, status=VetoEvent.Status.PROPOSED)
    (got,) = facts.confirmed_vetoes_for(operator.pk, WINDOW)
    assert got.ref == Ref.of(confirmed) and got.veto_kind == "health_hazard"
    assert got.decided_on == date(2026, 4, 1)  # the local day, not UTC's


def test_contradictions_link_the_finding_and_the_answer(campaign_2026):
    operator = OperatorFactory()
    enrolment = Enrolment.objects.create(
        campaign=campaign_2026, operator=operator, kind="livestream"
    )
    inspection = SelfInspection.objects.create(
        enrolment=enrolment, status=SelfInspection.Status.ACCEPTED
    )
    requirement = Requirement.objects.filter(
        area__guide=campaign_2026.guide, kind="livestream"
    ).first()
    answer = Answer.objects.create(
        inspection=inspection, requirement=requirement, result=Answer.Result.COMPLIANT
    )
    found = finding(operator, WINDOW.end)
    contradiction = Contradiction.objects.create(
        finding=found, answer=answer, operator=operator, recorded_on=WINDOW.end
    )
    Contradiction.objects.create(
        finding=finding(operator, WINDOW.end + DAY),
        answer=answer,
        operator=operator,
        recorded_on=WINDOW.end + DAY,
    )
    (got,) = facts.contradictions_for(operator.pk, WINDOW)
    assert got.ref == Ref.of(contradiction)
    assert (got.finding, got.answer) == (Ref.of(found), Ref("selfcheck.answer", answer.pk))
    assert (got.requirement_code, got.area, got.kind) == (
        requirement.code,
        requirement.area.code,
        "livestream",
    )


# --- bulk: every asked operator, a constant number of queries ---------------------------------


def test_every_asked_operator_is_answered():
    quiet, busy = OperatorFactory(), has_everything()
    got = facts.findings([quiet.pk, busy.pk, busy.pk], WINDOW)
    assert list(got) == [quiet.pk, busy.pk] and got[quiet.pk] == ()
    with pytest.raises(TypeError):
        facts.findings(quiet.pk, WINDOW)  # one id goes to findings_for


@pytest.mark.parametrize(
    "bulk, queries",
    [
        (facts.findings, 1),
        (facts.orders, 3),  # the orders, then the working-day calendar (two small tables)
        (facts.samples, 1),
        (facts.cases, 1),
        (facts.confirmed_vetoes, 1),
    ],
)
def test_bulk_queries_do_not_grow_with_operators(bulk, queries):
    late = lambda: has_everything(WINDOW.start)  # noqa: E731 - its order is overdue at the end
    assert assert_constant_queries(bulk, late) == queries


def test_contradictions_in_constant_queries(campaign_2026):
    requirement = Requirement.objects.filter(area__guide=campaign_2026.guide).first()

    def contradicted():
        operator = OperatorFactory()
        enrolment = Enrolment.objects.create(
            campaign=campaign_2026, operator=operator, kind="livestream"
        )
        inspection = SelfInspection.objects.create(enrolment=enrolment, status="accepted")
        answer = Answer.objects.create(inspection=inspection, requirement=requirement)
        Contradiction.objects.create(
            finding=finding(operator, WINDOW.start),
            answer=answer,
            operator=operator,
            recorded_on=WINDOW.start,
        )
        return operator

    assert assert_constant_queries(facts.contradictions, contradicted) == 1


def test_one_operator_costs_what_many_do():
    operator = has_everything()
    count, _ = counted(lambda: facts.samples_for(operator.pk, WINDOW))
    assert count == 1


def test_overdue_working_days_agree_with_the_calendar_across_holidays():
    # Due dates before, across and after the 2026 Spring Festival and Qingming holidays.
    operator = OperatorFactory()
    on = date(2026, 4, 30)
    dues = [date(2026, 1, 30), date(2026, 2, 14), date(2026, 2, 20), date(2026, 4, 3), on - DAY]
    for due in dues:
        order(operator, date(2026, 1, 5), due)
    got = facts.orders_for(operator.pk, Window(date(2026, 1, 1), on))
    assert sorted(f.overdue_working_days for f in got) == sorted(
        working_days_between(due, on).value for due in dues
    )
    assert all(f.overdue for f in got)


def test_key_targets_in_force_on_the_day():
    operator, other = OperatorFactory(), OperatorFactory()
    on = date(2026, 3, 15)
    S = WatchEntry.Source

    def watch(who, starts_on, ends_on=None, source=S.STATION):
        return WatchEntry.objects.create(
            operator=who, reason="投诉较多", source=source, starts_on=starts_on, ends_on=ends_on
        )

    open_ended = watch(operator, on, source=S.COMPLAINTS)  # from today
    ends_today = watch(operator, date(2026, 1, 1), on)
    watch(operator, on + DAY)  # not yet
    watch(operator, date(2026, 1, 1), on - DAY)  # over
    watch(other, date(2026, 1, 1), on - DAY)
    assert set(WatchEntry.objects.active(on)) == {open_ended, ends_today}
    got = facts.key_targets([operator.pk, other.pk], on)
    assert [f.ref for f in got[operator.pk]] == [Ref.of(ends_today), Ref.of(open_ended)]
    assert got[other.pk] == ()
    assert (
        assert_constant_queries(
            lambda ids, window: facts.key_targets(ids, window.start),
            lambda: watch(OperatorFactory(), WINDOW.start).operator,
        )
        == 1
    )


def test_supervision_reads_self_inspections_only_through_selfcheck_facts():
    """The one cross-app read before the facts (the contradictions' answers) stays gone."""
    import ast
    from pathlib import Path

    import fangxin.supervision

    root = Path(fangxin.supervision.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "fangxin.selfcheck.models"
            ):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
