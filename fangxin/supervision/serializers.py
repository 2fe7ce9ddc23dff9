"""API representations of draw plans and draws, inspections, findings and what follows them.

Writes go through ``fangxin.supervision.services`` (the views in ``api.py`` call them), never
``save()`` here; these serializers only validate input and shape output.

Two things are never shown: a draw's ``secret`` before the draw has run (it would let anyone
predict the result from the public value), and an inspection's ``internal_note`` to anyone but
the regulator (office, station, inspector).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api import bounds
from fangxin.core.api.fields import DecisionField, ScopedPrimaryKeyRelatedField, enum_field
from fangxin.core.models import Area, PartnerDepartment, Station
from fangxin.programme.models import Campaign, Requirement
from fangxin.programme.serializers import KindField
from fangxin.registry.models import Operator

from .models import (
    Case,
    Draw,
    DrawPlan,
    Finding,
    Inspection,
    InspectionItem,
    OrderResponse,
    RectificationOrder,
    VetoEvent,
)
from .models.enforcement import VetoKind

DrawPlanStatusField = enum_field(DrawPlan.Status, "DrawPlanStatusEnum")
InspectionStatusField = enum_field(Inspection.Status, "InspectionStatusEnum")
InspectionSourceField = enum_field(Inspection.Source, "InspectionSourceEnum")
ItemResultField = enum_field(InspectionItem.Result, "InspectionItemResultEnum")
FindingSeverityField = enum_field(Finding.Severity, "FindingSeverityEnum")
FindingSourceField = enum_field(Finding.Source, "FindingSourceEnum")
OrderStatusField = enum_field(RectificationOrder.Status, "RectificationOrderStatusEnum")
OrderBasisField = enum_field(RectificationOrder.Basis, "RectificationOrderBasisEnum")
CaseStatusField = enum_field(Case.Status, "CaseStatusEnum")
VetoKindField = enum_field(VetoKind, "VetoKindEnum")
VetoStatusField = enum_field(VetoEvent.Status, "VetoEventStatusEnum")
VetoSourceField = enum_field(VetoEvent.Source, "VetoEventSourceEnum")
OperatorStatusField = enum_field(Operator.Status, "DrawPoolOperatorStatusEnum")
RiskClassField = enum_field(Operator.RiskClass, "DrawPoolRiskClassEnum")


def _today(serializer: serializers.Serializer):
    """One 'today' per request, shared by every row of a list."""
    return serializer.context.setdefault("today", timezone.localdate())


def _person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or user.username}


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- draw plans and draws --------------------------------------------------------------------


class RequirementRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "code", "text"]
        read_only_fields = fields


class _SecretMixin:
    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_secret(self, draw: Draw) -> str | None:
        """Revealed with the result; hidden (null) while the plan is frozen or if cancelled."""
        return draw.secret if draw.is_drawn else None


REVEAL_HELP = "The committed secret, revealed only once the draw has run; null before."


class DrawSummarySerializer(_SecretMixin, serializers.ModelSerializer):
    secret = serializers.SerializerMethodField(help_text=REVEAL_HELP)
    selected_count = serializers.SerializerMethodField(
        help_text="How many operators the draw selected; null before it has run."
    )

    class Meta:
        model = Draw
        fields = [
            "id",
            "algorithm",
            "pools_hash",
            "commitment",
            "frozen_at",
            "secret",
            "public_value",
            "public_source",
            "seed",
            "result_hash",
            "drawn_at",
            "selected_count",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_selected_count(self, draw: Draw) -> int | None:
        return len(draw.result) if draw.result is not None else None


class DrawResultRowSerializer(serializers.Serializer):
    operator = serializers.IntegerField(help_text="Operator id.")
    inspectors = serializers.ListField(
        child=serializers.IntegerField(), help_text="Inspector (user) ids, ascending."
    )
    reason = serializers.CharField(help_text="`key_target`, `quota:<risk class>` or `total`.")


class DrawDetailSummarySerializer(DrawSummarySerializer):
    result = DrawResultRowSerializer(many=True, read_only=True, allow_null=True)

    class Meta(DrawSummarySerializer.Meta):
        fields = [*DrawSummarySerializer.Meta.fields, "result"]
        read_only_fields = fields


class DrawPlanSerializer(serializers.ModelSerializer):
    status = DrawPlanStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    station_name = serializers.CharField(
        source="station.name", read_only=True, default=None, allow_null=True
    )
    items = RequirementRefSerializer(many=True, read_only=True)
    pool_filters = serializers.JSONField(
        read_only=True, help_text="The operator pool's filters, as given when the plan was made."
    )
    rules = serializers.JSONField(
        read_only=True, help_text="The draw rules, with the defaults filled in."
    )
    draw = serializers.SerializerMethodField(
        help_text="The published draw record, once the plan has been frozen."
    )

    draw_serializer = DrawSummarySerializer

    class Meta:
        model = DrawPlan
        fields = [
            "id",
            "name",
            "status",
            "status_label",
            "station",
            "station_name",
            "campaign",
            "items",
            "free_items",
            "pool_filters",
            "areas",
            "rules",
            "inspector_stations",
            "partner_departments",
            "created_at",
            "cancelled_reason",
            "draw",
        ]
        read_only_fields = fields

    @extend_schema_field(DrawSummarySerializer(allow_null=True))
    def get_draw(self, plan: DrawPlan) -> dict | None:
        draw = getattr(plan, "draw", None)
        if draw is None:
            return None
        return self.draw_serializer(draw, context=self.context).data


class DrawPlanDetailSerializer(DrawPlanSerializer):
    draw_serializer = DrawDetailSummarySerializer

    @extend_schema_field(DrawDetailSummarySerializer(allow_null=True))
    def get_draw(self, plan: DrawPlan) -> dict | None:
        return super().get_draw(plan)


class PoolFiltersSerializer(serializers.Serializer):
    kind = KindField(required=False, allow_null=True, help_text="Only operators of this kind.")
    statuses = serializers.ListField(
        child=OperatorStatusField(),
        required=False,
        help_text="Operator statuses to include; defaults to active only.",
    )
    risk_classes = serializers.ListField(
        child=RiskClassField(), required=False, help_text="Only these risk classes."
    )
    key_targets_only = serializers.BooleanField(
        required=False, help_text="Only key supervision targets."
    )
    not_inspected_days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        allow_null=True,
        help_text="Leave out operators inspected within this many days.",
    )
    enrolled = serializers.BooleanField(
        required=False, help_text="Only operators enrolled in the plan's campaign."
    )


class QuotasSerializer(serializers.Serializer):
    A = serializers.FloatField(min_value=0, required=False)
    B = serializers.FloatField(min_value=0, required=False)
    C = serializers.FloatField(min_value=0, required=False)
    D = serializers.FloatField(min_value=0, required=False)


class DrawRulesSerializer(serializers.Serializer):
    quotas = QuotasSerializer(
        required=False,
        help_text="Per risk class: below 1 a ratio of the class (0.1 = 10 %, rounded up), "
        "1 or more a number of operators. A class left out is never drawn (its key targets "
        "aside). Defaults to A 1 %, B 2 %, C 10 %, D 30 %.",
    )
    total = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Draw this many in all."
    )
    include_key_targets = serializers.BooleanField(required=False)
    stratify_by_station = serializers.BooleanField(required=False)
    inspectors_per_task = serializers.IntegerField(min_value=2, max_value=10, required=False)
    avoid_own_station = serializers.BooleanField(required=False)


class DrawPlanCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    station = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.all(),
        required=False,
        allow_null=True,
        help_text="Office only: the station whose plan this is; null for a county-wide plan. "
        "A station's plan is always its own.",
    )
    campaign = ScopedPrimaryKeyRelatedField(Campaign, required=False, allow_null=True)
    items = serializers.PrimaryKeyRelatedField(
        queryset=Requirement.objects.all(),
        many=True,
        required=False,
        help_text="Guide items (requirement ids) to check.",
    )
    free_items = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        max_length=200,
        help_text="Further items to check, in words.",
    )
    pool_filters = PoolFiltersSerializer(required=False)
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        many=True,
        required=False,
        help_text="Towns to draw from; defaults to the plan's station's (or all, county-wide).",
    )
    rules = DrawRulesSerializer(required=False)
    inspector_stations = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.all(),
        many=True,
        required=False,
        help_text="Stations whose inspectors make the inspector pool; defaults to the plan's "
        "station (all stations, county-wide).",
    )
    partner_departments = serializers.PrimaryKeyRelatedField(
        queryset=PartnerDepartment.objects.all(),
        many=True,
        required=False,
        help_text="Departments joining the inspections.",
    )


class RunDrawSerializer(serializers.Serializer):
    public_value = serializers.CharField(
        max_length=200,
        help_text="A value published on the day and unknown before, e.g. the lottery numbers.",
    )
    public_source = serializers.CharField(max_length=300, help_text="Where it was published.")


class CancelPlanSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PublicDrawSerializer(_SecretMixin, serializers.ModelSerializer):
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    plan_status = DrawPlanStatusField(source="plan.status", read_only=True)
    station_name = serializers.CharField(
        source="plan.station.name", read_only=True, default=None, allow_null=True
    )
    cancelled_reason = serializers.CharField(source="plan.cancelled_reason", read_only=True)
    secret = serializers.SerializerMethodField(help_text=REVEAL_HELP)

    class Meta:
        model = Draw
        fields = [
            "id",
            "plan",
            "plan_name",
            "plan_status",
            "station_name",
            "algorithm",
            "pools_hash",
            "commitment",
            "frozen_at",
            "secret",
            "public_value",
            "public_source",
            "seed",
            "result_hash",
            "drawn_at",
            "cancelled_reason",
        ]
        read_only_fields = fields


class PublicDrawDetailSerializer(PublicDrawSerializer):
    """Everything needed to recompute the draw independently."""

    operator_pool = serializers.JSONField(
        read_only=True, help_text="`{id, key_target, risk_class, station}` per operator."
    )
    inspector_pool = serializers.JSONField(
        read_only=True, help_text="`{conflicts, id, station}` per inspector."
    )
    rules = serializers.JSONField(read_only=True)
    result = DrawResultRowSerializer(many=True, read_only=True, allow_null=True)

    class Meta(PublicDrawSerializer.Meta):
        fields = [
            *PublicDrawSerializer.Meta.fields,
            "operator_pool",
            "inspector_pool",
            "rules",
            "result",
        ]
        read_only_fields = fields


class DrawVerifySerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="Each check that failed, in English."
    )


# --- inspections -----------------------------------------------------------------------------


class InspectionItemSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        source="requirement.code", read_only=True, default=None, allow_null=True
    )
    result = ItemResultField(read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = InspectionItem
        fields = ["id", "requirement", "code", "text", "result", "result_label", "note"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    source = InspectionSourceField(read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = InspectionStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    inspectors = serializers.SerializerMethodField()
    items = InspectionItemSerializer(many=True, read_only=True)
    # Not read-only so that the schema can leave it out of `required`: it is absent for
    # callers outside the regulator. This serializer is never used for input.
    internal_note = serializers.CharField(
        required=False,
        help_text="The regulator's internal note: only for the office, stations and "
        "inspectors; absent for everyone else.",
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "operator",
            "operator_name",
            "station",
            "station_name",
            "source",
            "source_label",
            "draw",
            "status",
            "status_label",
            "planned_on",
            "inspected_on",
            "inspectors",
            "partner_departments",
            "pickup_point",
            "items",
            "conclusion",
            "internal_note",
            "acknowledged_by",
            "acknowledged_at",
            "publish_due",
            "publish_due_provisional",
            "published_at",
            "created_at",
        ]
        read_only_fields = [f for f in fields if f != "internal_note"]

    @extend_schema_field(PersonSerializer(many=True))
    def get_inspectors(self, inspection: Inspection) -> list[dict]:
        return [_person(u) for u in inspection.inspectors.all()]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.has_perm("supervision.view_internal_note")):
            data.pop("internal_note", None)
        return data


class ItemResultSerializer(serializers.Serializer):
    result = ItemResultField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    area = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="Requirement area code (e.g. `qualifications`) of a problem in a free-text "
        "item; required there, ignored for an item of the guide (its requirement says it).",
    )


class InspectionRecordSerializer(serializers.Serializer):
    inspected_on = bounds.DateField()
    results = serializers.DictField(
        child=ItemResultSerializer(),
        allow_empty=True,
        help_text="Keyed by inspection item id. Minor and serious results become findings.",
    )
    conclusion = serializers.CharField()
    internal_note = serializers.CharField(required=False, allow_blank=True, default="")
    kind = KindField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The operator kind a free-text item's problem concerns: required when the "
        "operator does both kinds and the inspection is not of a pickup point.",
    )
    acknowledged_by = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        default="",
        help_text="Who signed for the operator.",
    )

    def validate_results(self, value: dict) -> dict:
        if any(not str(key).isdigit() for key in value):
            raise serializers.ValidationError("Keys must be inspection item ids.")
        return value


# --- findings and rectification orders -------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    source = FindingSourceField(read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    severity = FindingSeverityField(read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    area_code = serializers.CharField(source="area.code", read_only=True)
    kind = KindField(
        read_only=True,
        allow_null=True,
        help_text="The operator kind it counts for; null: the operator does both and nothing "
        "said which, so it counts for both enrolments.",
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "operator",
            "operator_name",
            "source",
            "source_label",
            "severity",
            "severity_label",
            "description",
            "found_on",
            "inspection",
            "inspection_item",
            "sample",
            "area",
            "area_name",
            "area_code",
            "kind",
            "pickup_point",
            "created_at",
        ]
        read_only_fields = fields


class OrderResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderResponse
        fields = ["id", "text", "submitted_at"]
        read_only_fields = fields


class RectificationOrderSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    status = OrderStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Waiting on the operator past its deadline today."
    )
    responses = OrderResponseSerializer(many=True, read_only=True)
    basis = OrderBasisField(
        read_only=True,
        help_text="What the order rests on; only `finding` orders feed automatic deductions "
        "unless a rubric says otherwise.",
    )
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    area_code = serializers.SerializerMethodField(
        help_text="The requirement area: the finding's, else the one chosen when issued."
    )
    kind = serializers.SerializerMethodField(
        help_text="The operator kind it counts for (the finding's, else the one chosen); "
        "null: both enrolments."
    )

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "basis",
            "basis_label",
            "basis_note",
            "finding",
            "area_code",
            "kind",
            "operator",
            "operator_name",
            "number",
            "requirement",
            "issued_on",
            "working_days",
            "due_on",
            "due_provisional",
            "status",
            "status_label",
            "overdue",
            "overdue_since",
            "verified_on",
            "verification_note",
            "responses",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, order: RectificationOrder) -> bool:
        return order.is_overdue(_today(self))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_area_code(self, order: RectificationOrder) -> str | None:
        area = order.finding.area if order.finding_id else order.area
        return area.code if area else None

    @extend_schema_field(
        {"type": "string", "enum": ["livestream", "group_buying"], "nullable": True}
    )
    def get_kind(self, order: RectificationOrder) -> str | None:
        return order.finding.kind if order.finding_id else order.kind


class OrderIssueSerializer(serializers.Serializer):
    requirement = serializers.CharField(help_text="What the operator must put right.")
    working_days = serializers.IntegerField(
        min_value=1,
        max_value=365,
        required=False,
        allow_null=True,
        help_text="Deadline in working days; defaults to the configured period.",
    )
    issued_on = bounds.DateField(required=False, allow_null=True, help_text="Defaults to today.")
    number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="", help_text="Document number."
    )


NO_BASIS_NOTE = gettext_lazy("请说明责令整改的依据。")
NO_AREA = gettext_lazy("请选择整改涉及的要求方面。")


class OrderOnBasisSerializer(OrderIssueSerializer):
    operator = ScopedPrimaryKeyRelatedField(Operator, help_text="Operator id.")
    basis = OrderBasisField(
        help_text="The ground of the order; not `finding` (issue those from the finding)."
    )
    basis_note = serializers.CharField(
        help_text="What the ground is (source, date, result).",
        error_messages={"required": NO_BASIS_NOTE, "blank": NO_BASIS_NOTE},
    )
    area = serializers.CharField(
        max_length=40,
        help_text="Requirement area code (e.g. `qualifications`).",
        error_messages={"required": NO_AREA, "blank": NO_AREA},
    )
    kind = KindField(
        required=False,
        allow_null=True,
        help_text="For an operator of both kinds: which business; null: both.",
    )


class OrderAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What the operator did.")


class OrderVerifySerializer(serializers.Serializer):
    accept = DecisionField(help_text="True closes the order; false sends it back.")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when not accepted."
    )


# --- cases and veto events -------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    status = CaseStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    veto_kind = serializers.SerializerMethodField(
        help_text="The veto situation the decision established, if any."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "operator",
            "operator_name",
            "finding",
            "summary",
            "status",
            "status_label",
            "clue_received_on",
            "decide_filing_by",
            "decide_filing_provisional",
            "filing_extended",
            "filed_on",
            "decide_by",
            "decision_extended",
            "suspended_days",
            "decided_on",
            "penalty",
            "amount",
            "decision_number",
            "no_case_reason",
            "veto_kind",
        ]
        read_only_fields = fields

    @extend_schema_field(VetoKindField(allow_null=True))
    def get_veto_kind(self, case: Case) -> str | None:
        return case.veto_kind or None


class VetoEventSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    kind = VetoKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    source = VetoSourceField(read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status = VetoStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = VetoEvent
        fields = [
            "id",
            "operator",
            "operator_name",
            "kind",
            "kind_label",
            "source",
            "source_label",
            "case",
            "description",
            "occurred_on",
            "status",
            "status_label",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class VetoDecideSerializer(serializers.Serializer):
    confirm = DecisionField(help_text="True confirms the situation; false rejects it.")
    reason = serializers.CharField()


class PublicInspectionSerializer(serializers.ModelSerializer):
    """A published inspection result (结果公示): what the public page shows, nothing internal."""

    operator_name = serializers.CharField(source="operator.name", read_only=True)
    uscc = serializers.CharField(source="operator.uscc", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "operator_name",
            "uscc",
            "inspected_on",
            "station_name",
            "conclusion",
            "published_at",
        ]
        read_only_fields = fields
