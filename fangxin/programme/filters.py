"""The campaign and enrolment lists' filters, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from fangxin.core.filters import FilterSet, IdFilter

from .models import Campaign, Enrolment, Kind


class CampaignFilter(FilterSet):
    class Meta:
        model = Campaign
        fields = ["year"]


class EnrolmentFilter(FilterSet):
    campaign = IdFilter(field_name="campaign_id", help_text="Campaign id.")
    operator = IdFilter(field_name="operator_id", help_text="Operator id.")
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Enrolment.Status.choices)

    class Meta:
        model = Enrolment
        fields = ["campaign", "operator", "kind", "status"]
