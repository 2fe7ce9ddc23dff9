"""The public titles API's answer: nothing personal (no phones, ID numbers or people)."""

from __future__ import annotations

from rest_framework import serializers

from .models import Title


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
