"""Self-inspection's actions and the roles that may take them; and the object-level limits
(the operator fills only its own; it never reviews, a station reviews only its own)."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from fangxin.core.permissions import roles_holding
from fangxin.core.roles import Role
from fangxin.selfcheck import services
from fangxin.selfcheck.models import SelfInspection
from fangxin.selfcheck.tests.conftest import complete_answers

EXPECTED = {
    "selfcheck.fill": {"operator"},
    "selfcheck.submit": {"operator"},
    "selfcheck.report_rectification": {"operator"},
    "selfcheck.review": {"office", "station"},
    "selfcheck.view_progress": {"office", "station", "inspector"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_roles_holding_each_permission(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_every_selfcheck_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("selfcheck.")}
    assert registered == set(EXPECTED)


@pytest.fixture
def submitted(enrolled):
    user, station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    services.save_answers(user, inspection, complete_answers(inspection))
    services.submit(user, inspection)
    return user, station, inspection


@pytest.mark.django_db
def test_operator_may_not_accept_its_own_self_inspection(submitted):
    user, _station, inspection = submitted
    assert not user.has_perm("selfcheck.review", inspection)
    with pytest.raises(PermissionDenied, match="只有监管所可以审核自查。"):
        services.review(user, inspection, accept=True)
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.SUBMITTED


@pytest.mark.django_db
def test_another_station_may_not_review(submitted, make_user):
    _user, station, inspection = submitted
    stranger = make_user(Role.STATION)
    assert station.has_perm("selfcheck.review", inspection)
    assert not stranger.has_perm("selfcheck.review", inspection)
    with pytest.raises(PermissionDenied, match="该经营主体不在您的管辖范围内。"):
        services.review(stranger, inspection, accept=True)


@pytest.mark.django_db
def test_only_the_operator_itself_fills(enrolled, make_user):
    user, station, enrolment = enrolled
    other = make_user(Role.OPERATOR)
    assert user.has_perm("selfcheck.fill", enrolment)
    assert not other.has_perm("selfcheck.fill", enrolment)
    assert not station.has_perm("selfcheck.fill", enrolment)
    with pytest.raises(PermissionDenied, match="只有经营主体本身可以填写自查。"):
        services.start(station, enrolment)
