"""The public titles API (no sign-in): ``/api/v1/public/titles/`` and
``/api/v1/public/titles/<certificate_no>/``. An unknown or malformed number is the same 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from fangxin.core.api.permissions import NOT_FOUND
from fangxin.core.api.viewsets import ScopedReadViewSet

from .filters import PublicTitleFilter
from .models import Title
from .serializers import PublicTitleSerializer


@extend_schema_view(
    list=extend_schema(
        summary="The titles awarded, valid, revoked or expired (no sign-in)",
    ),
    retrieve=extend_schema(
        summary="Verify one certificate by its number (no sign-in)",
        responses={200: PublicTitleSerializer, 404: NOT_FOUND},
    ),
)
class PublicTitleViewSet(ScopedReadViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = PublicTitleSerializer
    filterset_class = PublicTitleFilter
    lookup_field = "certificate_no"
    lookup_value_regex = "[A-Za-z0-9-]{1,32}"
    # No authentication: the caller is anonymous, so visible() gives the public record
    # (every title awarded, scopes.py).
    queryset = Title.objects.select_related("operator", "candidate", "veto_event").order_by(
        "-year", "certificate_no"
    )
