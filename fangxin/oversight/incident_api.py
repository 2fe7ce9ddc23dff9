"""Public-opinion incidents and publicity records in the API: read-only, scoped by
``visible()`` (a station its own area's incidents and its own records), for the office and the
stations (``read_permission``). Recording and judging happen on the pages, through the same
services."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from fangxin.core.api.permissions import ActionPermission
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.filters import FilterSet, IdFilter

from .models import FieldVisit, Incident, Meeting, PublicityActivity


class IncidentSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # The link may be empty (an incident reported by telephone): a plain string, not a URI.
    link = serializers.CharField(read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "operator",
            "operator_name",
            "source",
            "link",
            "occurred_on",
            "summary",
            "status",
            "status_label",
            "judged_at",
            "judgement_reason",
            "measure",
            "order",
            "closed_on",
            "closing_note",
        ]
        read_only_fields = fields


class IncidentFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    status = django_filters.ChoiceFilter(choices=Incident.Status.choices)

    class Meta:
        model = Incident
        fields = ["operator", "status"]


class _RecordFilter(FilterSet):
    year = django_filters.NumberFilter(field_name="campaign__year", help_text="Campaign year.")
    station = IdFilter(field_name="station_id", help_text="Station id.")


def _schema(what: str, serializer):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {what} (office, stations: their own)",
            responses=responses(serializer(many=True), 400, 403),
        ),
        retrieve=extend_schema(
            summary=f"One of the {what}", responses=responses(serializer, 403, 404)
        ),
    )


@_schema("public-opinion incidents", IncidentSerializer)
class IncidentViewSet(ScopedReadViewSet):
    serializer_class = IncidentSerializer
    permission_classes = [ActionPermission]
    read_permission = "oversight.view_incidents"
    refused_message = "Only the programme office and the stations may read incidents."
    filterset_class = IncidentFilter
    queryset = Incident.objects.select_related("operator").order_by("-occurred_on", "-pk")


class PublicityActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicityActivity
        fields = [
            "id",
            "campaign",
            "station",
            "held_on",
            "place",
            "form",
            "audience",
            "description",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "campaign", "station", "kind", "held_on", "place", "minutes", "attendees"]
        read_only_fields = fields


class FieldVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FieldVisit
        fields = [
            "id",
            "campaign",
            "station",
            "visited_on",
            "operator",
            "place",
            "notes",
            "participants",
        ]
        read_only_fields = fields


def _record_viewset(model, serializer, what):
    class Filter(_RecordFilter):
        class Meta:
            fields = ["year", "station"]

    Filter.Meta.model = model

    @_schema(what, serializer)
    class RecordViewSet(ScopedReadViewSet):
        serializer_class = serializer
        permission_classes = [ActionPermission]
        read_permission = "oversight.view_publicity"
        refused_message = "Only the programme office and the stations may read these records."
        filterset_class = Filter
        queryset = model.objects.order_by("-pk")

    RecordViewSet.__name__ = f"{model.__name__}ViewSet"
    RecordViewSet.__qualname__ = RecordViewSet.__name__
    return RecordViewSet


PublicityActivityViewSet = _record_viewset(
    PublicityActivity, PublicityActivitySerializer, "publicity activities"
)
MeetingViewSet = _record_viewset(Meeting, MeetingSerializer, "work meetings")
FieldVisitViewSet = _record_viewset(FieldVisit, FieldVisitSerializer, "field visits")
