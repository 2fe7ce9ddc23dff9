"""Which self-inspection rows each role sees (``fangxin.core.scoping``); imported once by the
app."""

from fangxin.core import scoping

from .models import Answer, Evidence, SelfInspection

scoping.register(
    SelfInspection, area="enrolment__operator__area", operator="enrolment__operator_id"
)
scoping.register(
    Answer,
    area="inspection__enrolment__operator__area",
    operator="inspection__enrolment__operator_id",
)
scoping.register(
    Evidence,
    area="answer__inspection__enrolment__operator__area",
    operator="answer__inspection__enrolment__operator_id",
)


def progress_stations(user):
    """The stations on the progress page: a station's (or its inspector's) own, the office's
    all of them."""
    from fangxin.core.models import Station
    from fangxin.core.roles import STATION_ROLES

    stations = Station.objects.order_by("code")
    if user.role in STATION_ROLES:
        stations = stations.filter(pk=user.station_id)
    return stations
