import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from fangxin.core.models import User
from fangxin.core.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_with_exactly_its_permissions():
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(codes)


def test_user_group_follows_role(make_user):
    user = make_user(Role.STATION)
    assert list(user.groups.values_list("name", flat=True)) == ["station"]
    assert user.has_perm("registry.confirm_operator")
    user.role = Role.MONITOR
    user.save()
    user = User.objects.get(pk=user.pk)
    assert list(user.groups.values_list("name", flat=True)) == ["monitor"]
    assert not user.has_perm("registry.confirm_operator")


def test_station_roles_require_a_station():
    with pytest.raises(ValidationError) as err:
        User(username="x", role=Role.INSPECTOR).full_clean()
    assert "station" in err.value.message_dict


def test_partner_and_operator_require_their_binding():
    with pytest.raises(ValidationError) as err:
        User(username="p", role=Role.PARTNER).full_clean()
    assert "partner_department" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        User(username="o", role=Role.OPERATOR).full_clean()
    assert "operator" in err.value.message_dict


def test_office_users_reach_the_admin(client, make_user):
    office = make_user(Role.OFFICE, is_staff=False)
    assert User.objects.get(pk=office.pk).is_staff
    client.force_login(office)
    assert client.get("/admin/core/calendarday/").status_code == 200
    assert client.get("/admin/core/periodrule/").status_code == 200
    client.force_login(make_user(Role.STATION))
    assert client.get("/admin/").status_code == 302  # not staff: sent to the admin login
