"""Which complaints rows each role sees (``fangxin.core.scoping``); imported once by the app."""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from . import states
from .models import Complaint, ComplaintEvidence, FollowUp


def handling_station(user) -> Q:
    return Q(station_id=user.station_id) if user.station_id else Q(pk__in=[])


def operator_side(user) -> Q:
    # An operator sees the complaints against it once accepted, to take part in mediation;
    # never a tip-off, whose informant the law protects.
    return Q(
        operator_id=user.operator_id,
        kind=states.COMPLAINT,
        status__in=[
            states.ACCEPTED,
            states.MEDIATING,
            states.MEDIATED,
            states.MEDIATION_FAILED,
            states.CLOSED,
        ],
    ) & Q(decided_on__isnull=False, not_accepted_reason="")


def handling_station_items(user) -> Q:
    return Q(complaint__station_id=user.station_id)


scoping.register(
    Complaint,
    roles={
        Role.STATION: handling_station,
        Role.INSPECTOR: handling_station,
        Role.OPERATOR: operator_side,
    },
)
for child in (FollowUp, ComplaintEvidence):
    scoping.register(
        child, roles={Role.STATION: handling_station_items, Role.INSPECTOR: handling_station_items}
    )
