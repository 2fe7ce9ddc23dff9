"""The public titles API's answer: nothing personal (no phones, ID numbers or people)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from .models import REPLY_MAX, Candidate, Notice, Reevaluation, Reply, Title

# A row id the database can hold (an id past it is a 400, not a database error).
ID_MAX = 2**63 - 1


class PublicTitleSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(source="operator.uscc", read_only=True)
    area = serializers.CharField(source="candidate.area_name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    revoked_situation = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Title
        fields = [
            "certificate_no",
            "holder_name",
            "uscc",
            "area",
            "kind",
            "kind_label",
            "year",
            "status",
            "status_label",
            "awarded_on",
            "valid_until",
            "revoked_on",
            "revoked_situation",
            "verify_url",
        ]
        read_only_fields = fields

    def get_revoked_situation(self, title: Title) -> str:
        """The veto situation in words, for a revoked title; else empty."""
        if title.status != Title.Status.REVOKED or title.veto_event is None:
            return ""
        return str(title.veto_event.get_kind_display())

    def get_verify_url(self, title: Title) -> str:
        path = f"/public/titles/{title.certificate_no}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- the right to reply and re-evaluation (signed in: the operator its own, the office all) --


class ReplySerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    certificate_no = serializers.CharField(
        source="title.certificate_no", read_only=True, default=""
    )

    class Meta:
        model = Reply
        fields = [
            "id",
            "operator",
            "enrolment",
            "title",
            "certificate_no",
            "text",
            "status",
            "status_label",
            "decision_reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ReplyRequestSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="Your own enrolment's id."
    )
    title = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        allow_null=True,
        help_text="One of your titles, optional.",
    )
    text = serializers.CharField(max_length=REPLY_MAX, allow_blank=True)


class ReplyDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReevaluationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Reevaluation
        fields = [
            "id",
            "operator",
            "campaign",
            "enrolment",
            "dimension",
            "text",
            "due_on",
            "status",
            "status_label",
            "criterion",
            "points",
            "decision_reason",
            "decided_at",
        ]
        read_only_fields = fields


class ReevaluationRequestSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="Your own enrolment's id."
    )
    dimension = serializers.CharField(max_length=40)
    text = serializers.CharField(max_length=2000, allow_blank=True)


class ReevaluationDecisionSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, allow_blank=True)
    criterion = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, default=Decimal("0")
    )


class PublicCandidateSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area_name", read_only=True)
    accounts = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="`平台：账号` per account."
    )

    class Meta:
        model = Candidate
        fields = ["name", "area", "accounts", "score"]
        read_only_fields = fields


class PublicNoticeSerializer(serializers.ModelSerializer):
    """A published notice with its candidates (withdrawn ones left out)."""

    year = serializers.IntegerField(source="campaign.year", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    candidates = PublicCandidateSerializer(source="public_candidates", many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "year",
            "kind",
            "kind_label",
            "starts_on",
            "ends_on",
            "working_days",
            "corrects",
            "correction_note",
            "published_at",
            "candidates",
        ]
        read_only_fields = fields
