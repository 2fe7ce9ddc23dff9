"""Which oversight rows each role sees (``fangxin.core.scoping``); imported once by the app.
Each feature's section is self-contained."""

# --- public-opinion incidents and publicity records (issue 16 items 5 and 6) -----------------
from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import STATION_ROLES, Role

from .models import (
    FieldVisit,
    Incident,
    IncidentEvidence,
    Meeting,
    MeetingFile,
    PublicityActivity,
    PublicityMaterial,
)


def _nothing(user) -> Q:
    return Q(pk__in=[])


def _own_station(user) -> Q:
    return Q(station_id=user.station_id)


def _own_activity(user) -> Q:
    return Q(activity__station_id=user.station_id)


def _own_meeting(user) -> Q:
    return Q(meeting__station_id=user.station_id)


# An incident is the regulator's record: the office, and the station of the operator's area
# (inspectors see their tasks, not the incident files).
scoping.register(Incident, area="operator__area", roles={Role.INSPECTOR: _nothing})
scoping.register(
    IncidentEvidence, area="incident__operator__area", roles={Role.INSPECTOR: _nothing}
)
# Publicity records belong to a station (or to the county: the office's only).
for _model in (PublicityActivity, Meeting, FieldVisit):
    scoping.register(_model, roles=dict.fromkeys(STATION_ROLES, _own_station))
scoping.register(PublicityMaterial, roles=dict.fromkeys(STATION_ROLES, _own_activity))
scoping.register(MeetingFile, roles=dict.fromkeys(STATION_ROLES, _own_meeting))

# --- the red and black list ----------------------------------------------------------------
from . import lists_scopes  # noqa: E402, F401
