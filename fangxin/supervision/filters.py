"""The supervision lists' filters, one set per list, shared by the pages and the API.

A page passes ``request.GET`` as it comes: a value that does not parse (``?station=abc``) is
left out there, as it always was, and is a 400 on the API (``FilterBackend``). Names the
dashboard links use (``station``, ``due``, ``late``, ``open``) mean the same on both.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone

from fangxin.core.filters import FilterSet, IdFilter

from .models import Case, Draw, DrawPlan, Finding, Inspection, RectificationOrder, VetoEvent
from .models.enforcement import VetoKind


class DrawPlanFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=DrawPlan.Status.choices)
    station = IdFilter(field_name="station_id", help_text="Station id.")
    county_wide = django_filters.BooleanFilter(
        field_name="station", lookup_expr="isnull", help_text="Only county-wide plans (true)."
    )

    class Meta:
        model = DrawPlan
        fields = ["status", "station", "county_wide"]


class PublicDrawFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        field_name="plan__status",
        choices=[
            (s.value, s.label)
            for s in (DrawPlan.Status.FROZEN, DrawPlan.Status.DRAWN, DrawPlan.Status.CANCELLED)
        ],
        help_text="The plan's status.",
    )

    class Meta:
        model = Draw
        fields = ["status"]


class InspectionFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    station = IdFilter(field_name="station_id", help_text="Station id.")
    draw = IdFilter(field_name="draw_id", help_text="Draw id.")
    source = django_filters.ChoiceFilter(choices=Inspection.Source.choices)
    status = django_filters.ChoiceFilter(choices=Inspection.Status.choices)
    planned_on = django_filters.DateFromToRangeFilter(
        help_text="`planned_on_after` / `planned_on_before`, inclusive."
    )
    inspected_on = django_filters.DateFromToRangeFilter(
        help_text="`inspected_on_after` / `inspected_on_before`, inclusive."
    )
    # The dashboard's cells: tasks due by today, results published late.
    due = django_filters.BooleanFilter(
        method="filter_due", help_text="true: planned for today or earlier; false: later."
    )
    late = django_filters.BooleanFilter(
        method="filter_late",
        help_text="true: the publication deadline has passed; false: it has not (or none).",
    )

    class Meta:
        model = Inspection
        fields = ["operator", "station", "draw", "source", "status"]

    def filter_due(self, queryset, name, value):
        due = {"planned_on__lte": timezone.localdate()}
        return queryset.filter(**due) if value else queryset.exclude(**due)

    def filter_late(self, queryset, name, value):
        late = {"publish_due__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class FindingFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    inspection = IdFilter(field_name="inspection_id", help_text="Inspection id.")
    severity = django_filters.ChoiceFilter(choices=Finding.Severity.choices)
    source = django_filters.ChoiceFilter(choices=Finding.Source.choices)
    found_on = django_filters.DateFromToRangeFilter(
        help_text="`found_on_after` / `found_on_before`, inclusive."
    )

    class Meta:
        model = Finding
        fields = ["operator", "inspection", "severity", "source"]


class FindingFollowUpFilter(FilterSet):
    """What orders and cases share: the operator, the finding they follow up, the station."""

    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    finding = IdFilter(field_name="finding_id", help_text="Finding id.")
    station = IdFilter(
        field_name="operator__area__station_id", help_text="Station id (the operator's area)."
    )


class RectificationOrderFilter(FindingFollowUpFilter):
    status = django_filters.ChoiceFilter(choices=RectificationOrder.Status.choices)
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="true: waiting on the operator past the deadline today; false: the others.",
    )
    issued_on = django_filters.DateFromToRangeFilter(
        help_text="`issued_on_after` / `issued_on_before`, inclusive."
    )

    class Meta:
        model = RectificationOrder
        fields = ["operator", "finding", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(on=today) if value else queryset.not_overdue(on=today)


class CaseFilter(FindingFollowUpFilter):
    status = django_filters.ChoiceFilter(choices=Case.Status.choices)
    open = django_filters.BooleanFilter(
        method="filter_open", help_text="true: not closed and not dropped; false: the others."
    )
    veto_kind = django_filters.ChoiceFilter(choices=VetoKind.choices)
    clue_received_on = django_filters.DateFromToRangeFilter(
        help_text="`clue_received_on_after` / `clue_received_on_before`, inclusive."
    )
    decided_on = django_filters.DateFromToRangeFilter(
        help_text="`decided_on_after` / `decided_on_before`, inclusive."
    )

    class Meta:
        model = Case
        fields = ["operator", "finding", "status", "veto_kind"]

    def filter_open(self, queryset, name, value):
        ended = {"status__in": [Case.Status.CLOSED, Case.Status.NO_CASE]}
        return queryset.exclude(**ended) if value else queryset.filter(**ended)


class VetoEventFilter(FilterSet):
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    case = IdFilter(field_name="case_id", help_text="Case id.")
    kind = django_filters.ChoiceFilter(choices=VetoKind.choices)
    source = django_filters.ChoiceFilter(choices=VetoEvent.Source.choices)
    status = django_filters.ChoiceFilter(choices=VetoEvent.Status.choices)
    occurred_on = django_filters.DateFromToRangeFilter(
        help_text="`occurred_on_after` / `occurred_on_before`, inclusive."
    )

    class Meta:
        model = VetoEvent
        fields = ["operator", "case", "kind", "source", "status"]


class PublicInspectionFilter(FilterSet):
    q = django_filters.CharFilter(
        field_name="operator__name",
        lookup_expr="icontains",
        max_length=100,
        help_text="Part of the operator's name.",
    )
    inspected_from = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte")
    inspected_to = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["q", "inspected_from", "inspected_to"]
