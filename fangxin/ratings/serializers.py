from __future__ import annotations

from rest_framework import serializers

from fangxin.registry.masking import mask_phone

from .models import Member, MemberScore, Rating, SurveyResponse

VERIFIED_FIELDS = [
    "id",
    "campaign",
    "operator",
    "operator_name",
    "created_at",
    "network",
    "flagged",
    "flag_reason",
    "excluded",
    "exclusion_reason",
    "excluded_at",
]


class RatingSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)

    class Meta:
        model = Rating
        fields = [*VERIFIED_FIELDS, "stars", "comment"]
        read_only_fields = fields


class SurveyResponseSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name", read_only=True)

    class Meta:
        model = SurveyResponse
        fields = [*VERIFIED_FIELDS, "quality", "honesty", "service", "overall", "aware"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField(help_text="Masked: 138****5678.")

    class Meta:
        model = Member
        fields = [
            "id",
            "campaign",
            "name",
            "affiliation",
            "organisation",
            "phone",
            "link_issued_at",
        ]
        read_only_fields = fields

    def get_phone(self, member) -> str:
        return mask_phone(member.phone)


class MemberScoreSerializer(serializers.ModelSerializer):
    operator = serializers.IntegerField(source="enrolment.operator_id", read_only=True)
    kind = serializers.CharField(source="enrolment.kind", read_only=True)
    entered_by_member = serializers.SerializerMethodField()

    class Meta:
        model = MemberScore
        fields = [
            "id",
            "member",
            "enrolment",
            "operator",
            "kind",
            "score",
            "comment",
            "entered_by_member",
            "updated_at",
        ]
        read_only_fields = fields

    def get_entered_by_member(self, score) -> bool:
        return score.entered_by_id is None
