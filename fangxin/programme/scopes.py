"""Which programme rows each role sees (``fangxin.core.scoping``); imported once by the app."""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models import Campaign, Enrolment, Training


def everything(user) -> Q:
    return Q()


def enrolled(user) -> Q:
    return Q(status=Enrolment.Status.ENROLLED)


def station_sessions(user) -> Q:
    # Sessions the office organises concern every station.
    return Q(station_id=user.station_id) | Q(station__isnull=True)


def own_sessions(user) -> Q:
    return Q(invited=user.operator_id) | Q(attended=user.operator_id)


OUTSIDE_ROLES = (Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR)

# Campaigns and the guide are public programme documents.
scoping.register(Campaign, public=Q(), roles=dict.fromkeys(Role, everything))
scoping.register(
    Enrolment,
    area="operator__area",
    operator="operator_id",
    roles=dict.fromkeys(OUTSIDE_ROLES, enrolled),
)
scoping.register(
    Training,
    roles={
        Role.STATION: station_sessions,
        Role.INSPECTOR: station_sessions,
        Role.OPERATOR: own_sessions,
    },
)


def training_station(user):
    """The station a training session a user records belongs to: a station's own; the
    office's sessions concern every station (None)."""
    return user.station if user.role == Role.STATION else None


def enrolment_areas(user):
    """The areas a user picks from when enrolling a whole area: a station's own, the
    office's all of them."""
    from fangxin.core.models import Area

    areas = Area.objects.order_by("code")
    if user.role == Role.STATION:
        areas = areas.filter(station_id=user.station_id)
    return areas
