"""What incidents and publicity records register once the apps are ready: who sees which rows
(``scopes``), the page each row links to (``core.links``), the audit trail and the navigation."""

from __future__ import annotations

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from auditlog.registry import auditlog

    from . import scopes  # noqa: F401 - registers who sees which rows
    from .models import (
        FieldVisit,
        Incident,
        IncidentEvidence,
        Meeting,
        MeetingFile,
        PublicityActivity,
        PublicityMaterial,
    )

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
