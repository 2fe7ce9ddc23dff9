"""The public titles API's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from fangxin.core.filters import FilterSet
from fangxin.programme.models import Kind

from .models import Notice, Title


class PublicTitleFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Title.Status.choices)
    year = django_filters.NumberFilter(min_value=2000, max_value=2999, help_text="Campaign year.")
    area = django_filters.CharFilter(
        field_name="candidate__area_name", help_text="The town or street, by name."
    )
    q = django_filters.CharFilter(
        method="search", help_text="Holder name, USCC or platform account handle (contains)."
    )

    class Meta:
        model = Title
        fields = ["kind", "status", "year", "area", "q"]

    def search(self, queryset, name, value):
        value = value.strip()[:50]
        if not value:
            return queryset
        return queryset.filter(
            Q(holder_name__icontains=value)
            | Q(operator__uscc__iexact=value)
            | Q(operator__accounts__handle__icontains=value)
        ).distinct()


class PublicNoticeFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    year = django_filters.NumberFilter(
        field_name="campaign__year", min_value=2000, max_value=2999, help_text="Campaign year."
    )

    class Meta:
        model = Notice
        fields = ["kind", "year"]
