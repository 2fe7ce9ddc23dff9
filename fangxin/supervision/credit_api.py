"""The credit listings in the API: read-only, the office's (``supervision.view_credit_listings``),
filtered by list, operator and whether in force on a day."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from fangxin.core.api.fields import enum_field
from fangxin.core.api.permissions import ActionPermission
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.filters import FilterSet, IdFilter

from .models import CreditListing, CreditListKind

CreditListKindField = enum_field(CreditListKind, "CreditListKindEnum")


class CreditListingSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    kind = CreditListKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    in_force_today = serializers.SerializerMethodField()

    class Meta:
        model = CreditListing
        fields = [
            "id",
            "operator",
            "operator_name",
            "kind",
            "kind_label",
            "code",
            "name",
            "reason",
            "listed_on",
            "authority",
            "removal_reason",
            "removed_on",
            "in_force_today",
            "veto_event",
            "batch",
            "created_at",
        ]
        read_only_fields = fields

    def get_in_force_today(self, obj) -> bool:
        return obj.is_in_force(timezone.localdate())


class CreditListingFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    kind = django_filters.ChoiceFilter(choices=CreditListKind.choices)
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on",
        help_text="Only the listings in force on this day (removed before it: not in force).",
    )

    class Meta:
        model = CreditListing
        fields = ["operator", "kind"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force(value) if value else queryset


@extend_schema_view(
    list=extend_schema(
        summary="List the credit listings read from the regulator's lists (office)",
        responses=responses(CreditListingSerializer(many=True), 400, 403),
    ),
    retrieve=extend_schema(
        summary="One credit listing (office)",
        responses=responses(CreditListingSerializer, 403, 404),
    ),
)
class CreditListingViewSet(ScopedReadViewSet):
    serializer_class = CreditListingSerializer
    permission_classes = [ActionPermission]
    read_permission = "supervision.view_credit_listings"
    refused_message = "Only the programme office may read the credit listings."
    filterset_class = CreditListingFilter
    queryset = CreditListing.objects.select_related("operator").order_by("-listed_on", "-pk")
