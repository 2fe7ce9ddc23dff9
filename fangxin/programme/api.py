"""The campaigns and enrolments REST API: ``/api/v1/campaigns/``, ``/api/v1/enrolments/``.

Every row comes from ``visible(request.user, Model)``, so a row outside the user's scope is a
404, never a 403. Writes go through ``fangxin.programme.services``, which check who may do
what; their ``ValidationError`` / ``PermissionDenied`` become 400 / 403 in the project's error
body (``fangxin.core.api.errors``). The permission class below refuses a role up front, before
the body is validated, so that a caller learns nothing from a 400 it could not have acted on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    ActionPermission,
)
from fangxin.core.api.viewsets import ScopedReadViewSet

from . import services
from .filters import CampaignFilter, EnrolmentFilter
from .models import Campaign, Enrolment, PhaseCode
from .serializers import (
    ApplyRequestSerializer,
    CampaignCopySerializer,
    CampaignCreateSerializer,
    CampaignSerializer,
    EnrolmentSerializer,
    EnrolRequestSerializer,
    EnrolResultSerializer,
    PhaseExtendSerializer,
    PhaseSerializer,
)


def _renamed(exc: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """The service's error with its model field names replaced by the request's."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


# --- campaigns ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the campaigns, newest first, with their phases"),
    retrieve=extend_schema(
        summary="One campaign with its phases", responses={200: CampaignSerializer, 404: NOT_FOUND}
    ),
)
class CampaignViewSet(ScopedReadViewSet):
    serializer_class = CampaignSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "create": "programme.create_campaign",
        "copy": "programme.create_campaign",
        "extend_phase": "programme.adjust_phase",
    }
    action_messages = {
        "create": "Only the programme office may create a campaign.",
        "copy": "Only the programme office may copy a campaign.",
        "extend_phase": "Only the programme office may extend a phase.",
    }
    filterset_class = CampaignFilter
    queryset = Campaign.objects.select_related("guide").prefetch_related("phases").order_by("-year")

    @extend_schema(
        summary="Create a campaign with the default phase schedule (office)",
        request=CampaignCreateSerializer,
        responses={201: CampaignSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(CampaignCreateSerializer)
        campaign = services.create_campaign(
            request.user, data["year"], name=data.get("name", ""), guide=data.get("guide")
        )
        return self.respond_with(campaign, CampaignSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Copy a campaign to another year (office)",
        description="Phase dates shift by the year difference; the guide becomes a new version.",
        request=CampaignCopySerializer,
        responses={201: CampaignSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def copy(self, request, pk=None):
        source = self.get_object()
        data = self.validated(CampaignCopySerializer)
        campaign = services.copy_campaign(request.user, source, data.get("year"))
        return self.respond_with(campaign, CampaignSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Extend a phase past its end (office)",
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=PhaseCode.values,
                description="The phase's code.",
            )
        ],
        request=PhaseExtendSerializer,
        responses={200: PhaseSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"phases/(?P<code>[a-z_]+)/extend",
        filter_backends=[],
    )
    def extend_phase(self, request, pk=None, code=None):
        campaign = self.get_object()
        phase = campaign.phases.filter(code=code).first()
        if phase is None:
            raise Http404
        data = self.validated(PhaseExtendSerializer)
        try:
            phase = services.extend_phase(request.user, phase, data["until"], data["reason"])
        except DjangoValidationError as exc:
            raise _renamed(exc, {"extended_to": "until", "extension_reason": "reason"}) from exc
        return Response(PhaseSerializer(phase, context=self.get_serializer_context()).data)


# --- enrolments -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the enrolments the caller may see"),
    retrieve=extend_schema(
        summary="One enrolment", responses={200: EnrolmentSerializer, 404: NOT_FOUND}
    ),
)
class EnrolmentViewSet(ScopedReadViewSet):
    serializer_class = EnrolmentSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "create": "programme.enrol",
        "apply": "programme.apply_to_enrol",
    }
    action_messages = {
        "create": "Only the programme office or a station may enrol operators.",
        "apply": "Only an operator may apply to take part.",
    }
    filterset_class = EnrolmentFilter
    queryset = Enrolment.objects.select_related("campaign", "operator", "self_inspection").order_by(
        "-campaign__year", "operator__name", "kind", "pk"
    )

    @extend_schema(
        summary="Enrol operators in a campaign (office; a station in its own jurisdiction)",
        description="Only active operators registered for the kind and visible to the caller "
        "are enrolled (for live-stream, only those with a fixed studio); withdrawn or applied "
        "enrolments of those operators become enrolled. After the mobilisation phase a station "
        "must give `reason`; after the campaign's last phase the answer is 400.",
        request=EnrolRequestSerializer,
        responses={200: EnrolResultSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(EnrolRequestSerializer)
        requested = list(dict.fromkeys(data["operators"]))
        created = services.enrol(
            request.user, data["campaign"], requested, data["kind"], reason=data.get("reason", "")
        ).created
        enrolled = set(
            self.get_queryset()
            .filter(
                campaign=data["campaign"],
                kind=data["kind"],
                status=Enrolment.Status.ENROLLED,
                operator_id__in=requested,
            )
            .values_list("operator_id", flat=True)
        )
        return Response(
            {"created": created, "not_enrolled": [pk for pk in requested if pk not in enrolled]}
        )

    @extend_schema(
        summary="Apply to take part in a campaign (operator, during mobilisation)",
        description="Outside the mobilisation phase the answer is 400 with the phase's dates.",
        request=ApplyRequestSerializer,
        responses={
            201: EnrolmentSerializer,
            200: OpenApiResponse(EnrolmentSerializer, description="Already applied or enrolled."),
            400: BAD_REQUEST,
            403: FORBIDDEN,
        },
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def apply(self, request):
        data = self.validated(ApplyRequestSerializer)
        campaign, kind = data["campaign"], data["kind"]
        existed = Enrolment.objects.filter(
            campaign=campaign, operator_id=request.user.operator_id, kind=kind
        ).exists()
        enrolment = services.apply_to_enrol(request.user, campaign, kind)
        enrolment = self.refetch(enrolment)
        return Response(
            EnrolmentSerializer(enrolment, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )
