"""API representations of operators and what hangs on them.

Writes go through ``fangxin.registry.services`` (the views call them), never ``save()`` here;
these serializers only validate input and shape output. Personal data is masked per viewer
with ``fangxin.registry.masking``.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import validators
from .masking import PERSONAL_FIELDS, masked
from .models import Licence, Operator, PlatformAccount, ProfileChange


def _today(serializer: serializers.Serializer):
    """One 'today' per request, shared by every row of a list."""
    context = serializer.context
    if "today" not in context:
        context["today"] = timezone.localdate()
    return context["today"]


class LicenceSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(
        help_text="valid / expiring (within 30 days) / expired, as of today."
    )

    class Meta:
        model = Licence
        fields = ["id", "kind", "number", "issuer", "valid_from", "valid_to", "state"]

    @extend_schema_field(serializers.ChoiceField(choices=["valid", "expiring", "expired"]))
    def get_state(self, licence: Licence) -> str:
        return licence.state_on(_today(self))

    def validate(self, attrs):
        valid_from, valid_to = attrs.get("valid_from"), attrs.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            raise serializers.ValidationError({"valid_to": _("有效期截止日期不能早于起始日期。")})
        return attrs


class PlatformAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformAccount
        fields = ["id", "platform", "handle", "account_id", "url"]


class OperatorSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    station_name = serializers.CharField(source="area.station.name", read_only=True)
    licence_problems = serializers.SerializerMethodField()
    licences = LicenceSerializer(many=True, read_only=True)
    accounts = PlatformAccountSerializer(many=True, read_only=True)
    pending_changes = serializers.SerializerMethodField(
        help_text="Name/USCC change requests awaiting the station's decision."
    )

    class Meta:
        model = Operator
        fields = [
            "id",
            "name",
            "uscc",
            "livestream",
            "group_buying",
            "sells_food",
            "legal_rep_name",
            "legal_rep_id_number",
            "contact_name",
            "contact_phone",
            "registered_address",
            "operating_address",
            "area",
            "area_name",
            "station_name",
            "status",
            "status_reason",
            "risk_class",
            "created_at",
            "updated_at",
            "licence_problems",
            "licences",
            "accounts",
            "pending_changes",
        ]
        read_only_fields = ["status", "status_reason", "created_at", "updated_at"]
        extra_kwargs = {
            # Uniqueness is checked on the normalised code in validate_uscc, with our message.
            "uscc": {"validators": []},
        }

    def get_fields(self):
        fields = super().get_fields()
        user = self._user()
        if not (user and user.is_authenticated and user.has_perm("registry.set_risk_class")):
            fields["risk_class"].read_only = True
        return fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    # --- validation -----------------------------------------------------------------------

    def validate_uscc(self, value: str) -> str:
        code = validators.clean_uscc(value)
        duplicates = Operator.objects.filter(uscc=code)
        if self.instance is not None:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise serializers.ValidationError(_("该统一社会信用代码已被登记。"))
        return code

    def validate_contact_phone(self, value: str) -> str:
        return validators.clean_phone(value)

    def validate(self, attrs):
        livestream = attrs.get("livestream", getattr(self.instance, "livestream", False))
        group_buying = attrs.get("group_buying", getattr(self.instance, "group_buying", False))
        if not (livestream or group_buying):
            raise serializers.ValidationError({"livestream": _("请至少选择一种经营类型。")})
        return attrs

    def create(self, validated_data):  # pragma: no cover - the view calls the service
        raise NotImplementedError("Operators are created through services.register_operator.")

    def update(self, instance, validated_data):  # pragma: no cover - the view calls the service
        raise NotImplementedError("Operators are changed through services.update_operator.")

    # --- output ---------------------------------------------------------------------------

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_licence_problems(self, operator: Operator) -> list[str]:
        return [str(problem) for problem in operator.licence_problems(_today(self))]

    @extend_schema_field(OpenApiTypes.INT)
    def get_pending_changes(self, operator: Operator) -> int:
        annotated = getattr(operator, "pending_changes_count", None)
        if annotated is not None:
            return annotated
        return ProfileChange.objects.filter(
            operator=operator, status=ProfileChange.Status.PENDING
        ).count()

    def to_representation(self, operator: Operator):
        data = super().to_representation(operator)
        user = self._user()
        for field in PERSONAL_FIELDS:
            if field in data:
                data[field] = masked(user, operator, field)
        return data
