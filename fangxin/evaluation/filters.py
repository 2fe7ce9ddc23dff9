"""The evaluation API's filters (ids never say whether a row exists outside the scope)."""

from __future__ import annotations

import django_filters

from fangxin.core.filters import FilterSet, IdFilter
from fangxin.programme.models import Kind

from .models import LedgerEntry, Rubric, Score


class RubricFilter(FilterSet):
    campaign = IdFilter(field_name="campaign_id", help_text="Campaign id.")
    kind = django_filters.ChoiceFilter(choices=Kind.choices)

    class Meta:
        model = Rubric
        fields = ["campaign", "kind"]


class LedgerEntryFilter(FilterSet):
    enrolment = IdFilter(field_name="enrolment_id", help_text="Enrolment id.")
    source = django_filters.ChoiceFilter(choices=LedgerEntry.Source.choices)
    automatic = django_filters.BooleanFilter()

    class Meta:
        model = LedgerEntry
        fields = ["enrolment", "source", "automatic"]


class ScoreFilter(FilterSet):
    campaign = IdFilter(field_name="enrolment__campaign_id", help_text="Campaign id.")
    kind = django_filters.ChoiceFilter(field_name="enrolment__kind", choices=Kind.choices)
    candidate = django_filters.BooleanFilter()
    near_miss = django_filters.BooleanFilter()

    class Meta:
        model = Score
        fields = ["campaign", "kind", "candidate", "near_miss"]
