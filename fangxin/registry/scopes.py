"""Which registry rows each role sees (``fangxin.core.scoping``); imported once by the app."""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models import (
    GroupLeader,
    Licence,
    Operator,
    OperatorEvent,
    PickupPoint,
    PlatformAccount,
    ProfileChange,
    Studio,
)


def active_pool(user) -> Q:
    return Q(status=Operator.Status.ACTIVE)


# Outside roles see the pool of active operators (names and kinds; personal data stays
# masked, see fangxin.registry.masking); the public sees none of the registry itself.
OUTSIDE = {
    Role.PARTNER: active_pool,
    Role.EVALUATOR: active_pool,
    Role.ASSOCIATION: active_pool,
    Role.MONITOR: active_pool,
}

scoping.register(Operator, area="area", operator="pk", roles=OUTSIDE)
for child in (
    OperatorEvent,
    Licence,
    PlatformAccount,
    Studio,
    PickupPoint,
    GroupLeader,
    ProfileChange,
):
    scoping.register(child, area="operator__area", operator="operator_id")


def areas_for(user):
    """The areas a user picks from when placing an operator or its premises: a station's own,
    everyone else's all of them."""
    from fangxin.core.models import Area

    areas = Area.objects.select_related("station").order_by("code")
    if user.role == Role.STATION:
        areas = areas.filter(station_id=user.station_id)
    return areas


def stations_for(user):
    """The stations offered in the operator list's filter: a station only its own."""
    from fangxin.core.models import Station

    stations = Station.objects.all()
    if user.role == Role.STATION:
        stations = stations.filter(pk=user.station_id)
    return stations
