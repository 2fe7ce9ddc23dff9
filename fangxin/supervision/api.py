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

import django_filters
from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from fangxin.core.api.filtering import FilterBackend
from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    ActionRolePermission,
)
from fangxin.core.filters import FilterSet, IdFilter
from fangxin.core.roles import Role
from fangxin.core.scoping import visible

from . import services
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
from .models.enforcement import VetoKind
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
    OrderVerifySerializer,
    PublicDrawDetailSerializer,
    PublicDrawSerializer,
    RectificationOrderSerializer,
    RunDrawSerializer,
    VetoDecideSerializer,
    VetoEventSerializer,
)

REGULATORS = {Role.OFFICE, Role.STATION}
REGULATOR_MESSAGE = "Only the programme office or a station may do this."


def _detail_responses(serializer, *codes) -> dict:
    known = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND}
    return {200: serializer, **{code: known[code] for code in codes}}


# --- draw plans ------------------------------------------------------------------------------


class DrawPlanFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=DrawPlan.Status.choices)
    station = IdFilter(field_name="station_id", help_text="Station id.")
    county_wide = django_filters.BooleanFilter(
        field_name="station", lookup_expr="isnull", help_text="Only county-wide plans (true)."
    )

    class Meta:
        model = DrawPlan
        fields = ["status", "station", "county_wide"]


@extend_schema_view(
    list=extend_schema(
        summary="List draw plans: the caller's own and every published (frozen, drawn, "
        "cancelled) one"
    ),
    retrieve=extend_schema(
        summary="One draw plan with its draw record",
        responses=_detail_responses(DrawPlanDetailSerializer, 404),
    ),
)
class DrawPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ActionRolePermission]
    action_roles = {
        "create": REGULATORS,
        "freeze": REGULATORS,
        "run": REGULATORS,
        "cancel": REGULATORS,
    }
    action_messages = {
        "create": "Only the programme office or a station may make a draw plan.",
        "freeze": REGULATOR_MESSAGE,
        "run": REGULATOR_MESSAGE,
        "cancel": REGULATOR_MESSAGE,
    }
    filter_backends = [FilterBackend]
    filterset_class = DrawPlanFilter
    queryset = DrawPlan.objects.none()  # for the schema; rows always come from get_queryset

    def get_serializer_class(self):
        return DrawPlanSerializer if self.action == "list" else DrawPlanDetailSerializer

    def get_queryset(self):
        user = self.request.user
        public = visible(None, DrawPlan).values("pk")
        own = visible(user, DrawPlan).values("pk")
        return (
            DrawPlan.objects.filter(Q(pk__in=public) | Q(pk__in=own))
            .select_related("station", "draw")
            # The pools can run to 100,000 rows: they are on /public/draws/{id}/.
            .defer("draw__operator_pool", "draw__inspector_pool")
            .prefetch_related("items", "areas", "inspector_stations", "partner_departments")
            .order_by("-created_at", "-pk")
        )

    def _plan_response(self, plan: DrawPlan, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=plan.pk).first() or plan
        data = DrawPlanDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(
        summary="Make a draw plan (office; a station for itself)",
        request=DrawPlanCreateSerializer,
        responses={201: DrawPlanDetailSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        form = DrawPlanCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
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
        return self._plan_response(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Freeze the pools and publish the commitment (the plan's office or station)",
        description="The secret behind the commitment stays hidden until the draw runs.",
        request=None,
        responses=_detail_responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def freeze(self, request, pk=None):
        plan = self.get_object()
        services.freeze(request.user, plan)
        return self._plan_response(plan)

    @extend_schema(
        summary="Run the draw with a public random value (the plan's office or station)",
        description="Reveals the secret, publishes the result and makes one inspection task per "
        "drawn operator. A draw runs once and is never redone.",
        request=RunDrawSerializer,
        responses=_detail_responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def run(self, request, pk=None):
        plan = self.get_object()
        form = RunDrawSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        services.run_draw(
            request.user,
            plan,
            form.validated_data["public_value"],
            form.validated_data["public_source"],
        )
        return self._plan_response(plan)

    @extend_schema(
        summary="Cancel a plan, with the reason (the plan's office or station)",
        description="A cancelled plan stays on record; it is never deleted or re-run.",
        request=CancelPlanSerializer,
        responses=_detail_responses(DrawPlanDetailSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        plan = self.get_object()
        form = CancelPlanSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        services.cancel(request.user, plan, form.validated_data["reason"])
        return self._plan_response(plan)


# --- the public record of draws --------------------------------------------------------------


class PublicDrawFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        field_name="plan__status",
        choices=[
            (s.value, s.label)
            for s in (DrawPlan.Status.FROZEN, DrawPlan.Status.DRAWN, DrawPlan.Status.CANCELLED)
        ],
        help_text="The plan's status.",
    )

    class Meta:
        model = Draw
        fields = ["status"]


@extend_schema_view(
    list=extend_schema(summary="The published draws, newest first (no sign-in)"),
    retrieve=extend_schema(
        summary="One published draw with everything needed to recompute it (no sign-in)",
        responses=_detail_responses(PublicDrawDetailSerializer, 404),
    ),
)
class PublicDrawViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    filter_backends = [FilterBackend]
    filterset_class = PublicDrawFilter
    queryset = Draw.objects.none()  # for the schema; rows always come from get_queryset

    def get_serializer_class(self):
        return PublicDrawSerializer if self.action == "list" else PublicDrawDetailSerializer

    def get_queryset(self):
        qs = Draw.objects.filter(plan__in=visible(None, DrawPlan).values("pk")).select_related(
            "plan__station"
        )
        if self.action == "list":
            qs = qs.defer("operator_pool", "inspector_pool", "result")
        return qs.order_by("-frozen_at", "-pk")

    @extend_schema(
        summary="Recompute a published draw from its published inputs (no sign-in)",
        description="`ok` is false, with the reason, for a draw that has not run yet.",
        responses=_detail_responses(DrawVerifySerializer, 404),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def verify(self, request, pk=None):
        report = services.verify(self.get_object())
        return Response({"ok": report.ok, "problems": list(report.problems)})


# --- inspections -----------------------------------------------------------------------------


class InspectionFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    station = IdFilter(field_name="station_id", help_text="Station id.")
    draw = IdFilter(field_name="draw_id", help_text="Draw id.")
    source = django_filters.ChoiceFilter(choices=Inspection.Source.choices)
    status = django_filters.ChoiceFilter(choices=Inspection.Status.choices)
    planned_on = django_filters.DateFromToRangeFilter(
        help_text="`planned_on_after` / `planned_on_before`, inclusive."
    )
    inspected_on = django_filters.DateFromToRangeFilter(
        help_text="`inspected_on_after` / `inspected_on_before`, inclusive."
    )

    class Meta:
        model = Inspection
        fields = ["operator", "station", "draw", "source", "status"]


@extend_schema_view(
    list=extend_schema(summary="List the inspections the caller may see"),
    retrieve=extend_schema(
        summary="One inspection with its items and results",
        responses=_detail_responses(InspectionSerializer, 404),
    ),
)
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InspectionSerializer
    permission_classes = [ActionRolePermission]
    action_roles = {
        "record": {Role.OFFICE, Role.STATION, Role.INSPECTOR},
        "publish": REGULATORS,
    }
    action_messages = {
        "record": "Only the inspection's inspectors or its station may record the result.",
        "publish": "Only the responsible station or the programme office may publish.",
    }
    filter_backends = [FilterBackend]
    filterset_class = InspectionFilter
    queryset = Inspection.objects.none()  # for the schema; rows always come from get_queryset

    def get_queryset(self):
        return (
            visible(self.request.user, Inspection)
            .select_related("operator", "station")
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

    def _inspection_response(self, inspection: Inspection) -> Response:
        fresh = self.get_queryset().filter(pk=inspection.pk).first() or inspection
        return Response(InspectionSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Record the result per item (the inspection's inspectors or station)",
        description="Minor and serious results become findings; recording again corrects them "
        "until the result is published.",
        request=InspectionRecordSerializer,
        responses=_detail_responses(InspectionSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def record(self, request, pk=None):
        inspection = self.get_object()
        form = InspectionRecordSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
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
        return self._inspection_response(inspection)

    @extend_schema(
        summary="Approve and publish a recorded result (the responsible station or the office)",
        request=None,
        responses=_detail_responses(InspectionSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        inspection = self.get_object()
        services.publish_inspection(request.user, inspection)
        return self._inspection_response(inspection)


# --- findings and rectification orders -------------------------------------------------------


class FindingFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    inspection = IdFilter(field_name="inspection_id", help_text="Inspection id.")
    severity = django_filters.ChoiceFilter(choices=Finding.Severity.choices)
    source = django_filters.ChoiceFilter(choices=Finding.Source.choices)
    found_on = django_filters.DateFromToRangeFilter(
        help_text="`found_on_after` / `found_on_before`, inclusive."
    )

    class Meta:
        model = Finding
        fields = ["operator", "inspection", "severity", "source"]


@extend_schema_view(
    list=extend_schema(summary="List the findings the caller may see, newest first"),
    retrieve=extend_schema(
        summary="One finding", responses=_detail_responses(FindingSerializer, 404)
    ),
)
class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FindingSerializer
    permission_classes = [ActionRolePermission]
    action_roles = {"orders": REGULATORS}
    action_messages = {"orders": "Only a station or the programme office may order a fix."}
    filter_backends = [FilterBackend]
    filterset_class = FindingFilter
    queryset = Finding.objects.none()  # for the schema; rows always come from get_queryset

    def get_queryset(self):
        return (
            visible(self.request.user, Finding)
            .select_related("operator", "area")
            .order_by("-found_on", "-pk")
        )

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
        form = OrderIssueSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
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


class RectificationOrderFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    finding = IdFilter(field_name="finding_id", help_text="Finding id.")
    status = django_filters.ChoiceFilter(choices=RectificationOrder.Status.choices)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: waiting on the operator past the deadline today; false: the others.",
    )
    issued_on = django_filters.DateFromToRangeFilter(
        help_text="`issued_on_after` / `issued_on_before`, inclusive."
    )

    class Meta:
        model = RectificationOrder
        fields = ["operator", "finding", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(on=today) if value else queryset.not_overdue(on=today)


@extend_schema_view(
    list=extend_schema(summary="List the rectification orders the caller may see"),
    retrieve=extend_schema(
        summary="One rectification order with the operator's answers",
        responses=_detail_responses(RectificationOrderSerializer, 404),
    ),
)
class RectificationOrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = RectificationOrderSerializer
    permission_classes = [ActionRolePermission]
    action_roles = {"answer": {Role.OPERATOR}, "verify": REGULATORS}
    action_messages = {
        "answer": "Only the operator ordered to put things right may answer.",
        "verify": "Only a station or the programme office may verify a fix.",
    }
    filter_backends = [FilterBackend]
    filterset_class = RectificationOrderFilter
    queryset = RectificationOrder.objects.none()  # for the schema; rows from get_queryset

    def get_queryset(self):
        return (
            visible(self.request.user, RectificationOrder)
            .select_related("operator")
            .prefetch_related("responses")
            .order_by("-issued_on", "-pk")
        )

    def _order_response(self, order: RectificationOrder) -> Response:
        fresh = self.get_queryset().filter(pk=order.pk).first() or order
        data = RectificationOrderSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data)

    @extend_schema(
        summary="Report what was done (the operator ordered)",
        request=OrderAnswerSerializer,
        responses=_detail_responses(RectificationOrderSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request, pk=None):
        order = self.get_object()
        form = OrderAnswerSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        services.answer_order(request.user, order, form.validated_data["text"])
        return self._order_response(order)

    @extend_schema(
        summary="Accept an answered order, or send it back with a note (station, office)",
        request=OrderVerifySerializer,
        responses=_detail_responses(RectificationOrderSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def verify(self, request, pk=None):
        order = self.get_object()
        form = OrderVerifySerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        services.verify_order(
            request.user, order, form.validated_data["accept"], form.validated_data["note"]
        )
        return self._order_response(order)


# --- cases and veto events -------------------------------------------------------------------


class CaseFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    finding = IdFilter(field_name="finding_id", help_text="Finding id.")
    status = django_filters.ChoiceFilter(choices=Case.Status.choices)
    veto_kind = django_filters.ChoiceFilter(choices=VetoKind.choices)
    clue_received_on = django_filters.DateFromToRangeFilter(
        help_text="`clue_received_on_after` / `clue_received_on_before`, inclusive."
    )
    decided_on = django_filters.DateFromToRangeFilter(
        help_text="`decided_on_after` / `decided_on_before`, inclusive."
    )

    class Meta:
        model = Case
        fields = ["operator", "finding", "status", "veto_kind"]


@extend_schema_view(
    list=extend_schema(summary="List the cases the caller may see (the regulator's only)"),
    retrieve=extend_schema(summary="One case", responses=_detail_responses(CaseSerializer, 404)),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    permission_classes = [ActionRolePermission]
    filter_backends = [FilterBackend]
    filterset_class = CaseFilter
    queryset = Case.objects.none()  # for the schema; rows always come from get_queryset

    def get_queryset(self):
        return (
            visible(self.request.user, Case)
            .select_related("operator")
            .order_by("-clue_received_on", "-pk")
        )


class VetoEventFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    case = IdFilter(field_name="case_id", help_text="Case id.")
    kind = django_filters.ChoiceFilter(choices=VetoKind.choices)
    source = django_filters.ChoiceFilter(choices=VetoEvent.Source.choices)
    status = django_filters.ChoiceFilter(choices=VetoEvent.Status.choices)
    occurred_on = django_filters.DateFromToRangeFilter(
        help_text="`occurred_on_after` / `occurred_on_before`, inclusive."
    )

    class Meta:
        model = VetoEvent
        fields = ["operator", "case", "kind", "source", "status"]


@extend_schema_view(
    list=extend_schema(summary="List the veto events the caller may see, newest first"),
    retrieve=extend_schema(
        summary="One veto event", responses=_detail_responses(VetoEventSerializer, 404)
    ),
)
class VetoEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VetoEventSerializer
    permission_classes = [ActionRolePermission]
    action_roles = {"decide": {Role.OFFICE}}
    action_messages = {"decide": "Only the programme office may decide a veto event."}
    filter_backends = [FilterBackend]
    filterset_class = VetoEventFilter
    queryset = VetoEvent.objects.none()  # for the schema; rows always come from get_queryset

    def get_queryset(self):
        return (
            visible(self.request.user, VetoEvent)
            .select_related("operator")
            .order_by("-occurred_on", "-pk")
        )

    @extend_schema(
        summary="Confirm or reject a proposed veto event, with the reason (office)",
        request=VetoDecideSerializer,
        responses=_detail_responses(VetoEventSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        event = self.get_object()
        form = VetoDecideSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        event = services.decide_veto(
            request.user, event, form.validated_data["confirm"], form.validated_data["reason"]
        )
        return Response(VetoEventSerializer(event, context=self.get_serializer_context()).data)
