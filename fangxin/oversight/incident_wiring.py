"""What incidents and publicity records register once the apps are ready: who sees which rows
(``core.scoping``), the page each row links to (``core.links``) and the audit trail."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from fangxin.core import links, scoping
from fangxin.core.roles import STATION_ROLES, Role


def _nothing(user) -> Q:
    return Q(pk__in=[])


def _own_station(user) -> Q:
    return Q(station_id=user.station_id)


def _own_activity(user) -> Q:
    return Q(activity__station_id=user.station_id)


def _own_meeting(user) -> Q:
    return Q(meeting__station_id=user.station_id)


def _own_activity(user) -> Q:
    return Q(activity__station_id=user.station_id)


def _own_meeting(user) -> Q:
    return Q(meeting__station_id=user.station_id)


def register() -> None:
    from auditlog.registry import auditlog

    from .contributions import register_incident_navigation
    from .models import (
        FieldVisit,
        Incident,
        IncidentEvidence,
        Meeting,
        MeetingFile,
        PublicityActivity,
        PublicityMaterial,
    )

    # An incident is the regulator's record: the office, and the station of the operator's area.
    # Inspectors see their tasks, not the incident files (they are the office's and stations').
    none = {Role.INSPECTOR: _nothing}
    scoping.register(Incident, area="operator__area", roles=none)
    scoping.register(IncidentEvidence, area="incident__operator__area", roles=none)
    # Publicity records belong to a station (or to the county: the office's only).
    own = dict.fromkeys(STATION_ROLES, _own_station)
    for model in (PublicityActivity, Meeting, FieldVisit):
        scoping.register(model, roles=own)
    scoping.register(PublicityMaterial, roles=dict.fromkeys(STATION_ROLES, _own_activity))
    scoping.register(MeetingFile, roles=dict.fromkeys(STATION_ROLES, _own_meeting))

    links.register(Incident, lambda row: reverse("oversight:incident-detail", args=[row.pk]))
    links.register(
        PublicityActivity, lambda row: reverse("oversight:publicity-edit", args=[row.pk])
    )
    links.register(Meeting, lambda row: reverse("oversight:meeting-edit", args=[row.pk]))
    links.register(FieldVisit, lambda row: reverse("oversight:visit-edit", args=[row.pk]))

    for model in (Incident, PublicityActivity, Meeting, FieldVisit):
        auditlog.register(model)
    for model in (IncidentEvidence, PublicityMaterial, MeetingFile):
        auditlog.register(model)
    register_incident_navigation()
