"""Supervision's five status fields move only along their tables, one event row per move."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.models import OperatorEvent
from fangxin.registry.services import move
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services, states
from fangxin.supervision.models import (
    Case,
    DrawPlan,
    Finding,
    Inspection,
    RectificationOrder,
    VetoEvent,
)
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db

ON = date(2024, 2, 7)


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def operator(station):
    return OperatorFactory(area=AreaFactory(station=station))


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


def finding(user, operator, severity="minor"):
    return services.create_finding(
        user,
        operator,
        source=Finding.Source.INSPECTION,
        description="营业执照未在直播间亮照",
        severity=severity,
        found_on=ON,
        area_code="qualifications",
    )


class Moves:
    """The status moves the timeline recorded for one row, in order, checked against a table."""

    def __init__(self, obj, table):
        self.obj, self.table = obj, table
        self.seen = self._rows().count()

    def _rows(self):
        return OperatorEvent.objects.filter(
            data__model=self.obj._meta.label_lower, data__id=self.obj.pk, data__field="status"
        ).order_by("pk")

    def expect(self, old, new):
        """Exactly one new event row, carrying this move, which the table allows."""
        rows = list(self._rows())
        assert len(rows) == self.seen + 1, [r.data for r in rows]
        self.seen += 1
        data = rows[-1].data
        assert (data["from"], data["to"]) == (old, new)
        assert data["about"] == [self.obj._meta.label_lower, self.obj.pk]
        assert self.table.allows(old, new)
        self.obj.refresh_from_db()
        assert self.obj.status == new


def test_order_moves_write_one_event_each(station_user, operator, make_user):
    order = services.issue_order(
        station_user, finding(station_user, operator), "亮照", issued_on=ON
    )
    owner = make_user(Role.OPERATOR, operator=operator)
    moves = Moves(order, states.ORDER)
    services.answer_order(owner, order, "已亮照")
    moves.expect("issued", "answered")
    services.verify_order(station_user, order, accept=False, note="照片不清晰")
    moves.expect("answered", "rejected")
    services.answer_order(owner, order, "重新拍照")
    moves.expect("rejected", "answered")
    services.verify_order(station_user, order, accept=True)
    moves.expect("answered", "verified")
    # Issuing creates the order (a line, not a move); each of the four moves adds one line.
    assert operator.events.filter(kind=OperatorEvent.Kind.ORDER).count() == 5


def test_case_and_veto_moves_write_one_event_each(station_user, operator, make_user):
    case = services.open_case(station_user, operator, "销售过期食品", ON)
    moves = Moves(case, states.CASE)
    services.decide_filing(station_user, case, file=True, on=ON)
    moves.expect("clue", "filed")
    services.decide_case(
        station_user,
        case,
        decided_on=ON,
        penalty="罚款",
        decision_number="长市监罚〔2024〕1号",
        veto_kind="health_hazard",
    )
    moves.expect("filed", "decided")
    dropped = services.open_case(station_user, operator, "线索不实", ON)
    other = Moves(dropped, states.CASE)
    services.decide_filing(station_user, dropped, file=False, on=ON, reason="查无实据")
    other.expect("clue", "no_case")

    veto = VetoEvent.objects.get(case=case)
    vetoes = Moves(veto, states.VETO_EVENT)
    services.decide_veto(make_user(Role.OFFICE), veto, confirm=True, reason="已构成")
    vetoes.expect("proposed", "confirmed")


def test_inspection_moves_write_one_event_each(station_user, operator, make_user):
    inspectors = [make_user(Role.INSPECTOR, station=station_user.station) for _ in range(2)]
    task = services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=timezone.localdate(),
        free_items=["进货查验记录"],
    )
    moves = Moves(task, states.INSPECTION)
    record = dict(inspected_on=timezone.localdate(), results={}, conclusion="检查完毕")
    services.record_inspection(inspectors[0], task, **record)
    moves.expect("planned", "recorded")
    services.record_inspection(inspectors[0], task, **{**record, "conclusion": "更正"})
    moves.expect("recorded", "recorded")
    services.publish_inspection(station_user, task)
    moves.expect("recorded", "published")


def test_draw_plan_moves_are_in_the_table_and_audited(county, office):
    plan = plan_for(office)

    def audited_moves():
        return [
            tuple(entry.changes_dict["status"])
            for entry in LogEntry.objects.get_for_object(plan).order_by("pk")
            if "status" in entry.changes_dict and entry.action == LogEntry.Action.UPDATE
        ]

    services.freeze(office, plan)
    services.run_draw(office, plan, "03 07 12", "福彩3D")
    services.cancel(office, plan, "上级通知暂停")
    assert audited_moves() == [("draft", "frozen"), ("frozen", "drawn"), ("drawn", "cancelled")]
    assert all(states.DRAW_PLAN.allows(old, new) for old, new in audited_moves())


def test_an_illegal_move_is_refused_with_its_message_and_changes_nothing(station_user, operator):
    order = services.issue_order(
        station_user, finding(station_user, operator), "亮照", issued_on=ON
    )
    events = OperatorEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        move(order, RectificationOrder.Status.VERIFIED, table=states.ORDER, by=station_user)
    assert refused.value.messages == ["状态为“待整改”的责令整改不能变为“已核查销号”。"]
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.ISSUED
    assert OperatorEvent.objects.count() == events

    case = services.open_case(station_user, operator, "销售过期食品", ON)
    with pytest.raises(ValidationError, match="不能变为"):
        move(case, Case.Status.CLOSED, table=states.CASE, by=station_user, kind="case")
    case.refresh_from_db()
    assert case.status == Case.Status.CLUE

    plan = DrawPlan.objects.create(name="计划", rules={})
    with pytest.raises(ValidationError, match="不能变为"):
        move(plan, DrawPlan.Status.DRAWN, table=states.DRAW_PLAN)
    plan.refresh_from_db()
    assert plan.status == DrawPlan.Status.DRAFT


def test_inspection_has_no_approved_state():
    assert "approved" not in Inspection.Status.values
    assert "approved" not in states.INSPECTION.states
