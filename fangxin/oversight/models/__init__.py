"""Oversight's models, one module per concern; each is imported here so Django finds it."""

from .incidents import Incident, IncidentEvidence  # noqa: F401
from .publicity import (  # noqa: F401
    FieldVisit,
    Meeting,
    MeetingFile,
    PublicityActivity,
    PublicityMaterial,
)
