"""The registry's actions and the roles that may take them, as the plan says; and the
object-level limits (a station's jurisdiction, an operator's own record)."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from fangxin.core.permissions import roles_holding
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.registry import services
from fangxin.registry.masking import may_see_personal_data
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

STAFF = {"office", "station", "inspector", "partner", "evaluator", "association", "monitor"}

EXPECTED = {
    "registry.browse_operators": STAFF | {"operator"},
    "registry.view_own_profile": {"operator"},
    "registry.follow_timeline_links": STAFF,
    "registry.register_operator": {"office", "station"},
    "registry.edit_operator": {"office", "station", "operator"},
    "registry.edit_regulated_fields": {"office", "station"},
    "registry.place_premises": {"office", "station", "operator"},
    "registry.set_risk_class": {"office"},
    "registry.confirm_operator": {"office", "station"},
    "registry.resubmit_application": {"operator"},
    "registry.approve_profile_change": {"office", "station"},
    "registry.import_operator": {"office", "station"},
    "registry.export_operator": {"office", "station"},
    "registry.view_personal_data": {"office", "station", "operator"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_roles_holding_each_permission(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_every_registry_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("registry.")}
    assert registered == set(EXPECTED)


@pytest.mark.django_db
def test_station_may_not_confirm_another_stations_operator(make_user):
    theirs = OperatorFactory(status=Operator.Status.APPLIED)
    station = make_user(Role.STATION)
    assert station.has_perm("registry.confirm_operator")
    assert not station.has_perm("registry.confirm_operator", theirs)
    with pytest.raises(PermissionDenied, match="该经营主体不在您的管辖范围内。"):
        services.confirm_application(station, theirs)
    theirs.refresh_from_db()
    assert theirs.status == Operator.Status.APPLIED


@pytest.mark.django_db
def test_station_registers_only_in_its_own_areas(make_user):
    station = make_user(Role.STATION)
    own, other = AreaFactory(station=station.station), AreaFactory()
    assert station.has_perm("registry.register_operator", own)
    assert not station.has_perm("registry.register_operator", other)
    assert not station.has_perm("registry.place_premises", other)


@pytest.mark.django_db
def test_operator_edits_only_itself_and_sees_only_its_own_personal_data(make_user):
    mine, other = OperatorFactory(), OperatorFactory()
    user = make_user(Role.OPERATOR, operator=mine)
    assert user.has_perm("registry.edit_operator", mine)
    assert not user.has_perm("registry.edit_operator", other)
    assert not user.has_perm("registry.edit_regulated_fields", mine)
    assert may_see_personal_data(user, mine)
    assert not may_see_personal_data(user, other)
    with pytest.raises(PermissionDenied, match="该经营主体不在您的管辖范围内。"):
        services.update_operator(user, other, contact_name="x")


@pytest.mark.django_db
def test_personal_data_only_for_the_responsible_station(make_user):
    operator = OperatorFactory()
    assert may_see_personal_data(make_user(Role.STATION, station=operator.area.station), operator)
    assert not may_see_personal_data(make_user(Role.STATION), operator)
    assert not may_see_personal_data(
        make_user(Role.INSPECTOR, station=operator.area.station), operator
    )


@pytest.mark.django_db
def test_inspector_may_not_confirm_even_in_its_own_station(make_user):
    operator = OperatorFactory(status=Operator.Status.APPLIED)
    inspector = make_user(Role.INSPECTOR, station=operator.area.station)
    with pytest.raises(PermissionDenied, match="您无权执行此操作。"):
        services.confirm_application(inspector, operator)


@pytest.mark.django_db
def test_station_may_not_resubmit_for_the_operator(make_user):
    operator = OperatorFactory(status=Operator.Status.REJECTED)
    station = make_user(Role.STATION, station=operator.area.station)
    with pytest.raises(PermissionDenied, match="只有经营主体本身可以重新提交申请。"):
        services.resubmit_application(station, operator)


@pytest.mark.django_db
def test_no_model_permission_shares_a_name_with_an_action(db):
    """A group's model permission would answer the role-level question for any object."""
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="registry").values_list(
            "codename", flat=True
        )
    )
    assert not {name.split(".", 1)[1] for name in EXPECTED} & codenames
