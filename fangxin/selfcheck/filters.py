"""The self-inspection list's filters, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from fangxin.core.filters import FilterSet, IdFilter
from fangxin.programme.models import Kind

from .models import SelfInspection


class SelfInspectionFilter(FilterSet):
    campaign = IdFilter(field_name="enrolment__campaign_id", help_text="Campaign id.")
    operator = IdFilter(field_name="enrolment__operator_id", help_text="Operator id.")
    kind = django_filters.ChoiceFilter(field_name="enrolment__kind", choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=SelfInspection.Status.choices)

    class Meta:
        model = SelfInspection
        fields = ["campaign", "operator", "kind", "status"]
