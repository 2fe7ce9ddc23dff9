"""API representations of self-inspections, their answers and evidence.

Writes go through ``fangxin.selfcheck.services`` (the views call them), never ``save()`` here;
these serializers only validate input and shape output.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api import bounds
from fangxin.core.api.fields import DecisionField, ScopedPrimaryKeyRelatedField, enum_field
from fangxin.programme.models import Enrolment
from fangxin.programme.serializers import KindField

from .models import Answer, Evidence, SelfInspection

SelfInspectionStatusField = enum_field(SelfInspection.Status, "SelfInspectionStatusEnum")


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "name", "purpose", "content_type", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class AnswerResultField(serializers.ChoiceField):
    """The model keeps "" for an item not answered yet; the API says null, outside the enum."""

    def __init__(self, **kwargs):
        super().__init__(choices=Answer.Result.choices, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class AnswerSerializer(serializers.ModelSerializer):
    result = AnswerResultField(
        read_only=True, help_text="The operator's answer; null while not answered."
    )
    requirement = serializers.CharField(source="requirement.code", read_only=True)
    area = serializers.CharField(source="requirement.area.name", read_only=True)
    text = serializers.CharField(source="requirement.text", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "requirement",
            "area",
            "text",
            "result",
            "note",
            "plan",
            "target_date",
            "review_comment",
            "rectified_at",
            "rectification_note",
            "evidence",
        ]
        read_only_fields = fields


class SelfInspectionSerializer(serializers.ModelSerializer):
    """A self-inspection without its answers, as lists show it."""

    campaign = serializers.IntegerField(source="enrolment.campaign_id", read_only=True)
    campaign_year = serializers.IntegerField(source="enrolment.campaign.year", read_only=True)
    operator = serializers.IntegerField(source="enrolment.operator_id", read_only=True)
    operator_name = serializers.CharField(source="enrolment.operator.name", read_only=True)
    kind = KindField(source="enrolment.kind", read_only=True)
    status = SelfInspectionStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    editable = serializers.BooleanField(
        read_only=True, help_text="Whether the operator may still change answers and submit."
    )
    answered = serializers.SerializerMethodField(help_text="Answers with a result.")
    total = serializers.SerializerMethodField(help_text="Items to answer.")

    class Meta:
        model = SelfInspection
        fields = [
            "id",
            "enrolment",
            "campaign",
            "campaign_year",
            "operator",
            "operator_name",
            "kind",
            "status",
            "status_label",
            "editable",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "created_at",
            "updated_at",
            "answered",
            "total",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_answered(self, inspection: SelfInspection) -> int:
        annotated = getattr(inspection, "answered_count", None)
        if annotated is not None:
            return annotated
        return inspection.answers.exclude(result="").count()

    @extend_schema_field(OpenApiTypes.INT)
    def get_total(self, inspection: SelfInspection) -> int:
        annotated = getattr(inspection, "answer_count", None)
        if annotated is not None:
            return annotated
        return inspection.answers.count()


class SelfInspectionDetailSerializer(SelfInspectionSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(SelfInspectionSerializer.Meta):
        fields = [*SelfInspectionSerializer.Meta.fields, "answers"]
        read_only_fields = fields


# --- input ----------------------------------------------------------------------------------


class StartRequestSerializer(serializers.Serializer):
    enrolment = ScopedPrimaryKeyRelatedField(Enrolment)


class AnswerInputSerializer(serializers.Serializer):
    """The fields of one answer a draft may set; fields left out keep their value."""

    result = serializers.ChoiceField(
        choices=Answer.Result.choices, allow_blank=True, required=False
    )
    note = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    plan = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=5000,
        help_text="Rectification measures; kept for non-compliant items only.",
    )
    target_date = bounds.DateField(
        allow_null=True,
        required=False,
        help_text="Rectification deadline; kept for non-compliant items only.",
    )


def _answer_ids(value: dict, field: str) -> dict[int, object]:
    out: dict[int, object] = {}
    for key, item in value.items():
        try:
            answer_id = int(key)
        except (TypeError, ValueError):
            raise serializers.ValidationError(
                f"{field}: keys must be answer ids, not {key!r}."
            ) from None
        out[answer_id] = item
    return out


class SaveAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=AnswerInputSerializer(),
        allow_empty=False,
        help_text="Answer id → the fields to set.",
    )

    def validate_answers(self, value):
        return _answer_ids(value, "answers")


class ReviewSerializer(serializers.Serializer):
    accept = DecisionField()
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    item_comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        required=False,
        default=dict,
        help_text="Answer id → the station's comment on that item. Returning needs a comment "
        "here or in `comment`.",
    )

    def validate_item_comments(self, value):
        return _answer_ids(value, "item_comments")
