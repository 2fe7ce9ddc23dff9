import pytest

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services


@pytest.fixture
def county(changxing, make_user):
    """Operators in two stations' areas, and two inspectors in each of three stations."""
    stations = list(Station.objects.order_by("code")[:3])
    operators = []
    for station in stations[:2]:
        area = station.areas.first()
        operators += [OperatorFactory(area=area, risk_class=cls) for cls in "AABBCCDD"]
    inspectors = [
        make_user(Role.INSPECTOR, station=station) for station in stations for _ in range(2)
    ]
    return stations, operators, inspectors


def plan_for(office, **rules):
    return services.create_plan(
        office,
        name="2026年第一批双随机抽查",
        free_items=["营业执照亮照亮证情况", "进货查验记录"],
        rules={"quotas": {"A": 0.5, "B": 0.5, "C": 1, "D": 1}, **rules},
    )
