"""The monitoring lists' filters, shared by the pages and the API.

The material page speaks the monitoring dashboard's names for the stream-date window
(``date_from``/``date_to``) and a 有待复核 tab (``status=to_review``): ``page_query`` reads
them as this set's ``stream_after``/``stream_before`` and ``to_review=true``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from fangxin.core.filters import FilterSet

from .models import Hit, LicenceCheck, Material

# The page's names (and the dashboard's links) for this set's own.
PAGE_ALIASES = {"date_from": "stream_after", "date_to": "stream_before"}


class MaterialFilter(FilterSet):
    q = django_filters.CharFilter(
        method="search", help_text="The operator's name contains this, or its USCC is this."
    )
    operator = django_filters.NumberFilter(field_name="operator_id")
    status = django_filters.ChoiceFilter(choices=Material.Status.choices)
    to_review = django_filters.BooleanFilter(
        method="filter_to_review",
        help_text="true: some of its hits wait for review; false: none do.",
    )
    stream_after = django_filters.DateFilter(field_name="stream_date", lookup_expr="gte")
    stream_before = django_filters.DateFilter(field_name="stream_date", lookup_expr="lte")

    class Meta:
        model = Material
        fields = ["operator", "status", "stream_after", "stream_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(operator__name__icontains=value) | Q(operator__uscc=value.upper()))

    def filter_to_review(self, queryset, name, value):
        # A subquery, not a join: a join on hits would also narrow the page's hit counts.
        pending = Exists(Hit.objects.filter(material=OuterRef("pk"), status=Hit.Status.PENDING))
        return queryset.filter(pending) if value else queryset.exclude(pending)

    @staticmethod
    def page_query(query):
        """The material page's query in this set's names (a copy of the QueryDict)."""
        query = query.copy()
        for old, new in PAGE_ALIASES.items():
            if old in query and new not in query:
                query.setlist(new, query.pop(old))
        if query.get("status") == "to_review":
            query.pop("status")
            query["to_review"] = "true"
        return query


class HitFilter(FilterSet):
    material = django_filters.NumberFilter(field_name="material_id")
    operator = django_filters.NumberFilter(field_name="material__operator_id")
    status = django_filters.ChoiceFilter(choices=Hit.Status.choices)
    severity = django_filters.ChoiceFilter(choices=Hit.Severity.choices)
    category = django_filters.CharFilter(help_text="The category code, e.g. absolute_terms.")

    class Meta:
        model = Hit
        fields = ["material", "operator", "status", "severity", "category"]


class LicenceCheckFilter(FilterSet):
    operator = django_filters.NumberFilter(field_name="operator_id")
    result = django_filters.ChoiceFilter(choices=LicenceCheck.Result.choices)
    failed = django_filters.BooleanFilter(
        method="filter_failed", help_text="true: the licence was not shown, or only in part."
    )
    checked_after = django_filters.DateFilter(field_name="checked_on", lookup_expr="gte")
    checked_before = django_filters.DateFilter(field_name="checked_on", lookup_expr="lte")

    class Meta:
        model = LicenceCheck
        fields = ["operator", "result", "checked_after", "checked_before"]

    def filter_failed(self, queryset, name, value):
        failed = queryset.failed()
        return failed if value else queryset.exclude(pk__in=failed.values("pk"))
