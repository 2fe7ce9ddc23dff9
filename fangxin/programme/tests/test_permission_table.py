"""The programme's actions and the roles that may take them; and the object-level limit of
enrolment (a station's jurisdiction)."""

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fangxin.core.permissions import roles_holding
from fangxin.core.roles import Role
from fangxin.programme import services
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory

EXPECTED = {
    "programme.create_campaign": {"office"},
    "programme.adjust_phase": {"office"},
    "programme.edit_guide": {"office"},
    "programme.enrol": {"office", "station"},
    "programme.enrol_late_without_reason": {"office"},
    "programme.apply_to_enrol": {"operator"},
    "programme.record_training": {"office", "station"},
    "programme.view_trainings": {"office", "station", "operator"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_roles_holding_each_permission(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_every_programme_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("programme.")}
    assert registered == set(EXPECTED)


@pytest.mark.django_db
def test_station_may_not_enrol_another_stations_operator(campaign, make_user):
    theirs = OperatorFactory(livestream=True)
    station = make_user(Role.STATION)
    assert station.has_perm("programme.enrol")
    assert not station.has_perm("programme.enrol", theirs)
    report = services.enrol(station, campaign, [theirs], "livestream", reason="补录")
    assert not report.enrolled
    assert not Enrolment.objects.filter(operator=theirs).exists()


@pytest.mark.django_db
def test_station_may_not_approve_another_stations_application(campaign, make_user):
    theirs = OperatorFactory(livestream=True)
    enrolment = Enrolment.objects.create(
        campaign=campaign, operator=theirs, kind="livestream", status=Enrolment.Status.APPLIED
    )
    station = make_user(Role.STATION)
    assert not station.has_perm("programme.enrol", enrolment.operator)
    with pytest.raises(PermissionDenied, match="该经营主体不在您的管辖范围内。"):
        services.approve_enrolment(station, enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPLIED


@pytest.mark.django_db
def test_operator_may_not_enrol_nor_record_training(campaign, make_user):
    user = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied, match="您无权确定培育对象。"):
        services.enrol(user, campaign, [user.operator], "livestream")
    with pytest.raises(PermissionDenied, match="您无权登记培训。"):
        services.record_training(user, held_on=timezone.localdate(), topic="t", place="p")


@pytest.mark.django_db
def test_station_may_not_create_a_campaign(make_user):
    with pytest.raises(PermissionDenied, match="只有领导小组办公室可以执行此操作。"):
        services.create_campaign(make_user(Role.STATION), 2031)
