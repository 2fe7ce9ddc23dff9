import pytest
from django.core.cache import cache

from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator(db):
    return OperatorFactory()


@pytest.fixture
def station_user(make_user, operator):
    return make_user(Role.STATION, station=operator.area.station)


def file_complaint(operator=None, **fields):
    from fangxin.complaints import services

    values = {
        "kind": "complaint",
        "channel": "web",
        "name": "张三",
        "phone": "13800001234",
        "category": "quality",
        "description": "直播间买的蜂蜜疑似掺假，要求退款。",
        "operator": operator,
        "operator_text": "" if operator else "某不知名直播间",
    }
    values.update(fields)
    return services.submit(**values).complaint
