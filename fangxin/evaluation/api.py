"""The evaluation API (read-only): ``/api/v1/evaluation/rubrics/``, ``…/ledger-entries/`` and
``…/results/``. Rows come from ``visible()`` (``scopes.py``): an operator reads only its own
enrolments' ledger entries and results; a row outside the caller's scope is a 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from fangxin.core.api.permissions import NOT_FOUND, ActionPermission
from fangxin.core.api.viewsets import ScopedReadViewSet

from .filters import LedgerEntryFilter, RubricFilter, ScoreFilter
from .models import LedgerEntry, Rubric, Score
from .serializers import LedgerEntrySerializer, RubricSerializer, ScoreSerializer


@extend_schema_view(
    list=extend_schema(summary="List the campaigns' rubrics, every version"),
    retrieve=extend_schema(
        summary="One rubric version", responses={200: RubricSerializer, 404: NOT_FOUND}
    ),
)
class RubricViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    serializer_class = RubricSerializer
    queryset = Rubric.objects.select_related("campaign").order_by("campaign", "kind", "-version")
    filterset_class = RubricFilter


@extend_schema_view(
    list=extend_schema(summary="List ledger entries (an operator: its own enrolments')"),
    retrieve=extend_schema(
        summary="One ledger entry", responses={200: LedgerEntrySerializer, 404: NOT_FOUND}
    ),
)
class LedgerEntryViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    serializer_class = LedgerEntrySerializer
    queryset = LedgerEntry.objects.select_related("rubric").order_by("enrolment", "pk")
    filterset_class = LedgerEntryFilter


@extend_schema_view(
    list=extend_schema(summary="List computed results, best first"),
    retrieve=extend_schema(summary="One result", responses={200: ScoreSerializer, 404: NOT_FOUND}),
)
class ResultViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    serializer_class = ScoreSerializer
    queryset = Score.objects.select_related(
        "rubric", "enrolment__operator", "enrolment__campaign"
    ).order_by("-published", "enrolment__operator__name", "pk")
    filterset_class = ScoreFilter


# --- evaluation panels (read-only): the office all; a member his panels and his own scores ---

from .models_panels import Panel, PanelScore  # noqa: E402
from .serializers import PanelScoreSerializer, PanelSerializer  # noqa: E402


@extend_schema_view(
    list=extend_schema(summary="List evaluation panels (a member: the panels he sits on)"),
    retrieve=extend_schema(
        summary="One evaluation panel", responses={200: PanelSerializer, 404: NOT_FOUND}
    ),
)
class PanelViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    read_permission = "evaluation.view_panels"
    serializer_class = PanelSerializer
    queryset = (
        Panel.objects.select_related("campaign")
        .prefetch_related("members", "assignments")
        .order_by("campaign", "name", "pk")
    )


@extend_schema_view(
    list=extend_schema(summary="List panel members' scores (a member: his own)"),
    retrieve=extend_schema(
        summary="One member's score", responses={200: PanelScoreSerializer, 404: NOT_FOUND}
    ),
)
class PanelScoreViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    read_permission = "evaluation.view_panels"
    serializer_class = PanelScoreSerializer
    queryset = PanelScore.objects.order_by("enrolment", "member", "criterion", "pk")
