"""Read-only API for the office: ratings and survey answers with their flags, invited members
(phones masked) and their scores."""

from __future__ import annotations

from fangxin.core.api.permissions import ActionPermission
from fangxin.core.api.viewsets import ScopedReadViewSet

from .filters import MemberFilter, MemberScoreFilter, RatingFilter, SurveyFilter
from .models import Member, MemberScore, Rating, SurveyResponse
from .serializers import (
    MemberScoreSerializer,
    MemberSerializer,
    RatingSerializer,
    SurveyResponseSerializer,
)


class OfficeReadViewSet(ScopedReadViewSet):
    permission_classes = [ActionPermission]
    read_permission = "ratings.view"
    refused_message = "Only the programme office may read ratings."


class RatingViewSet(OfficeReadViewSet):
    serializer_class = RatingSerializer
    filterset_class = RatingFilter
    queryset = Rating.objects.select_related("operator").order_by("-created_at", "-pk")


class SurveyResponseViewSet(OfficeReadViewSet):
    serializer_class = SurveyResponseSerializer
    filterset_class = SurveyFilter
    queryset = SurveyResponse.objects.select_related("operator").order_by("-created_at", "-pk")


class MemberViewSet(OfficeReadViewSet):
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    queryset = Member.objects.order_by("campaign", "name", "pk")


class MemberScoreViewSet(OfficeReadViewSet):
    serializer_class = MemberScoreSerializer
    filterset_class = MemberScoreFilter
    queryset = MemberScore.objects.select_related("enrolment").order_by("member", "enrolment")
