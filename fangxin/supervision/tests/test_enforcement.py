"""After a finding: measures, rectification orders on working-day clocks, cases, veto events."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core import periods, workdays
from fangxin.core.models import Notification, PeriodRule
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services
from fangxin.supervision.models import (
    Case,
    Finding,
    Inspection,
    Measure,
    OrderResponse,
    RectificationOrder,
    VetoEvent,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CALENDAR = workdays.WorkCalendar()
BEFORE_SPRING_FESTIVAL = date(2024, 2, 7)  # Wednesday; holiday 10–17 Feb, make-up Sunday 18 Feb
BEFORE_NATIONAL_DAY = date(2024, 9, 27)  # Friday; holiday 1–7 Oct, make-up 29 Sep and 12 Oct


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def operator(station):
    return OperatorFactory(area=AreaFactory(station=station))


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


@pytest.fixture
def operator_user(make_user, operator):
    return make_user(Role.OPERATOR, operator=operator)


@pytest.fixture
def other_station_user(make_user):
    return make_user(Role.STATION, station=StationFactory())


def finding_of(user, operator, severity="minor", on=BEFORE_SPRING_FESTIVAL):
    return services.create_finding(
        user,
        operator,
        source=Finding.Source.INSPECTION,
        description="营业执照未在直播间亮照" if severity == "minor" else "销售过期食品",
        severity=severity,
        found_on=on,
        area_code="qualifications",
    )


@pytest.fixture
def minor(station_user, operator):
    return finding_of(station_user, operator)


@pytest.fixture
def serious(station_user, operator):
    return finding_of(station_user, operator, "serious")


@pytest.fixture
def order(station_user, minor):
    return services.issue_order(
        station_user, minor, "在直播间显著位置亮照", issued_on=BEFORE_SPRING_FESTIVAL
    )


# --- findings and measures -------------------------------------------------------------------


def test_create_finding_only_by_the_responsible_regulator_with_a_known_severity(
    station_user, operator, other_station_user, make_user
):
    for outsider in (
        other_station_user,
        make_user(Role.INSPECTOR, station=station_user.station),
        make_user(Role.OPERATOR, operator=operator),
    ):
        with pytest.raises(PermissionDenied):
            finding_of(outsider, operator)
    with pytest.raises(ValidationError):
        finding_of(station_user, operator, "grave")
    with pytest.raises(ValidationError):
        services.create_finding(
            station_user,
            operator,
            source=Finding.Source.COMPLAINT,
            description=" ",
            severity="minor",
            found_on=BEFORE_SPRING_FESTIVAL,
        )


def test_record_measure_interview_or_guidance(station_user, minor, other_station_user):
    measure = services.record_measure(
        station_user, minor, Measure.Kind.INTERVIEW, BEFORE_SPRING_FESTIVAL, " 约谈负责人 "
    )
    assert measure.summary == "约谈负责人" and measure.finding == minor
    assert minor.operator.events.filter(kind="measure").exists()
    with pytest.raises(ValidationError):
        services.record_measure(station_user, minor, "scolding", BEFORE_SPRING_FESTIVAL, "x")
    with pytest.raises(ValidationError):
        services.record_measure(station_user, minor, "guidance", BEFORE_SPRING_FESTIVAL, " ")
    with pytest.raises(PermissionDenied):
        services.record_measure(other_station_user, minor, "guidance", BEFORE_SPRING_FESTIVAL, "x")


# --- rectification orders --------------------------------------------------------------------


def test_issue_order_defaults_to_the_configured_working_days_skipping_spring_festival(order):
    rule = periods.rule_for("rectification_default", BEFORE_SPRING_FESTIVAL)
    assert order.working_days == rule.days == 10
    expected = CALENDAR.add_working_days(BEFORE_SPRING_FESTIVAL, rule.days)
    assert order.due_on == expected.value == date(2024, 2, 27)
    assert order.due_on != date(2024, 2, 21)  # a Monday–Friday count
    assert not order.due_provisional
    assert order.status == RectificationOrder.Status.ISSUED
    assert order.operator == order.finding.operator
    assert order.operator.events.filter(kind="order", data__order=order.pk).exists()


def test_issue_order_follows_the_period_version_in_force(station_user, minor):
    PeriodRule.objects.create(
        code="rectification_default",
        name="责令整改默认期限",
        days=7,
        unit=PeriodRule.Unit.WORKING_DAYS,
        source="本地工作规程（2025年修订）",
        effective_from=date(2025, 1, 1),
    )
    before = services.issue_order(station_user, minor, "亮照", issued_on=date(2024, 12, 2))
    after = services.issue_order(station_user, minor, "亮照", issued_on=date(2025, 3, 3))
    assert (before.working_days, after.working_days) == (10, 7)
    assert after.due_on == date(2025, 3, 12)


def test_issue_order_with_explicit_working_days_skips_national_day(station_user, minor):
    order = services.issue_order(
        station_user, minor, "亮照", working_days=5, issued_on=BEFORE_NATIONAL_DAY, number=" 责改1 "
    )
    assert order.due_on == CALENDAR.add_working_days(BEFORE_NATIONAL_DAY, 5).value
    assert order.due_on == date(2024, 10, 10)
    assert order.number == "责改1"
    with pytest.raises(ValidationError):
        services.issue_order(station_user, minor, "亮照", working_days=0)
    with pytest.raises(ValidationError):
        services.issue_order(station_user, minor, "  ")


def test_issue_order_defaults_to_today(station_user, minor):
    order = services.issue_order(station_user, minor, "亮照")
    assert order.issued_on == timezone.localdate()


def test_serious_findings_get_a_case_not_an_order(station_user, serious):
    with pytest.raises(ValidationError):
        services.issue_order(station_user, serious, "整改")
    assert not RectificationOrder.objects.exists()


def test_issue_order_only_by_the_responsible_regulator(minor, other_station_user, make_user):
    for outsider in (
        other_station_user,
        make_user(Role.INSPECTOR, station=minor.operator.area.station),
        make_user(Role.OPERATOR, operator=minor.operator),
    ):
        with pytest.raises(PermissionDenied):
            services.issue_order(outsider, minor, "整改")


def test_issue_order_tells_the_operator(
    station_user, minor, operator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_order(station_user, minor, "亮照", issued_on=BEFORE_SPRING_FESTIVAL)
    note = Notification.objects.get(user=operator_user)
    assert "2024-02-27" in note.body


def test_answer_order_only_by_the_operator_itself(
    order, station_user, make_user, operator_user, office
):
    for outsider in (
        station_user,
        office,
        make_user(Role.OPERATOR),
        make_user(Role.INSPECTOR, station=station_user.station),
    ):
        with pytest.raises(PermissionDenied):
            services.answer_order(outsider, order, "已整改")
    with pytest.raises(ValidationError):
        services.answer_order(operator_user, order, "  ")
    response = services.answer_order(
        operator_user, order, " 已亮照 ", uploads=[SimpleUploadedFile("亮照.png", PNG)]
    )
    assert response.text == "已亮照" and response.submitted_by == operator_user
    assert response.evidence.get().sha256 == hashlib.sha256(PNG).hexdigest()
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.ANSWERED
    with pytest.raises(ValidationError):
        services.answer_order(operator_user, order, "再次回复")  # waiting for verification


def test_answer_with_bad_evidence_changes_nothing(order, operator_user):
    with pytest.raises(ValidationError):
        services.answer_order(
            operator_user, order, "已亮照", uploads=[SimpleUploadedFile("x.png", b"not png")]
        )
    order.refresh_from_db()
    assert order.status == "issued" and not OrderResponse.objects.exists()


def test_answer_tells_the_station(
    order, operator_user, station_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_order(operator_user, order, "已亮照")
    assert Notification.objects.filter(user=station_user).exists()


def test_verify_accept_closes_the_order(order, operator_user, station_user, other_station_user):
    with pytest.raises(ValidationError):
        services.verify_order(station_user, order, True)  # nothing answered yet
    services.answer_order(operator_user, order, "已亮照")
    for outsider in (other_station_user, operator_user):
        with pytest.raises(PermissionDenied):
            services.verify_order(outsider, order, True)
    services.verify_order(station_user, order, True, "现场复查已整改")
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.VERIFIED
    assert order.verified_on == timezone.localdate()
    assert order.verification_note == "现场复查已整改"
    assert (
        not order.is_overdue(date(2030, 1, 1)) and order.overdue_working_days(date(2030, 1, 1)) == 0
    )
    with pytest.raises(ValidationError):
        services.answer_order(operator_user, order, "再来")
    with pytest.raises(ValidationError):
        services.verify_order(station_user, order, True)


def test_verify_reject_needs_a_note_and_sends_the_order_back(
    order, operator_user, station_user, django_capture_on_commit_callbacks
):
    services.answer_order(operator_user, order, "已亮照")
    with pytest.raises(ValidationError) as err:
        services.verify_order(station_user, order, False, " ")
    assert "note" in err.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_order(station_user, order, False, "直播画面中仍看不到营业执照")
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.REJECTED and order.verified_on is None
    assert Notification.objects.filter(user=operator_user, body__contains="仍看不到").exists()
    services.answer_order(operator_user, order, "已重新张贴")
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.ANSWERED
    assert order.responses.count() == 2
    services.verify_order(station_user, order, True)
    assert RectificationOrder.objects.get(pk=order.pk).status == "verified"


def test_mark_overdue_orders_marks_once_and_tells_station_and_operator(
    order, operator_user, station_user
):
    assert order.due_on == date(2024, 2, 27)
    assert services.mark_overdue_orders(date(2024, 2, 27)) == 0  # the due day itself is in time
    assert services.mark_overdue_orders(date(2024, 2, 28)) == 1
    order.refresh_from_db()
    assert order.overdue_since == date(2024, 2, 28)
    assert Notification.objects.filter(user=station_user, subject__contains="整改逾期").exists()
    assert Notification.objects.filter(user=operator_user, subject__contains="整改逾期").exists()
    assert order.operator.events.filter(kind="order", summary__contains="逾期").count() == 1
    before = Notification.objects.count()
    assert services.mark_overdue_orders(date(2024, 3, 5)) == 0
    assert Notification.objects.count() == before
    order.refresh_from_db()
    assert order.overdue_since == date(2024, 2, 28)


def test_closed_orders_never_turn_overdue(order, operator_user, station_user):
    services.answer_order(operator_user, order, "已亮照")
    services.verify_order(station_user, order, True)
    assert services.mark_overdue_orders(date(2024, 6, 1)) == 0


def test_overdue_working_days_count_the_holiday_calendar(station_user, minor):
    order = services.issue_order(
        station_user, minor, "亮照", working_days=5, issued_on=date(2024, 9, 20)
    )
    assert order.due_on == date(2024, 9, 27)
    assert order.overdue_working_days(date(2024, 9, 27)) == 0
    assert order.is_overdue(date(2024, 9, 28))
    assert order.overdue_working_days(date(2024, 9, 28)) == 0  # a Saturday
    assert order.overdue_working_days(date(2024, 9, 29)) == 1  # make-up Sunday
    assert order.overdue_working_days(date(2024, 10, 7)) == 2  # Golden Week
    assert order.overdue_working_days(date(2024, 10, 8)) == 3
    assert order.overdue_working_days(date(2024, 10, 8)) == (
        CALENDAR.working_days_between(order.due_on, date(2024, 10, 8)).value
    )


# --- cases -----------------------------------------------------------------------------------


@pytest.fixture
def case(station_user, serious):
    return services.open_case(
        station_user, serious.operator, " 销售过期食品 ", BEFORE_NATIONAL_DAY, finding=serious
    )


def test_open_case_must_decide_on_filing_within_15_working_days(case, serious):
    assert case.status == Case.Status.CLUE
    assert case.summary == "销售过期食品" and case.finding == serious
    assert case.decide_filing_by == CALENDAR.add_working_days(BEFORE_NATIONAL_DAY, 15).value
    assert case.decide_filing_by == date(2024, 10, 23)
    assert case.operator.events.filter(kind="case", data__case=case.pk).exists()


def test_open_case_needs_a_summary_and_jurisdiction(station_user, operator, other_station_user):
    with pytest.raises(ValidationError):
        services.open_case(station_user, operator, " ", BEFORE_NATIONAL_DAY)
    with pytest.raises(PermissionDenied):
        services.open_case(other_station_user, operator, "线索", BEFORE_NATIONAL_DAY)


def test_open_case_refuses_a_finding_of_another_operator(station_user, serious, station):
    other = OperatorFactory(area=serious.operator.area)
    with pytest.raises(ValidationError):
        services.open_case(station_user, other, "线索", BEFORE_NATIONAL_DAY, finding=serious)


def test_filing_period_extends_once_only(case, station_user):
    with pytest.raises(ValidationError):
        services.extend_filing(station_user, case, " ")
    services.extend_filing(station_user, case, "需要检验鉴定")
    case.refresh_from_db()
    assert case.filing_extended
    assert case.decide_filing_by == CALENDAR.add_working_days(BEFORE_NATIONAL_DAY, 30).value
    assert case.operator.events.filter(kind="case", summary__contains="需要检验鉴定").exists()
    with pytest.raises(ValidationError):
        services.extend_filing(station_user, case, "还要再延长")


def test_decide_filing_file_gives_90_calendar_days(case, station_user):
    filed = date(2024, 10, 20)
    services.decide_filing(station_user, case, True, filed)
    case.refresh_from_db()
    assert case.status == Case.Status.FILED and case.filed_on == filed
    assert case.decide_by == filed + timedelta(days=90) == date(2025, 1, 18)
    with pytest.raises(ValidationError):
        services.decide_filing(station_user, case, False, filed, "重复决定")
    with pytest.raises(ValidationError):
        services.extend_filing(station_user, case, "已立案后不能延长立案期限")


def test_no_case_needs_a_reason(case, station_user, other_station_user):
    with pytest.raises(ValidationError) as err:
        services.decide_filing(station_user, case, False, date(2024, 10, 10), " ")
    assert "reason" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        services.decide_filing(other_station_user, case, False, date(2024, 10, 10), "x")
    services.decide_filing(station_user, case, False, date(2024, 10, 10), "违法事实不成立")
    case.refresh_from_db()
    assert case.status == Case.Status.NO_CASE and case.no_case_reason == "违法事实不成立"
    assert case.decide_by is None


def decide(user, case, **kwargs):
    defaults = {
        "decided_on": date(2024, 12, 1),
        "penalty": "警告，罚款人民币二万元",
        "decision_number": "长市监处罚〔2024〕88号",
        "amount": Decimal("20000"),
    }
    return services.decide_case(user, case, **{**defaults, **kwargs})


def test_decide_case_only_when_filed_and_with_penalty_and_number(case, station_user):
    with pytest.raises(ValidationError):
        decide(station_user, case)  # still a clue
    services.decide_filing(station_user, case, True, date(2024, 10, 20))
    with pytest.raises(ValidationError):
        decide(station_user, case, penalty=" ")
    with pytest.raises(ValidationError):
        decide(station_user, case, decision_number="")
    with pytest.raises(ValidationError):
        decide(station_user, case, veto_kind="being_rude")
    decided = decide(station_user, case)
    decided.refresh_from_db()
    assert decided.status == Case.Status.DECIDED and decided.amount == Decimal("20000")
    assert decided.decided_on == date(2024, 12, 1) and not decided.veto_kind
    assert not VetoEvent.objects.exists()
    with pytest.raises(ValidationError):
        decide(station_user, case)  # once


def test_decide_case_with_a_veto_kind_proposes_a_veto_event(
    case, station_user, office, django_capture_on_commit_callbacks
):
    services.decide_filing(station_user, case, True, date(2024, 10, 20))
    with django_capture_on_commit_callbacks(execute=True):
        decide(station_user, case, veto_kind="health_hazard")
    event = VetoEvent.objects.get()
    assert event.status == VetoEvent.Status.PROPOSED
    assert event.source == VetoEvent.Source.CASE and event.case == case
    assert event.kind == "health_hazard" and event.operator == case.operator
    assert event.occurred_on == date(2024, 12, 1) and event.proposed_by == station_user
    assert Case.objects.get(pk=case.pk).veto_kind == "health_hazard"
    assert Notification.objects.filter(user=office, subject__contains="待认定").exists()
    assert case.operator.events.filter(kind="veto").exists()


@pytest.fixture
def proposal(station_user, operator):
    return services.propose_veto(
        station_user,
        operator,
        "counterfeit_or_fake_orders",
        "组织刷单炒信",
        date(2024, 12, 1),
        VetoEvent.Source.STATION,
    )


def test_propose_veto_checks_kind_source_and_facts(station_user, operator, other_station_user):
    def propose(user=station_user, kind="prohibited_goods", text="销售管制刀具", source="station"):
        return services.propose_veto(user, operator, kind, text, date(2024, 12, 1), source)

    for bad in ({"kind": "rudeness"}, {"text": " "}, {"source": "rumour"}):
        with pytest.raises(ValidationError):
            propose(**bad)
    with pytest.raises(PermissionDenied):
        propose(user=other_station_user)
    assert propose().status == "proposed"
    system = services.propose_veto(
        None, operator, "credit_listing", "列入经营异常名录", date(2024, 12, 1), "credit"
    )
    assert system.proposed_by is None


def test_decide_veto_only_by_the_office_with_a_reason_and_only_once(proposal, office, station_user):
    with pytest.raises(PermissionDenied):
        services.decide_veto(station_user, proposal, True, "属实")
    with pytest.raises(ValidationError):
        services.decide_veto(office, proposal, True, " ")
    services.decide_veto(office, proposal, True, " 经核实属实 ")
    proposal.refresh_from_db()
    assert proposal.status == VetoEvent.Status.CONFIRMED
    assert proposal.decided_by == office and proposal.decided_at is not None
    assert proposal.decision_reason == "经核实属实"
    assert proposal.operator.events.filter(kind="veto", summary__contains="认定").exists()
    with pytest.raises(ValidationError):
        services.decide_veto(office, proposal, False, "改判")
    with pytest.raises(ValidationError):
        services.decide_veto(office, VetoEvent.objects.get(pk=proposal.pk), False, "改判")
    assert VetoEvent.objects.get(pk=proposal.pk).status == "confirmed"


def test_decide_veto_may_reject(proposal, office):
    services.decide_veto(office, proposal, False, "证据不足")
    assert VetoEvent.objects.get(pk=proposal.pk).status == VetoEvent.Status.REJECTED


# --- who sees what ---------------------------------------------------------------------------


def test_an_operator_sees_its_findings_and_orders_but_no_cases_and_only_confirmed_vetoes(
    order, case, proposal, office, operator_user, station_user, make_user
):
    rejected = services.propose_veto(
        station_user, order.operator, "prohibited_content", "直播涉黄", date(2024, 12, 2), "station"
    )
    services.decide_veto(office, rejected, False, "不属实")
    services.decide_veto(office, proposal, True, "属实")
    services.propose_veto(
        station_user,
        order.operator,
        "prohibited_goods",
        "销售管制刀具",
        date(2024, 12, 3),
        "station",
    )
    assert set(visible(operator_user, Finding)) == set(Finding.objects.all())
    assert list(visible(operator_user, RectificationOrder)) == [order]
    assert not visible(operator_user, Case).exists()
    assert list(visible(operator_user, VetoEvent)) == [proposal]

    stranger = make_user(Role.OPERATOR)
    for model in (Finding, RectificationOrder, Case, VetoEvent, Inspection):
        assert not visible(stranger, model).exists()
    assert list(visible(station_user, Case)) == [case]
    assert visible(station_user, VetoEvent).count() == 3
    other_station = make_user(Role.STATION, station=StationFactory())
    for model in (Finding, RectificationOrder, Case, VetoEvent):
        assert not visible(other_station, model).exists()


def test_an_order_answered_in_time_is_not_overdue_while_the_station_checks(order, operator_user):
    services.answer_order(operator_user, order, "已整改")
    late = order.due_on + timedelta(days=30)
    assert not RectificationOrder.objects.get(pk=order.pk).is_overdue(late)
    assert services.mark_overdue_orders(late) == 0


def test_suspension_days_do_not_count_against_the_decision_deadline(case, station_user):
    services.decide_filing(station_user, case, True, date(2024, 3, 1))
    case.refresh_from_db()
    due = case.decide_by
    with pytest.raises(ValidationError):
        services.suspend_case(station_user, case, 10, "")
    services.suspend_case(station_user, case, 10, "送检鉴定")
    case.refresh_from_db()
    assert case.decide_by == due + timedelta(days=10)
    assert case.suspended_days == 10
    assert "送检鉴定" in case.operator.events.filter(kind="case").first().summary
