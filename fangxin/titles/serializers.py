"""The public titles API's answer: nothing personal (no phones, ID numbers or people)."""

from __future__ import annotations

from rest_framework import serializers

from .models import Candidate, Notice, Title


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
