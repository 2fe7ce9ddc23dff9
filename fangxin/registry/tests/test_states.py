"""An operator's standing and a profile change move only along their tables, each move writing one
timeline line whose ``data`` says what moved, from, to; and the timeline's kinds are choices."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from fangxin.core.roles import Role
from fangxin.registry import services, states
from fangxin.registry.models import Operator, OperatorEvent, ProfileChange
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def last_move(obj) -> dict:
    rows = OperatorEvent.objects.filter(
        data__model=obj._meta.label_lower, data__id=obj.pk, data__field="status"
    )
    return rows.latest("pk").data


def test_operator_moves_write_one_structured_line_each(make_user):
    operator = OperatorFactory(status=Operator.Status.APPLIED)
    office = make_user(Role.OFFICE)
    applicant = make_user(Role.OPERATOR, operator=operator)
    steps = [
        (lambda: services.reject_application(office, operator, "地址不符"), "rejected"),
        (lambda: services.resubmit_application(applicant, operator), "applied"),
        (lambda: services.confirm_application(office, operator), "active"),
        (
            lambda: services.change_status(office, operator, "suspended", "抽查发现问题"),
            "suspended",
        ),
        (lambda: services.change_status(office, operator, "active", "整改完毕"), "active"),
        (lambda: services.change_status(office, operator, "left", "主动退出"), "left"),
    ]
    for step, target in steps:
        before, count = operator.status, operator.events.count()
        step()
        assert operator.events.count() == count + 1
        data = last_move(operator)
        assert (data["from"], data["to"], data["field"]) == (before, target, "status")
        assert data["model"] == "registry.operator" and data["id"] == operator.pk
        assert states.OPERATOR.allows(before, target)
    kinds = list(operator.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["rejected", "applied", "confirmed", "status", "status", "status"]


def test_an_illegal_operator_move_is_refused_and_changes_nothing(make_user):
    operator = OperatorFactory(status=Operator.Status.LEFT, status_reason="主动退出")
    with pytest.raises(ValidationError) as refused:
        services.change_status(make_user(Role.OFFICE), operator, "suspended", "抽查发现问题")
    assert refused.value.messages == ["状态为“已退出”的经营主体不能变为“暂停”。"]
    operator.refresh_from_db()
    assert (operator.status, operator.status_reason) == ("left", "主动退出")
    assert not operator.events.exists()


def test_a_profile_change_is_decided_once_with_one_line(make_user):
    operator = OperatorFactory(name="旧名称有限公司")
    me = make_user(Role.OPERATOR, operator=operator)
    station_user = make_user(Role.STATION, station=operator.area.station)
    change = services.request_profile_change(me, operator, new_name="新名称有限公司")
    count = operator.events.count()
    services.decide_profile_change(station_user, change, approve=False, reason="证明材料不全")
    assert operator.events.count() == count + 1
    data = last_move(change)
    assert (data["from"], data["to"], data["approved"]) == ("pending", "rejected", False)
    assert operator.events.latest("pk").kind == OperatorEvent.Kind.CHANGE_DECIDED

    with pytest.raises(ValidationError):
        services.decide_profile_change(station_user, change, approve=True)
    change.refresh_from_db()
    operator.refresh_from_db()
    assert change.status == ProfileChange.Status.REJECTED and operator.name == "旧名称有限公司"
    with pytest.raises(ValidationError) as refused:
        services.move(change, "approved", table=states.PROFILE_CHANGE, by=station_user)
    assert refused.value.messages == ["状态为“已驳回”的名称/代码变更申请不能变为“已同意”。"]


def test_every_kind_written_is_a_choice(make_user):
    operator = OperatorFactory(status=Operator.Status.APPLIED)
    services.confirm_application(make_user(Role.OFFICE), operator)
    for kind in OperatorEvent.objects.values_list("kind", flat=True):
        assert kind in OperatorEvent.Kind.values


def test_the_timeline_migration_backfills_and_reverses_exactly():
    migration = importlib.import_module(
        "fangxin.registry.migrations.0004_operatorevent_kind_choices"
    )
    operator = OperatorFactory()
    rows = [
        OperatorEvent(operator=operator, kind="order", summary="a", data={"order": 7}),
        OperatorEvent(operator=operator, kind="case", summary="b", data={"about": ["x.y", 3]}),
        OperatorEvent(operator=operator, kind="status", summary="c", data={"from": "a", "to": "b"}),
        OperatorEvent(operator=operator, kind="gone_kind", summary="d", data={}),
        OperatorEvent(operator=operator, kind="profile", summary="e", data={"fields": ["name"]}),
    ]
    for row in rows:
        row.occurred_at = operator.created_at
    OperatorEvent.objects.bulk_create(rows)
    before = list(OperatorEvent.objects.order_by("pk").values("kind", "data"))

    migration.forward(apps, None)
    after = list(OperatorEvent.objects.order_by("pk").values("kind", "data"))
    assert after[0]["data"]["model"] == "supervision.rectificationorder"
    assert after[0]["data"]["id"] == 7
    assert (after[1]["data"]["model"], after[1]["data"]["id"]) == ("x.y", 3)
    assert after[2]["data"]["model"] == "registry.operator"
    assert after[2]["data"]["field"] == "status"
    assert after[3]["kind"] == "other" and after[3]["data"]["legacy_kind"] == "gone_kind"
    assert after[4] == before[4]

    migration.backward(apps, None)
    assert list(OperatorEvent.objects.order_by("pk").values("kind", "data")) == before
