"""API representations of campaigns, their phases and enrolments.

Writes go through ``fangxin.programme.services`` (the views call them), never ``save()`` here;
these serializers only validate input and shape output. Related rows a caller may name
(campaigns, guides) are looked up through ``visible()`` so that an id outside the caller's
scope reads as "does not exist".
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api import bounds
from fangxin.core.api.fields import ScopedPrimaryKeyRelatedField, enum_field

from .models import Campaign, Enrolment, GuideVersion, Kind, Phase


def _today(serializer: serializers.Serializer):
    """One 'today' per request, shared by every row of a list."""
    context = serializer.context
    if "today" not in context:
        context["today"] = timezone.localdate()
    return context["today"]


KindField = enum_field(Kind, "ProgrammeKindEnum")
EnrolmentStatusField = enum_field(Enrolment.Status, "EnrolmentStatusEnum")


# --- campaigns ------------------------------------------------------------------------------


class PhaseSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_code_display", read_only=True)
    effective_end = serializers.DateField(
        read_only=True, help_text="`extended_to` when the phase was extended, else `ends_on`."
    )
    is_open_today = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = [
            "code",
            "label",
            "starts_on",
            "ends_on",
            "extended_to",
            "extension_reason",
            "effective_end",
            "is_open_today",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_open_today(self, phase: Phase) -> bool:
        return phase.is_open(_today(self))


class CampaignSerializer(serializers.ModelSerializer):
    guide_title = serializers.CharField(source="guide.title", read_only=True)
    guide_version = serializers.IntegerField(source="guide.version", read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)
    current_phase = serializers.SerializerMethodField(
        help_text="The phase open today (its extension counted), or null between phases."
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "year",
            "guide",
            "guide_title",
            "guide_version",
            "copied_from",
            "created_at",
            "phases",
            "current_phase",
        ]
        read_only_fields = fields

    @extend_schema_field(PhaseSerializer(allow_null=True))
    def get_current_phase(self, campaign: Campaign) -> dict | None:
        phase = campaign.current_phase(_today(self))
        if phase is None:
            return None
        return PhaseSerializer(phase, context=self.context).data


class CampaignCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2999)
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Defaults to “<year>年度长兴放心电商示范培育”.",
    )
    guide = serializers.PrimaryKeyRelatedField(
        queryset=GuideVersion.objects.all(),
        required=False,
        allow_null=True,
        help_text="Guide version to use; defaults to the shipped guide.",
    )


class CampaignCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2999,
        required=False,
        allow_null=True,
        help_text="Defaults to the source campaign's year + 1.",
    )


class PhaseExtendSerializer(serializers.Serializer):
    until = bounds.DateField(help_text="New last day; must be after the phase's end.")
    reason = serializers.CharField(max_length=200)


# --- enrolments -----------------------------------------------------------------------------


class EnrolmentSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    kind = KindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = EnrolmentStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    self_inspection = serializers.SerializerMethodField(
        help_text="Id of the operator's self-inspection for this enrolment; null until started."
    )

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "operator",
            "operator_name",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "created_at",
            "self_inspection",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_self_inspection(self, enrolment: Enrolment) -> int | None:
        inspection = getattr(enrolment, "self_inspection", None)
        return inspection.pk if inspection is not None else None


class EnrolRequestSerializer(serializers.Serializer):
    campaign = ScopedPrimaryKeyRelatedField(Campaign)
    kind = KindField()
    operators = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=5000,
        help_text="Operator ids. Operators outside the caller's jurisdiction, not active or "
        "not registered for the kind are left out (see `not_enrolled`).",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Why a station enrols after the mobilisation phase (required then).",
    )


class EnrolResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="How many enrolments were newly created.")
    not_enrolled = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Requested operator ids that are not enrolled for this campaign and kind "
        "after the call (outside the caller's jurisdiction, not active, or not of the kind).",
    )


class ApplyRequestSerializer(serializers.Serializer):
    campaign = ScopedPrimaryKeyRelatedField(Campaign)
    kind = KindField()
