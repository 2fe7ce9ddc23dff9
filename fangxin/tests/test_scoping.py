"""The one gate: who sees which operators."""

import pytest
from django.contrib.auth.models import AnonymousUser

from fangxin.core import scoping
from fangxin.core.models import CalendarDay
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas():
    a, b = AreaFactory(), AreaFactory()
    return (
        OperatorFactory(area=a),
        OperatorFactory(area=b),
        OperatorFactory(area=b, status=Operator.Status.APPLIED),
    )


def names(user):
    return set(scoping.visible(user, Operator).values_list("pk", flat=True))


def test_office_sees_everything(two_areas, make_user):
    assert names(make_user(Role.OFFICE)) == {o.pk for o in two_areas}


def test_station_sees_only_its_own_area(two_areas, make_user):
    mine, theirs, _applied = two_areas
    station_user = make_user(Role.STATION, station=mine.area.station)
    assert names(station_user) == {mine.pk}
    inspector = make_user(Role.INSPECTOR, station=theirs.area.station)
    assert theirs.pk in names(inspector)
    assert mine.pk not in names(inspector)


def test_operator_sees_only_itself(two_areas, make_user):
    mine, _theirs, _ = two_areas
    assert names(make_user(Role.OPERATOR, operator=mine)) == {mine.pk}


def test_outside_roles_see_the_active_pool_only(two_areas, make_user):
    mine, theirs, _applied = two_areas
    for role in (Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR):
        assert names(make_user(role)) == {mine.pk, theirs.pk}


def test_anonymous_and_inactive_see_nothing(two_areas, make_user):
    assert names(AnonymousUser()) == set()
    assert names(make_user(Role.OFFICE, is_active=False)) == set()


def test_user_without_role_sees_nothing(two_areas, make_user):
    assert names(make_user(role="")) == set()


def test_unregistered_model_is_office_only(make_user):
    CalendarDay.objects.create(date="2027-01-01", is_workday=False)
    assert scoping.visible(make_user(Role.OFFICE), CalendarDay).count() == 1
    assert scoping.visible(make_user(Role.STATION), CalendarDay).count() == 0


def test_narrows_a_given_queryset(two_areas, make_user):
    mine, *_ = two_areas
    user = make_user(Role.STATION, station=mine.area.station)
    qs = scoping.visible(user, Operator.objects.filter(status=Operator.Status.APPLIED))
    assert qs.count() == 0
    assert scoping.can_see(user, mine)
    assert not scoping.can_see(user, two_areas[1])
