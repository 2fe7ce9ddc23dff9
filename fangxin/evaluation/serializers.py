"""API representations of rubrics, ledger entries and results (read-only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api.fields import enum_field
from fangxin.programme.models import Kind

from .models import LedgerEntry, Rubric, Score

KindField = enum_field(Kind, "EvaluationKindEnum")
SourceField = enum_field(LedgerEntry.Source, "LedgerSourceEnum")


class RubricSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    kind = KindField(read_only=True)

    class Meta:
        model = Rubric
        fields = [
            "id",
            "campaign",
            "campaign_year",
            "kind",
            "version",
            "body",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class LedgerEntrySerializer(serializers.ModelSerializer):
    source = SourceField(read_only=True)
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)
    fact = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "enrolment",
            "rubric",
            "rubric_version",
            "dimension",
            "criterion",
            "points",
            "source",
            "automatic",
            "fact",
            "detail",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_fact(self, entry: LedgerEntry) -> str | None:
        """``app_label.model:pk`` of the row the entry came from, if any."""
        return f"{entry.fact_label}:{entry.fact_pk}" if entry.fact_label else None


class ScoreSerializer(serializers.ModelSerializer):
    operator = serializers.IntegerField(source="enrolment.operator_id", read_only=True)
    operator_name = serializers.CharField(source="enrolment.operator.name", read_only=True)
    campaign_year = serializers.IntegerField(source="enrolment.campaign.year", read_only=True)
    kind = KindField(source="enrolment.kind", read_only=True)
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "enrolment",
            "operator",
            "operator_name",
            "campaign_year",
            "kind",
            "rubric_version",
            "total",
            "published",
            "dimensions",
            "criteria",
            "candidate",
            "near_miss",
            "reasons",
            "computed_at",
        ]
        read_only_fields = fields


# --- evaluation panels ----------------------------------------------------------------------

from .models_panels import Panel, PanelScore  # noqa: E402


class PanelSerializer(serializers.ModelSerializer):
    campaign_year = serializers.IntegerField(source="campaign.year", read_only=True)
    members = serializers.SerializerMethodField()
    enrolments = serializers.SerializerMethodField()

    class Meta:
        model = Panel
        fields = ["id", "campaign", "campaign_year", "name", "leader", "members", "enrolments"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_members(self, panel: Panel) -> list[int]:
        """The members' user ids."""
        return [m.user_id for m in panel.members.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_enrolments(self, panel: Panel) -> list[int]:
        """The ids of the enrolments assigned to the panel."""
        return [a.enrolment_id for a in panel.assignments.all()]


class PanelScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = PanelScore
        fields = [
            "id",
            "enrolment",
            "member",
            "dimension",
            "criterion",
            "points",
            "comment",
            "evidence",
            "updated_at",
        ]
        read_only_fields = fields
