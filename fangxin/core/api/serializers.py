from auditlog.models import LogEntry
from rest_framework import serializers

from fangxin.core.models import Area, CalendarDay, PartnerDepartment, Station, User

from .fields import DecisionField


class StationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Station
        fields = ["id", "code", "name", "phone", "address"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "code", "name", "kind", "station"]


class PartnerDepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerDepartment
        fields = ["id", "code", "name"]


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField()
    station = NamedRefSerializer(allow_null=True)
    partner_department = NamedRefSerializer(allow_null=True)
    operator = NamedRefSerializer(allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "role",
            "role_label",
            "station",
            "partner_department",
            "operator",
        ]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class CalendarDaySerializer(serializers.ModelSerializer):
    is_workday = DecisionField(help_text="True: a (make-up) workday; false: a holiday.")

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "is_workday", "note"]


class WorkingDaysQuerySerializer(serializers.Serializer):
    date = serializers.DateField()
    n = serializers.IntegerField(min_value=-3650, max_value=3650)


class WorkingDaysResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    provisional = serializers.BooleanField()


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    model = serializers.CharField(source="content_type.model")
    action = serializers.CharField(source="get_action_display")

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "actor",
            "model",
            "object_pk",
            "object_repr",
            "action",
            "changes",
        ]


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (``fangxin.core.api.errors.error_body``)."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (or `non_field_errors`) → what is wrong with it.",
    )
