"""The API lists' filters."""

from __future__ import annotations

import django_filters

from fangxin.core.filters import FilterSet, IdFilter

from .models import Member, MemberScore, Rating, SurveyResponse


class VerifiedFilter(FilterSet):
    year = django_filters.NumberFilter(field_name="campaign__year", help_text="Campaign year.")
    operator = IdFilter(field_name="operator_id")
    flagged = django_filters.BooleanFilter()
    excluded = django_filters.BooleanFilter()


class RatingFilter(VerifiedFilter):
    class Meta:
        model = Rating
        fields = ["year", "operator", "flagged", "excluded"]


class SurveyFilter(VerifiedFilter):
    class Meta:
        model = SurveyResponse
        fields = ["year", "operator", "flagged", "excluded"]


class MemberFilter(FilterSet):
    year = django_filters.NumberFilter(field_name="campaign__year", help_text="Campaign year.")

    class Meta:
        model = Member
        fields = ["year"]


class MemberScoreFilter(FilterSet):
    year = django_filters.NumberFilter(
        field_name="member__campaign__year", help_text="Campaign year."
    )
    member = IdFilter(field_name="member_id")

    class Meta:
        model = MemberScore
        fields = ["year", "member"]
