"""Oversight's models, one module per concern; each is imported here so Django finds it."""

from .incidents import Incident, IncidentEvidence  # noqa: F401
from .lists import (  # noqa: F401
    BlackListExit,
    ListEdit,
    ListEntry,
    ListPublication,
    ListRule,
    ListSettings,
    PublicationEvent,
)
from .publicity import (  # noqa: F401
    FieldVisit,
    Meeting,
    MeetingFile,
    PublicityActivity,
    PublicityMaterial,
)
from .targets import Punishment, ResultWatch, RiskClassRecord  # noqa: F401 - issue 16 items 2-4
