"""Read-only API for the watch list from results, the risk classes and credit punishment,
scoped like the pages (a station sees its own area; partner departments read the punishments)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from fangxin.core.api.permissions import ActionPermission
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.filters import FilterSet, IdFilter

from . import punishment, risk_classes
from .models import Punishment, ResultWatch, RiskClassRecord


class ResultWatchSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)
    reason = serializers.CharField(source="watch_entry.reason", read_only=True, default="")
    ends_on = serializers.DateField(source="watch_entry.ends_on", read_only=True, default=None)
    order_due_on = serializers.DateField(
        source="order.due_on", read_only=True, default=None, allow_null=True
    )
    order_basis = serializers.CharField(
        source="order.basis", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ResultWatch
        fields = [
            "id",
            "operator",
            "operator_name",
            "rule",
            "rule_label",
            "source_label",
            "source_id",
            "watch_entry",
            "reason",
            "ends_on",
            "order",
            "order_due_on",
            "order_basis",
            "created_at",
        ]
        read_only_fields = fields


class RiskClassRecordSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    risk_class = serializers.CharField(source="operator.risk_class", read_only=True)
    # Empty while nothing locks the class: a plain string ("" or override / import).
    lock_source = serializers.CharField(read_only=True)
    reason_texts = serializers.SerializerMethodField()

    class Meta:
        model = RiskClassRecord
        fields = [
            "id",
            "operator",
            "operator_name",
            "risk_class",
            "computed_class",
            "points",
            "reason_texts",
            "computed_on",
            "locked",
            "locked_class",
            "lock_source",
            "lock_reason",
        ]
        read_only_fields = fields

    def get_reason_texts(self, obj) -> list[str]:
        return [risk_classes.reason_text(r) for r in obj.reasons]


class PunishmentSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    uscc = serializers.CharField(source="operator.uscc", read_only=True)
    measure_label = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()

    class Meta:
        model = Punishment
        fields = [
            "id",
            "operator",
            "operator_name",
            "uscc",
            "measure",
            "measure_label",
            "basis",
            "ground",
            "ground_label",
            "ground_id",
            "ground_note",
            "starts_on",
            "ends_on",
        ]
        read_only_fields = fields

    def get_measure_label(self, obj) -> str:
        item = punishment.measure(obj.measure)
        return str(item.label) if item else obj.measure

    def get_basis(self, obj) -> str:
        item = punishment.measure(obj.measure)
        return str(item.basis) if item else ""


class OperatorFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")


class ResultWatchFilter(OperatorFilter):
    class Meta:
        model = ResultWatch
        fields = ["operator", "rule"]


class RiskClassRecordFilter(OperatorFilter):
    class Meta:
        model = RiskClassRecord
        fields = ["operator", "locked"]


class PunishmentFilter(OperatorFilter):
    class Meta:
        model = Punishment
        fields = ["operator", "measure", "ground"]


def _schema(serializer, what: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {what}", responses=responses(serializer(many=True), 400, 403)
        ),
        retrieve=extend_schema(summary=f"One of {what}", responses=responses(serializer, 403, 404)),
    )


@_schema(ResultWatchSerializer, "the watch entries results made (office, stations)")
class ResultWatchViewSet(ScopedReadViewSet):
    serializer_class = ResultWatchSerializer
    permission_classes = [ActionPermission]
    read_permission = "oversight.view_targets"
    refused_message = "Only the programme office and the stations may read the watch list."
    filterset_class = ResultWatchFilter
    queryset = ResultWatch.objects.select_related("operator", "watch_entry", "order").order_by(
        "-created_at", "-pk"
    )


@_schema(RiskClassRecordSerializer, "the credit risk classes with their reasons")
class RiskClassRecordViewSet(ScopedReadViewSet):
    serializer_class = RiskClassRecordSerializer
    permission_classes = [ActionPermission]
    read_permission = "oversight.view_targets"
    refused_message = "Only the programme office and the stations may read the risk classes."
    filterset_class = RiskClassRecordFilter
    queryset = RiskClassRecord.objects.select_related("operator").order_by("operator__name", "pk")


@_schema(PunishmentSerializer, "the credit punishment measures with their basis")
class PunishmentViewSet(ScopedReadViewSet):
    serializer_class = PunishmentSerializer
    permission_classes = [ActionPermission]
    read_permission = "oversight.view_punishments"
    refused_message = "Only the office, the stations and partner departments may read this."
    filterset_class = PunishmentFilter
    queryset = Punishment.objects.select_related("operator").order_by("-starts_on", "-pk")
