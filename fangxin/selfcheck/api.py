"""The self-inspections REST API: ``/api/v1/self-inspections/``.

Every row comes from ``visible(request.user, SelfInspection)``: an operator sees its own, a
station its jurisdiction's, the office all; anything else is a 404. Writes go through
``fangxin.selfcheck.services``, which check who may do what and in which phase; their
``ValidationError`` / ``PermissionDenied`` become 400 / 403 in the project's error body.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    ActionPermission,
)
from fangxin.core.api.viewsets import ScopedReadViewSet

from . import services
from .filters import SelfInspectionFilter
from .models import Answer, SelfInspection
from .serializers import (
    ReviewSerializer,
    SaveAnswersSerializer,
    SelfInspectionDetailSerializer,
    SelfInspectionSerializer,
    StartRequestSerializer,
)

DETAIL_ACTIONS = frozenset({"retrieve", "answers", "submit", "review", "start"})


@extend_schema_view(
    list=extend_schema(summary="List the self-inspections the caller may see"),
    retrieve=extend_schema(
        summary="One self-inspection with its answers and evidence",
        responses={200: SelfInspectionDetailSerializer, 404: NOT_FOUND},
    ),
)
class SelfInspectionViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    action_permissions = {
        "start": "selfcheck.fill",
        "answers": "selfcheck.fill",
        "submit": "selfcheck.submit",
        "review": "selfcheck.review",
    }
    action_messages = {
        "start": "Only the operator itself may fill in its self-inspection.",
        "answers": "Only the operator itself may fill in its self-inspection.",
        "submit": "Only the operator itself may submit its self-inspection.",
        "review": "Only a station or the programme office may review a self-inspection.",
    }
    filterset_class = SelfInspectionFilter
    queryset = (
        SelfInspection.objects.select_related("enrolment__campaign", "enrolment__operator")
        .annotate(
            answer_count=Count("answers"),
            answered_count=Count("answers", filter=~Q(answers__result="")),
        )
        .order_by("-updated_at", "-pk")
    )

    def get_serializer_class(self):
        if self.action in DETAIL_ACTIONS:
            return SelfInspectionDetailSerializer
        return SelfInspectionSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action in DETAIL_ACTIONS:
            qs = qs.prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.select_related("requirement__area")
                    .prefetch_related("evidence")
                    .order_by("requirement__area__order", "requirement__order", "pk"),
                )
            )
        return qs

    @extend_schema(
        summary="Start (or reopen) the self-inspection of an enrolment (operator)",
        description="Creates one answer per guide item of the enrolment's kind. Starting again "
        "returns the existing self-inspection with 200. Before the self-inspection phase "
        "opens the answer is 400 with the phase's dates (the guide may still change).",
        request=StartRequestSerializer,
        responses={
            201: SelfInspectionDetailSerializer,
            200: OpenApiResponse(SelfInspectionDetailSerializer, description="Already started."),
            400: BAD_REQUEST,
            403: FORBIDDEN,
        },
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def start(self, request):
        data = self.validated(StartRequestSerializer)
        enrolment = data["enrolment"]
        existed = SelfInspection.objects.filter(enrolment=enrolment).exists()
        inspection = services.start(request.user, enrolment)
        return self.respond_with(
            inspection,
            SelfInspectionDetailSerializer,
            status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Save draft answers (operator, once the self-inspection phase has opened)",
        description="All or nothing. A draft may still be saved after the phase has closed, "
        "so that work is not lost; only submitting is bound to the phase.",
        request=SaveAnswersSerializer,
        responses={
            200: SelfInspectionDetailSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["patch"], filter_backends=[])
    def answers(self, request, pk=None):
        inspection = self.get_object()
        data = self.validated(SaveAnswersSerializer)
        inspection = services.save_answers(request.user, inspection, data["answers"])
        return self.respond_with(inspection, SelfInspectionDetailSerializer)

    @extend_schema(
        summary="Submit for the station's review (operator)",
        description="Refused with 400 listing every item still missing a result, or, for a "
        "non-compliant item, its rectification plan or deadline; outside the self-inspection "
        "phase, with the phase's dates and whom to ask for an extension.",
        request=None,
        responses={
            200: SelfInspectionDetailSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        inspection = services.submit(request.user, self.get_object())
        return self.respond_with(inspection, SelfInspectionDetailSerializer)

    @extend_schema(
        summary="Accept, or return with comments (station in its jurisdiction, office)",
        request=ReviewSerializer,
        responses={
            200: SelfInspectionDetailSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        inspection = self.get_object()
        data = self.validated(ReviewSerializer)
        inspection = services.review(
            request.user,
            inspection,
            accept=data["accept"],
            comment=data["comment"],
            item_comments=data["item_comments"],
        )
        return self.respond_with(inspection, SelfInspectionDetailSerializer)
