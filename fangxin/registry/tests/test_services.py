import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.registry import services
from fangxin.registry.models import Operator, ProfileChange
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.registry.uscc import make

pytestmark = pytest.mark.django_db(transaction=True)


def application(area, **extra):
    data = {
        "username": "shop1",
        "password": "a-Strong-pass-123",
        "email": "shop1@example.com",
        "name": "长兴申请测试电商有限公司",
        "uscc": make("91330522MA0000001"),
        "livestream": True,
        "legal_rep_name": "李四",
        "contact_phone": "13912345678",
        "area": area,
    }
    data.update(extra)
    return data


def test_apply_confirm_flow_notifies_station_and_operator(make_user):
    area = AreaFactory()
    station_user = make_user(Role.STATION, station=area.station, email="st@example.com")
    operator = services.apply_online(**application(area))
    assert operator.status == Operator.Status.APPLIED
    assert Notification.objects.filter(user=station_user).count() == 1
    assert mail.outbox[0].to == ["st@example.com"]
    services.confirm_application(station_user, operator)
    operator.refresh_from_db()
    assert operator.status == Operator.Status.ACTIVE
    applicant = operator.users.get()
    assert Notification.objects.filter(user=applicant, subject="培育申请已通过").exists()
    kinds = list(operator.events.order_by("occurred_at").values_list("kind", flat=True))
    assert kinds == ["applied", "confirmed"]


def test_reject_needs_a_reason_and_operator_sees_it(make_user):
    area = AreaFactory()
    station_user = make_user(Role.STATION, station=area.station)
    operator = services.apply_online(**application(area))
    with pytest.raises(ValidationError):
        services.reject_application(station_user, operator, "  ")
    services.reject_application(station_user, operator, "经营地址不在本县")
    operator.refresh_from_db()
    assert operator.status == Operator.Status.REJECTED
    assert operator.status_reason == "经营地址不在本县"
    applicant = operator.users.get()
    services.resubmit_application(applicant, operator)
    assert Operator.objects.get(pk=operator.pk).status == Operator.Status.APPLIED


def test_other_station_cannot_confirm(make_user):
    area = AreaFactory()
    operator = services.apply_online(**application(area))
    with pytest.raises(PermissionDenied):
        services.confirm_application(make_user(Role.STATION), operator)
    assert Operator.objects.get(pk=operator.pk).status == Operator.Status.APPLIED


def test_invalid_application_writes_nothing(make_user):
    area = AreaFactory()
    with pytest.raises(ValidationError):
        services.apply_online(**application(area, uscc="91330522MA00000019"))
    assert Operator.objects.count() == 0


def test_station_registers_only_in_its_own_area(make_user):
    area = AreaFactory()
    station_user = make_user(Role.STATION, station=area.station)
    fields = {
        "name": "直接登记有限公司",
        "uscc": make("91330522MA0000002"),
        "group_buying": True,
        "legal_rep_name": "王五",
        "area": area,
    }
    operator = services.register_operator(station_user, **fields)
    assert operator.status == Operator.Status.ACTIVE
    with pytest.raises(PermissionDenied):
        services.register_operator(
            station_user, **{**fields, "uscc": make("91330522MA0000003"), "area": AreaFactory()}
        )


def test_disallowed_transition_is_refused_with_message(make_user):
    operator = OperatorFactory(status=Operator.Status.APPLIED)
    office = make_user(Role.OFFICE)
    with pytest.raises(ValidationError) as err:
        services.change_status(office, operator, Operator.Status.SUSPENDED, "抽查发现问题")
    assert "不能变为" in err.value.messages[0]
    services.confirm_application(office, operator)
    services.change_status(office, operator, Operator.Status.SUSPENDED, "抽查发现问题")
    assert Operator.objects.get(pk=operator.pk).status == Operator.Status.SUSPENDED


def test_operator_name_change_waits_for_station(make_user):
    operator = OperatorFactory(name="旧名称有限公司")
    me = make_user(Role.OPERATOR, operator=operator)
    station_user = make_user(Role.STATION, station=operator.area.station)
    services.update_operator(me, operator, name="新名称有限公司", contact_name="赵六")
    operator.refresh_from_db()
    assert operator.name == "旧名称有限公司"
    assert operator.contact_name == "赵六"
    change = ProfileChange.objects.get(operator=operator)
    services.decide_profile_change(station_user, change, approve=True)
    assert Operator.objects.get(pk=operator.pk).name == "新名称有限公司"


def test_operator_cannot_change_regulator_fields(make_user):
    operator = OperatorFactory()
    me = make_user(Role.OPERATOR, operator=operator)
    with pytest.raises(PermissionDenied):
        services.update_operator(me, operator, risk_class="A")
    with pytest.raises(PermissionDenied):
        services.update_operator(me, OperatorFactory(), contact_name="x")


def test_bad_phone_and_id_number_refused(make_user):
    operator = OperatorFactory()
    office = make_user(Role.OFFICE)
    with pytest.raises(ValidationError) as err:
        services.update_operator(office, operator, contact_phone="12345")
    assert "contact_phone" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.update_operator(office, operator, legal_rep_id_number="330522199001011234")
    assert "legal_rep_id_number" in err.value.message_dict
