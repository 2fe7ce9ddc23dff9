import pytest

from fangxin.core.roles import Role
from fangxin.registry.masking import mask_id_number, mask_phone, masked
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_mask_shapes():
    assert mask_id_number("330522199001011231") == "330522********1231"
    assert mask_phone("13905720001") == "139****0001"
    assert mask_phone("") == ""


def test_who_sees_personal_data(make_user):
    operator = OperatorFactory()
    full = operator.legal_rep_id_number
    assert masked(make_user(Role.OFFICE), operator, "legal_rep_id_number") == full
    own_station = make_user(Role.STATION, station=operator.area.station)
    assert masked(own_station, operator, "legal_rep_id_number") == full
    assert masked(make_user(Role.OPERATOR, operator=operator), operator, "contact_phone") == (
        operator.contact_phone
    )
    for user in (
        make_user(Role.STATION),
        make_user(Role.INSPECTOR, station=operator.area.station),
        make_user(Role.MONITOR),
        make_user(Role.PARTNER),
    ):
        assert masked(user, operator, "legal_rep_id_number") != full
        assert "*" in masked(user, operator, "contact_phone")
