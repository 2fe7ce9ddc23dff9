"""The supervision REST API: draw plans and their public draws, inspections, findings,
rectification orders, cases and veto events.

Every row comes from ``visible(request.user, Model)``, so a row outside the caller's scope is a
404, never a 403 (draw plans add the public record, ``visible(None, DrawPlan)``, as the pages
do). Writes go through ``fangxin.supervision.services``, which check who may do what; their
``ValidationError`` / ``PermissionDenied`` become 400 / 403 in the project's error body. The
permission class refuses a role up front, before the body is validated.

``/api/v1/public/draws/`` is the one part open without signing in: the published record of
every frozen, drawn or cancelled draw and its verification.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from fangxin.core.api.opendata import OpenDataMixin
from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    ActionPermission,
)
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.scoping import visible

from . import services
from .filters import (
    CaseFilter,
    DrawPlanFilter,
    FindingFilter,
    InspectionFilter,
    PublicDrawFilter,
    PublicInspectionFilter,
    RectificationOrderFilter,
    VetoEventFilter,
)
from .models import (
    Case,
    Draw,
    DrawPlan,
    Finding,
    Inspection,
    InspectionItem,
    RectificationOrder,
    VetoEvent,
)
from .serializers import (
    CancelPlanSerializer,
    CaseSerializer,
    DrawPlanCreateSerializer,
    DrawPlanDetailSerializer,
    DrawPlanSerializer,
    DrawVerifySerializer,
    FindingSerializer,
    InspectionRecordSerializer,
    InspectionSerializer,
    OrderAnswerSerializer,
    OrderIssueSerializer,
    OrderOnBasisSerializer,
    OrderVerifySerializer,
    PublicDrawDetailSerializer,
    PublicDrawSerializer,
    PublicInspectionSerializer,
    RectificationOrderSerializer,
    RunDrawSerializer,
    VetoDecideSerializer,
    VetoEventSerializer,
)

REGULATOR_MESSAGE = "Only the programme office or a station may do this."


# --- draw plans ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List draw plans: the caller's own and every published (frozen, drawn, "
        "cancelled) one"
    ),
    retrieve=extend_schema(
        summary="One draw plan with its draw record",
        responses=responses(DrawPlanDetailSerializer, 404),
    ),
)
class DrawPlanViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    action_permissions = {
        "create": "supervision.create_plan",
        "freeze": "supervision.freeze_plan",
        "run": "supervision.run_draw",
        "cancel": "supervision.cancel_plan",
    }
    action_messages = {
        "create": "Only the programme office or a station may make a draw plan.",
        "freeze": REGULATOR_MESSAGE,
        "run": REGULATOR_MESSAGE,
        "cancel": REGULATOR_MESSAGE,
    }
    filterset_class = DrawPlanFilter
    queryset = (
        DrawPlan.objects.select_related("station", "draw")
        # The pools can run to 100,000 rows: they are on /public/draws/{id}/.
        .defer("draw__operator_pool", "draw__inspector_pool")
        .prefetch_related("items", "areas", "inspector_stations", "partner_departments")
        .order_by("-created_at", "-pk")
    )

    def get_serializer_class(self):
        return DrawPlanSerializer if self.action == "list" else DrawPlanDetailSerializer

    def restrict(self, queryset):
        # The caller's own plans and every published one, as on the pages.
        public = visible(None, DrawPlan).values("pk")
        own = super().restrict(DrawPlan.objects.all()).values("pk")
        return queryset.filter(Q(pk__in=public) | Q(pk__in=own))

    @extend_schema(
        summary="Make a draw plan (office; a station for itself)",
        request=DrawPlanCreateSerializer,
        responses={201: DrawPlanDetailSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(DrawPlanCreateSerializer)
        plan = services.create_plan(
            request.user,
            name=data["name"],
            station=data.get("station"),
            campaign=data.get("campaign"),
            items=data.get("items", []),
            free_items=data.get("free_items", []),
            pool_filters=data.get("pool_filters") or {},
            areas=data.get("areas", []),
            rules=data.get("rules") or {},
            inspector_stations=data.get("inspector_stations", []),
            partner_departments=data.get("partner_departments", []),
        )
        return self.respond_with(plan, DrawPlanDetailSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Freeze the pools and publish the commitment (the plan's office or station)",
        description="The secret behind the commitment stays hidden until the draw runs.",
        request=None,
        responses=responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def freeze(self, request, pk=None):
        plan = self.get_object()
        services.freeze(request.user, plan)
        return self.respond_with(plan, DrawPlanDetailSerializer)

    @extend_schema(
        summary="Run the draw with a public random value (the plan's office or station)",
        description="Reveals the secret, publishes the result and makes one inspection task per "
        "drawn operator. A draw runs once and is never redone.",
        request=RunDrawSerializer,
        responses=responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def run(self, request, pk=None):
        plan = self.get_object()
        data = self.validated(RunDrawSerializer)
        services.run_draw(
            request.user,
            plan,
            data["public_value"],
            data["public_source"],
        )
        return self.respond_with(plan, DrawPlanDetailSerializer)

    @extend_schema(
        summary="Cancel a plan, with the reason (the plan's office or station)",
        description="A cancelled plan stays on record; it is never deleted or re-run.",
        request=CancelPlanSerializer,
        responses=responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        plan = self.get_object()
        data = self.validated(CancelPlanSerializer)
        services.cancel(request.user, plan, data["reason"])
        return self.respond_with(plan, DrawPlanDetailSerializer)


# --- the public record of draws --------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Published inspection results (结果公示; no sign-in)",
        description="Open data: also `?format=csv` / `?format=xlsx`. Conditional GET with "
        "`If-None-Match` answers 304 when nothing changed.",
        examples=[
            OpenApiExample(
                "A published inspection",
                value={
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "id": 31,
                            "operator_name": "长兴示例农产品有限公司",
                            "uscc": "91330522MA2D000001",
                            "inspected_on": "2026-09-14",
                            "station_name": "雉城市场监督管理所",
                            "conclusion": "未发现问题。",
                            "published_at": "2026-09-20T10:00:00+08:00",
                        }
                    ],
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One published inspection result (no sign-in)",
        responses=responses(PublicInspectionSerializer, 404),
    ),
)
class PublicInspectionViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    serializer_class = PublicInspectionSerializer
    filterset_class = PublicInspectionFilter
    modified_fields = ("published_at",)
    download_name = "inspections"
    queryset = Inspection.objects.select_related("operator", "station").order_by(
        "-published_at", "-pk"
    )

    def restrict(self, queryset):
        # The public record for everyone, signed in or not: staff read the rest elsewhere.
        return queryset.filter(pk__in=visible(None, Inspection).values("pk"))


@extend_schema_view(
    list=extend_schema(summary="The published draws, newest first (no sign-in)"),
    retrieve=extend_schema(
        summary="One published draw with everything needed to recompute it (no sign-in)",
        responses=responses(PublicDrawDetailSerializer, 404),
    ),
)
class PublicDrawViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    filterset_class = PublicDrawFilter
    # Open data (rate limit, ETag, CORS); the list also as CSV/XLSX (a detail's pools can run
    # to 100,000 rows: its download is the JSON, with the standalone verifier).
    download_actions = ("list",)
    download_name = "draws"
    modified_fields = ("frozen_at", "drawn_at")
    version_counts = {"cancelled": Count("pk", filter=Q(plan__status=DrawPlan.Status.CANCELLED))}
    queryset = Draw.objects.select_related("plan__station").order_by("-frozen_at", "-pk")

    def get_serializer_class(self):
        return PublicDrawSerializer if self.action == "list" else PublicDrawDetailSerializer

    def restrict(self, queryset):
        # A draw is published with its plan: the public record of plans decides.
        queryset = queryset.filter(plan__in=visible(None, DrawPlan).values("pk"))
        if self.action == "list":
            queryset = queryset.defer("operator_pool", "inspector_pool", "result")
        return queryset

    def object_extra_version(self, draw) -> str:
        return draw.plan.status  # a cancellation changes the answer, not the draw's times

    @extend_schema(
        summary="Recompute a published draw from its published inputs (no sign-in)",
        description="`ok` is false, with the reason, for a draw that has not run yet.",
        responses=responses(DrawVerifySerializer, 404),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def verify(self, request, pk=None):
        report = services.verify(self.get_object())
        return Response({"ok": report.ok, "problems": list(report.problems)})


# --- inspections -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the inspections the caller may see"),
    retrieve=extend_schema(
        summary="One inspection with its items and results",
        responses=responses(InspectionSerializer, 404),
    ),
)
class InspectionViewSet(ScopedReadViewSet):
    serializer_class = InspectionSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "record": "supervision.record_inspection",
        "publish": "supervision.publish_inspection",
    }
    action_messages = {
        "record": "Only the inspection's inspectors or its station may record the result.",
        "publish": "Only the responsible station or the programme office may publish.",
    }
    filterset_class = InspectionFilter
    queryset = (
        Inspection.objects.select_related("operator", "station")
        .prefetch_related(
            "inspectors",
            "partner_departments",
            Prefetch(
                "items",
                queryset=InspectionItem.objects.select_related("requirement").order_by("pk"),
            ),
        )
        .order_by("-planned_on", "-pk")
    )

    @extend_schema(
        summary="Record the result per item (the inspection's inspectors or station)",
        description="Minor and serious results become findings; recording again corrects them "
        "until the result is published.",
        request=InspectionRecordSerializer,
        responses=responses(InspectionSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def record(self, request, pk=None):
        inspection = self.get_object()
        data = self.validated(InspectionRecordSerializer)
        services.record_inspection(
            request.user,
            inspection,
            inspected_on=data["inspected_on"],
            results={
                int(item_id): (row["result"], row.get("note", ""))
                for item_id, row in data["results"].items()
            },
            conclusion=data["conclusion"],
            internal_note=data.get("internal_note", ""),
            acknowledged_by=data.get("acknowledged_by", ""),
            areas={int(item_id): row["area"] for item_id, row in data["results"].items()},
            kind=data.get("kind"),
        )
        return self.respond_with(inspection, InspectionSerializer)

    @extend_schema(
        summary="Approve and publish a recorded result (the responsible station or the office)",
        request=None,
        responses=responses(InspectionSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        inspection = self.get_object()
        services.publish_inspection(request.user, inspection)
        return self.respond_with(inspection, InspectionSerializer)


# --- findings and rectification orders -------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the findings the caller may see, newest first"),
    retrieve=extend_schema(summary="One finding", responses=responses(FindingSerializer, 404)),
)
class FindingViewSet(ScopedReadViewSet):
    serializer_class = FindingSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"orders": "supervision.issue_order"}
    action_messages = {"orders": "Only a station or the programme office may order a fix."}
    filterset_class = FindingFilter
    queryset = Finding.objects.select_related("operator", "area").order_by("-found_on", "-pk")

    @extend_schema(
        summary="Order the operator to put a minor finding right (station, office)",
        description="The deadline counts working days; a serious finding calls for a case.",
        request=OrderIssueSerializer,
        responses={
            201: RectificationOrderSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def orders(self, request, pk=None):
        finding = self.get_object()
        data = self.validated(OrderIssueSerializer)
        order = services.issue_order(
            request.user,
            finding,
            data["requirement"],
            working_days=data.get("working_days"),
            issued_on=data.get("issued_on"),
            number=data.get("number", ""),
        )
        return Response(
            RectificationOrderSerializer(order, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary="List the rectification orders the caller may see"),
    retrieve=extend_schema(
        summary="One rectification order with the operator's answers",
        responses=responses(RectificationOrderSerializer, 404),
    ),
)
class RectificationOrderViewSet(ScopedReadViewSet):
    serializer_class = RectificationOrderSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "answer": "supervision.answer_order",
        "verify": "supervision.verify_order",
        "create": "supervision.issue_order",
    }
    action_messages = {
        "answer": "Only the operator ordered to put things right may answer.",
        "verify": "Only a station or the programme office may verify a fix.",
        "create": "Only a station or the programme office may order a fix.",
    }
    filterset_class = RectificationOrderFilter
    queryset = (
        RectificationOrder.objects.select_related("operator", "area", "finding__area")
        .prefetch_related("responses")
        .order_by("-issued_on", "-pk")
    )

    @extend_schema(
        summary="Order a fix on a ground other than a finding (station, office)",
        description="A public-opinion incident, an evaluation result, a watch-list entry or "
        "another ground, said in `basis_note`; the area is chosen, and the kind for an "
        "operator of both kinds (null: both). Orders after a finding are issued from "
        "`/findings/{id}/orders/`.",
        request=OrderOnBasisSerializer,
        responses={201: RectificationOrderSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(OrderOnBasisSerializer)
        order = services.issue_order_on_basis(
            request.user,
            data["operator"],
            data["basis"],
            data["basis_note"],
            data["requirement"],
            data["area"],
            kind=data.get("kind"),
            working_days=data.get("working_days"),
            issued_on=data.get("issued_on"),
            number=data.get("number", ""),
        )
        return self.respond_with(order, RectificationOrderSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Report what was done (the operator ordered)",
        request=OrderAnswerSerializer,
        responses=responses(RectificationOrderSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request, pk=None):
        order = self.get_object()
        data = self.validated(OrderAnswerSerializer)
        services.answer_order(request.user, order, data["text"])
        return self.respond_with(order, RectificationOrderSerializer)

    @extend_schema(
        summary="Accept an answered order, or send it back with a note (station, office)",
        request=OrderVerifySerializer,
        responses=responses(RectificationOrderSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def verify(self, request, pk=None):
        order = self.get_object()
        data = self.validated(OrderVerifySerializer)
        services.verify_order(request.user, order, data["accept"], data["note"])
        return self.respond_with(order, RectificationOrderSerializer)


# --- cases and veto events -------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the cases the caller may see (the regulator's only)"),
    retrieve=extend_schema(summary="One case", responses=responses(CaseSerializer, 404)),
)
class CaseViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    queryset = Case.objects.select_related("operator").order_by("-clue_received_on", "-pk")


@extend_schema_view(
    list=extend_schema(summary="List the veto events the caller may see, newest first"),
    retrieve=extend_schema(summary="One veto event", responses=responses(VetoEventSerializer, 404)),
)
class VetoEventViewSet(ScopedReadViewSet):
    serializer_class = VetoEventSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"decide": "supervision.decide_veto"}
    action_messages = {"decide": "Only the programme office may decide a veto event."}
    filterset_class = VetoEventFilter
    queryset = VetoEvent.objects.select_related("operator").order_by("-occurred_on", "-pk")

    @extend_schema(
        summary="Confirm or reject a proposed veto event, with the reason (office)",
        request=VetoDecideSerializer,
        responses=responses(VetoEventSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        event = self.get_object()
        data = self.validated(VetoDecideSerializer)
        event = services.take_veto_decision(request.user, event, data["confirm"], data["reason"])
        return Response(VetoEventSerializer(event, context=self.get_serializer_context()).data)
