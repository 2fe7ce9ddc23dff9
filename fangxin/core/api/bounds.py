"""Serializer fields bounded as ``core.params`` bounds what pages parse."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from fangxin.core import params


class DateField(serializers.DateField):
    """A date the programme records: not before ``FANGXIN_EARLIEST_DATE`` (an inspection
    dated 1257 had no period rule to look up: a 500)."""

    def to_internal_value(self, value):
        value = super().to_internal_value(value)
        try:
            params.check_date(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value
