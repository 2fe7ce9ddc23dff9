"""Supervision models, split by subject: draws, inspections, enforcement."""

from .credit import CreditImport, CreditListing, CreditListKind
from .draws import ConflictOfInterest, Draw, DrawPlan, WatchEntry
from .enforcement import Case, Measure, OrderResponse, RectificationOrder, VetoEvent
from .inspections import (
    Contradiction,
    Finding,
    Inspection,
    InspectionItem,
    Sample,
    SupervisionEvidence,
)

__all__ = [
    "Case",
    "ConflictOfInterest",
    "Contradiction",
    "CreditImport",
    "CreditListKind",
    "CreditListing",
    "Draw",
    "DrawPlan",
    "Finding",
    "Inspection",
    "InspectionItem",
    "Measure",
    "OrderResponse",
    "RectificationOrder",
    "Sample",
    "SupervisionEvidence",
    "VetoEvent",
    "WatchEntry",
]
