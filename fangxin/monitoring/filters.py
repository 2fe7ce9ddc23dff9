"""The monitoring lists' filters, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from fangxin.core.filters import FilterSet

from .models import Hit, Material


class MaterialFilter(FilterSet):
    operator = django_filters.NumberFilter(field_name="operator_id")
    status = django_filters.ChoiceFilter(choices=Material.Status.choices)
    stream_after = django_filters.DateFilter(field_name="stream_date", lookup_expr="gte")
    stream_before = django_filters.DateFilter(field_name="stream_date", lookup_expr="lte")

    class Meta:
        model = Material
        fields = ["operator", "status", "stream_after", "stream_before"]


class HitFilter(FilterSet):
    material = django_filters.NumberFilter(field_name="material_id")
    operator = django_filters.NumberFilter(field_name="material__operator_id")
    status = django_filters.ChoiceFilter(choices=Hit.Status.choices)
    severity = django_filters.ChoiceFilter(choices=Hit.Severity.choices)
    category = django_filters.CharFilter(help_text="The category code, e.g. absolute_terms.")

    class Meta:
        model = Hit
        fields = ["material", "operator", "status", "severity", "category"]
