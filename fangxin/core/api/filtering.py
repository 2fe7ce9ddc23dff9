import django_filters
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field, translate_validation
from rest_framework.exceptions import ValidationError

from fangxin.core.filters import BoundedIntegerField

# Filters that take several values of one parameter.
_MULTIPLE = (
    django_filters.MultipleChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.BaseInFilter,
)

# What the yes/no select of a filter form sends for "either" (Django's NullBooleanSelect).
_EITHER = {"", "unknown"}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing the values the schema refuses.

    - A number filter on an integer column reads an integer: django-filter reads any decimal
      (`?year=-4.2e-128` answered an empty list where the schema says integer).
    - A yes/no filter reads `true` or `false`: django-filter reads `?overdue=yes` as "no
      filter" and answers every row, which looks like an answer to the question asked.
    """

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            model = filterset._meta.model or queryset.model
            for field in filterset.filters.values():
                if type(field) is django_filters.NumberFilter and _is_integer(model, field):
                    # Bounded too: an id past 2^63 stays a 400, not an overflow.
                    field.field_class = BoundedIntegerField
        return filterset

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        # `?q=a&q=b` on a one-value filter: django-filter silently keeps the last one, which
        # answers a question the client did not ask.
        repeated = {
            name: ["Give this parameter once."]
            for name, field in filterset.filters.items()
            if not isinstance(field, _MULTIPLE) and len(request.query_params.getlist(name)) > 1
        }
        if repeated:
            raise ValidationError(repeated)
        if filterset.is_valid():
            errors = {
                name: ["Expected true or false."]
                for name, field in filterset.filters.items()
                if isinstance(field, django_filters.BooleanFilter)
                and request.query_params.get(name, "") not in _EITHER
                and filterset.form.cleaned_data.get(name) is None
            }
            if errors:
                raise ValidationError(errors)
        elif self.raise_exception:
            raise translate_validation(filterset.errors)
        return filterset.qs


def _is_integer(model, field) -> bool:
    if field.method is not None or field.lookup_expr not in {"exact", "gt", "gte", "lt", "lte"}:
        return False
    model_field = get_model_field(model, field.field_name)
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    return isinstance(model_field, models.IntegerField | models.AutoField)
