"""The monitoring REST API: material monitors hand in, the hits a scan found in it, the
rule-list versions, the licence-display checks monitors record, and a scan that stores nothing.

``/api/v1/monitoring/materials/`` and ``/api/v1/monitoring/hits/`` take every row from
``visible(request.user, Model)``: the office sees all, a station the material about operators in
its area, a monitor what it uploaded. A row outside the caller's scope is a 404, never a 403.
The operator role is refused the whole API (403): an operator sees what a confirmed hit became,
a finding, not the monitoring behind it. Writes go through ``fangxin.monitoring.services``
(``upload``, ``scan``, ``review``); their ``ValidationError`` / ``PermissionDenied`` become
400 / 403 in the project's error body. The permission class refuses a role that may never act
up front, before the body is validated.

``POST /api/v1/monitoring/scan/`` (office and monitors) scans a text or a file with the active
rule list and answers with the hits, with the same keys as ``fangxin scan FILE``; nothing is
kept, not even the text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from fangxin.core import table_uploads
from fangxin.core.api.errors import error_body
from fangxin.core.api.parsers import ObjectJSONParser
from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    ActionPermission,
)
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet

from . import formats, rulelists, services
from .filters import HitFilter, LicenceCheckFilter, MaterialFilter
from .models import Hit, LicenceCheck, Material, RuleSet
from .scanner import scanner_for
from .serializers import (
    SCAN_FORMATS,
    ConfirmSerializer,
    DismissSerializer,
    HitSerializer,
    LicenceCheckCreateSerializer,
    LicenceCheckSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    RuleSetDetailSerializer,
    RuleSetSerializer,
    ScanRequestSerializer,
    ScanResultSerializer,
)

# Operators see none of the material or hits: only the confirmed findings, as findings. Who
# may act is ``permissions.py``'s; whether on *this* operator is checked on the row.
READ = "monitoring.use_api"
NO_RULES = OpenApiResponse(description="No usable rule list is installed.")


# --- material --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the monitoring material the caller may see",
        description="The office sees all, a station the material about operators in its area, "
        "a monitor what it uploaded.",
        responses={200: MaterialSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One piece of monitoring material and its scan status",
        responses=responses(MaterialSerializer, 403, 404),
    ),
)
class MaterialViewSet(ScopedReadViewSet):
    serializer_class = MaterialSerializer
    permission_classes = [ActionPermission]
    read_permission = READ
    parser_classes = [MultiPartParser, FormParser, ObjectJSONParser]
    # Rescanning is for those who maintain the rule list, as on the web page.
    action_permissions = {"create": "monitoring.upload_material", "rescan": "monitoring.rescan"}
    filterset_class = MaterialFilter
    queryset = Material.objects.select_related("operator", "ruleset", "uploaded_by")

    @extend_schema(
        summary="Upload a transcript, subtitle file or listing and scan it (office, station, "
        "monitor)",
        description="Multipart. The file is kept with its SHA-256 and scanned with the active "
        "rule list (at once, or on a worker when one is configured: then `status` is still "
        "`pending`). A station may upload only for operators in its area.",
        request={"multipart/form-data": MaterialUploadSerializer},
        responses={201: MaterialSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(MaterialUploadSerializer)
        material = services.upload(
            request.user,
            data["operator"],
            data["file"],
            stream_date=data["stream_date"],
            duration_minutes=data["duration_minutes"],
            account=data.get("account"),
        )
        return self.respond_with(material, MaterialSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Scan the material again with the active rule list (office, monitor)",
        description="Pending hits are replaced; reviewed hits keep their verdict.",
        request=None,
        responses=responses(MaterialSerializer, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def rescan(self, request, pk=None):
        material = self.get_object()
        services.rescan(request.user, material)
        return self.respond_with(material, MaterialSerializer)


# --- hits ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the hits the caller may see, to review them",
        responses={200: HitSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One hit with the rule that fired and its review",
        responses=responses(HitSerializer, 403, 404),
    ),
)
class HitViewSet(ScopedReadViewSet):
    serializer_class = HitSerializer
    permission_classes = [ActionPermission]
    read_permission = READ
    action_permissions = {"confirm": "monitoring.review_hit", "dismiss": "monitoring.review_hit"}
    filterset_class = HitFilter
    queryset = Hit.objects.select_related("material__operator", "reviewed_by")

    @extend_schema(
        summary="Confirm a hit: it becomes a monitoring finding (and, for a veto category, a "
        "proposed veto event for the office to decide)",
        description="The same rule confirmed twice in one material shares one finding.",
        request=ConfirmSerializer,
        responses=responses(HitSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        hit = self.get_object()
        data = self.validated(ConfirmSerializer)
        hit = services.review(
            request.user, hit, confirm=True, reason=data["reason"], severity=data["severity"]
        )
        return self.respond_with(hit, HitSerializer)

    @extend_schema(
        summary="Dismiss a hit, with the reason",
        request=DismissSerializer,
        responses=responses(HitSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def dismiss(self, request, pk=None):
        hit = self.get_object()
        data = self.validated(DismissSerializer)
        hit = services.review(request.user, hit, confirm=False, reason=data["reason"])
        return self.respond_with(hit, HitSerializer)


# --- licence-display checks ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the licence-display checks (亮照亮证检查) the caller may see",
        description="The office sees all, a station the checks of operators in its area, a "
        "monitor the checks it recorded.",
        responses={200: LicenceCheckSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One licence-display check",
        responses=responses(LicenceCheckSerializer, 403, 404),
    ),
)
class LicenceCheckViewSet(ScopedReadViewSet):
    serializer_class = LicenceCheckSerializer
    permission_classes = [ActionPermission]
    read_permission = READ
    action_permissions = {"create": "monitoring.record_licence_check"}
    filterset_class = LicenceCheckFilter
    queryset = LicenceCheck.objects.select_related("operator", "account", "checked_by")

    @extend_schema(
        summary="Record a licence-display check of an enrolled operator (monitor, office)",
        description="A check that found the licence not shown (or shown in part) costs the "
        "monitoring dimension per the campaign's rubric, and needs a note saying what was missing.",
        request=LicenceCheckCreateSerializer,
        responses={201: LicenceCheckSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(LicenceCheckCreateSerializer)
        check = services.record_licence_check(
            request.user,
            data["operator"],
            checked_on=data["checked_on"],
            result=data["result"],
            account=data.get("account"),
            storefront=data["storefront"],
            note=data["note"],
        )
        return self.respond_with(check, LicenceCheckSerializer, status.HTTP_201_CREATED)


# --- rule-list versions ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the rule-list versions, newest first (office, station, monitor)",
        responses={200: RuleSetSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One rule-list version with its files",
        responses=responses(RuleSetDetailSerializer, 403, 404),
    ),
)
class RuleSetViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    read_permission = READ
    filter_backends = []
    queryset = RuleSet.objects.select_related("created_by")

    def get_serializer_class(self):
        return RuleSetSerializer if self.action == "list" else RuleSetDetailSerializer


# --- scanning without storing ----------------------------------------------------------------


class ScanView(APIView):
    permission_classes = [ActionPermission]
    parser_classes = [ObjectJSONParser, MultiPartParser, FormParser]
    action = "scan"
    action_permissions = {"scan": "monitoring.scan_text"}

    @extend_schema(
        summary="Scan a text or file with the active rule list; nothing is stored (office, "
        "monitor)",
        description='JSON `{"text": …, "format": "text|srt|vtt"}`, or multipart with a '
        "`file` (TXT, SRT, VTT, CSV, XLSX, JSON). Each hit has the keys `fangxin scan` writes. "
        "A file that cannot be read (binary, wrong encoding, no subtitle cue…) is a 400 that "
        "says why.",
        request={
            "application/json": ScanRequestSerializer,
            "multipart/form-data": ScanRequestSerializer,
        },
        responses={200: ScanResultSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 503: NO_RULES},
    )
    def post(self, request):
        form = ScanRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        limit = settings.FANGXIN_MONITORING_MAX_BYTES
        if "file" in data:
            where, upload = "file", data["file"]
            if upload.size > limit:
                raise DjangoValidationError({where: _too_large(upload.size, limit)})
            raw, name = upload.read(), upload.name or ""
        else:
            where, raw = "text", data["text"].encode("utf-8")
            if len(raw) > limit:
                raise DjangoValidationError({where: _too_large(len(raw), limit)})
            name = SCAN_FORMATS[data["format"]]
        try:
            ruleset = services.active_ruleset()
            rule_list = services.rule_list(ruleset)
        except rulelists.RuleListError as exc:
            return Response(
                error_body(f"No usable rule list: {exc}"),
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        try:
            document = formats.load(raw, name, table_uploads.monitoring_limits())
        except formats.UnreadableInput as exc:
            raise DjangoValidationError({where: f"Cannot be scanned: {exc}."}) from exc
        hits = [hit.as_dict() for hit in formats.scan(scanner_for(rule_list), document)]
        body = {
            "ruleset": ruleset.version,
            "kind": document.kind,
            "skipped": document.skipped,
            "count": len(hits),
            "hits": hits,
        }
        return Response(ScanResultSerializer(body).data)


def _too_large(size: int, limit: int) -> str:
    return (
        f"{size / 1048576:.1f} MB is over the {limit // 1048576} MB limit; split it, e.g. one "
        "file per stream."
    )
