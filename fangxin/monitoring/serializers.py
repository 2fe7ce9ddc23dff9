"""API representations of monitoring material, its hits and the rule-list versions.

Writes go through ``fangxin.monitoring.services`` (the views in ``api.py`` call them); these
serializers only check the shape of the input and shape the output. Whether the caller may
monitor an operator, whether a date or duration is acceptable, whether a dismissal has its
reason: the services decide, so that the web pages and the API give the same answer.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api import bounds
from fangxin.core.api.fields import ScopedPrimaryKeyRelatedField, enum_field
from fangxin.registry.models import Operator, PlatformAccount
from fangxin.supervision.serializers import FindingSeverityField, PersonSerializer

from .models import Hit, LicenceCheck, Material, RuleSet

MaterialStatusField = enum_field(Material.Status, "MonitoringMaterialStatusEnum")
HitStatusField = enum_field(Hit.Status, "MonitoringHitStatusEnum")
HitSeverityField = enum_field(Hit.Severity, "MonitoringSeverityEnum")
LicenceResultField = enum_field(LicenceCheck.Result, "LicenceCheckResultEnum")

SCAN_FORMATS = {"text": "scan.txt", "srt": "scan.srt", "vtt": "scan.vtt"}


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


# --- rule-list versions ----------------------------------------------------------------------


class RuleSetSerializer(serializers.ModelSerializer):
    file_names = serializers.SerializerMethodField(help_text="The rule files, one per category.")

    class Meta:
        model = RuleSet
        fields = ["id", "version", "label", "rule_count", "is_active", "created_at", "file_names"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_file_names(self, ruleset: RuleSet) -> list[str]:
        return sorted(ruleset.files)


class RuleSetDetailSerializer(RuleSetSerializer):
    files = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="File name → the YAML text as it was in this version.",
    )
    created_by = serializers.SerializerMethodField()

    class Meta(RuleSetSerializer.Meta):
        fields = [*RuleSetSerializer.Meta.fields, "created_by", "files"]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_created_by(self, ruleset: RuleSet) -> dict | None:
        return _person(ruleset.created_by)


# --- material --------------------------------------------------------------------------------


class MaterialSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    status = MaterialStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    ruleset_version = serializers.CharField(
        source="ruleset.version",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The rule-list version of the last scan; null before the first scan.",
    )
    notes = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What the scan could not read, and where (e.g. a cue without timing).",
    )
    uploaded_by = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text="The file, for a signed-in reader.")

    class Meta:
        model = Material
        fields = [
            "id",
            "operator",
            "operator_name",
            "account",
            "stream_date",
            "duration_minutes",
            "original_name",
            "size",
            "sha256",
            "kind",
            "status",
            "status_label",
            "error",
            "notes",
            "ruleset_version",
            "hit_count",
            "scanned_at",
            "uploaded_by",
            "uploaded_at",
            "file_url",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_uploaded_by(self, material: Material) -> dict | None:
        return _person(material.uploaded_by)

    @extend_schema_field(OpenApiTypes.STR)
    def get_file_url(self, material: Material) -> str:
        return reverse("monitoring:material-file", args=[material.pk])


class MaterialUploadSerializer(serializers.Serializer):
    """Types only: ``services.upload`` checks the file's type and size, the account, the date
    and the duration, and whether the caller may monitor the operator."""

    operator = ScopedPrimaryKeyRelatedField(
        Operator, help_text="The operator the material is about."
    )
    account = serializers.PrimaryKeyRelatedField(
        queryset=PlatformAccount.objects.all(),
        required=False,
        allow_null=True,
        help_text="The operator's platform account the stream ran on, if known.",
    )
    stream_date = bounds.DateField(help_text="The day of the stream (or of the listing).")
    duration_minutes = serializers.IntegerField(
        required=False, default=0, help_text="Minutes of stream the material covers (0–1440)."
    )
    file = serializers.FileField(
        help_text="TXT, SRT, VTT, CSV, XLSX or JSON; UTF-8 or GB18030 text."
    )


# --- hits ------------------------------------------------------------------------------------


class HitSerializer(serializers.ModelSerializer):
    operator = serializers.IntegerField(source="material.operator_id", read_only=True)
    operator_name = serializers.CharField(source="material.operator.name", read_only=True)
    stream_date = serializers.DateField(source="material.stream_date", read_only=True)
    rule = serializers.CharField(source="rule_id", read_only=True)
    severity = HitSeverityField(read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    status = HitStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reviewed_by = serializers.SerializerMethodField()

    class Meta:
        model = Hit
        fields = [
            "id",
            "material",
            "operator",
            "operator_name",
            "stream_date",
            "rule",
            "category",
            "category_name",
            "severity",
            "severity_label",
            "legal_basis",
            "veto",
            "term",
            "start",
            "end",
            "cue_start",
            "row",
            "field",
            "context",
            "evasion",
            "status",
            "status_label",
            "reason",
            "reviewed_by",
            "reviewed_at",
            "finding",
            "veto_event",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_reviewed_by(self, hit: Hit) -> dict | None:
        return _person(hit.reviewed_by)


class ConfirmSerializer(serializers.Serializer):
    severity = FindingSeverityField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The finding's severity; by default serious for a serious category, else minor. "
        "A serious category cannot be confirmed as minor.",
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        help_text="Why this is not a problem (a company name, a trademark, a provable fact…).",
    )


# --- scanning without storing ----------------------------------------------------------------


class ScanRequestSerializer(serializers.Serializer):
    """Either ``text`` (JSON or form) with its ``format``, or a multipart ``file``."""

    text = serializers.CharField(
        required=False,
        trim_whitespace=False,  # offsets are into the text exactly as sent
        help_text="The text to scan; offsets in the answer are offsets into it.",
    )
    format = serializers.ChoiceField(
        choices=sorted(SCAN_FORMATS),
        required=False,
        default="text",
        help_text="How to read `text`: plain text, or SRT / WebVTT subtitles.",
    )
    file = serializers.FileField(
        required=False,
        help_text="Instead of `text`: a TXT, SRT, VTT, CSV, XLSX or JSON file (multipart only).",
    )

    def validate(self, attrs):
        if ("text" in attrs) == ("file" in attrs):
            raise serializers.ValidationError(
                {"text": "Send either `text` (with `format`) or a `file`, not both or neither."}
            )
        return attrs


class ScanHitSerializer(serializers.Serializer):
    """The same keys as ``fangxin scan FILE`` writes, one object per hit."""

    term = serializers.CharField(help_text="The original text that matched.")
    rule = serializers.CharField()
    category = serializers.CharField()
    severity = HitSeverityField()
    legal_basis = serializers.CharField()
    start = serializers.IntegerField(help_text="Offset of the match (in its cell for a listing).")
    end = serializers.IntegerField()
    cue_start = serializers.CharField(allow_null=True, help_text="Subtitles: the cue's start.")
    row = serializers.IntegerField(allow_null=True, help_text="Listings: the row number.")
    field = serializers.CharField(allow_null=True, help_text="Listings: the column.")
    context = serializers.CharField()


class ScanResultSerializer(serializers.Serializer):
    ruleset = serializers.CharField(help_text="The rule-list version used.")
    kind = serializers.CharField(help_text="text, subtitles or listing.")
    skipped = serializers.ListField(
        child=serializers.CharField(), help_text="What could not be read, and where."
    )
    count = serializers.IntegerField()
    hits = ScanHitSerializer(many=True)


# --- licence-display checks ------------------------------------------------------------------


class LicenceCheckSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)
    result = LicenceResultField(read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    place = serializers.CharField(read_only=True, help_text="The account or storefront checked.")
    checked_by = serializers.SerializerMethodField()

    class Meta:
        model = LicenceCheck
        fields = [
            "id",
            "operator",
            "operator_name",
            "account",
            "storefront",
            "place",
            "checked_on",
            "result",
            "result_label",
            "note",
            "checked_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_checked_by(self, check: LicenceCheck) -> dict | None:
        return _person(check.checked_by)


class LicenceCheckCreateSerializer(serializers.Serializer):
    """Types only: ``services.record_licence_check`` checks that the operator is enrolled, the
    account is its own, the date is not ahead and a failed check says what was missing."""

    operator = ScopedPrimaryKeyRelatedField(Operator, help_text="The enrolled operator checked.")
    account = serializers.PrimaryKeyRelatedField(
        queryset=PlatformAccount.objects.all(),
        required=False,
        allow_null=True,
        help_text="The operator's platform account checked (or name a storefront).",
    )
    storefront = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=200,
        help_text="The shop or live room checked, when it is no registered account.",
    )
    checked_on = bounds.DateField(help_text="The day of the check (not after today).")
    result = LicenceResultField()
    note = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=500,
        help_text="What was missing: required when the result is not `displayed`.",
    )
