"""The operators REST API: ``/api/v1/operators/``.

Every row comes from ``visible(request.user, Operator)``, so an operator outside the user's
scope is a 404, never a 403. Writes go through ``fangxin.registry.services``, which check who
may do what; their ``ValidationError`` / ``PermissionDenied`` become 400 / 403 in the
project's error body (``fangxin.core.api.errors``).
"""

from __future__ import annotations

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fangxin.core.api.filtering import FilterBackend
from fangxin.core.api.permissions import ActionPermission
from fangxin.core.api.viewsets import ScopedViewSetMixin

from . import services
from .filters import OperatorFilter
from .models import Licence, Operator, PlatformAccount, ProfileChange
from .serializers import LicenceSerializer, OperatorSerializer, PlatformAccountSerializer


class OperatorApiFilter(OperatorFilter):
    """The list page's filters; the API also accepts ``search`` for the page's ``q``."""

    search = django_filters.CharFilter(
        method="search", help_text="Name, USCC or platform account handle contains."
    )

    class Meta(OperatorFilter.Meta):
        fields = [*OperatorFilter.Meta.fields, "search"]


def _pending_changes():
    pending = (
        ProfileChange.objects.filter(operator=OuterRef("pk"), status=ProfileChange.Status.PENDING)
        .order_by()
        .values("operator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), Value(0))


@extend_schema_view(
    list=extend_schema(summary="List the operators the caller may see"),
    retrieve=extend_schema(summary="One operator (404 outside the caller's scope)"),
    create=extend_schema(
        summary="Register an operator (office; a station in its own areas)",
        responses={
            201: OperatorSerializer,
            400: OpenApiResponse(description="Invalid input; `errors` names the fields."),
            403: OpenApiResponse(description="Not allowed to register here."),
        },
    ),
    update=extend_schema(
        summary="Edit an operator's profile",
        description="An operator changing its own name or USCC files a change request for its "
        "station instead; the response shows the current data and `pending_changes`.",
    ),
    partial_update=extend_schema(
        summary="Edit part of an operator's profile",
        description="An operator changing its own name or USCC files a change request for its "
        "station instead; the response shows the current data and `pending_changes`.",
    ),
)
class OperatorViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OperatorSerializer
    # The services check again (and check the area); refusing here first keeps an operator
    # from learning, through a 400, what it could not have created anyway.
    permission_classes = [ActionPermission]
    read_permission = "registry.browse_operators"
    action_permissions = {
        "create": "registry.register_operator",
        "update": "registry.edit_operator",
        "partial_update": "registry.edit_operator",
        "add_licence": "registry.edit_operator",
        "add_account": "registry.edit_operator",
    }
    filter_backends = [FilterBackend]
    filterset_class = OperatorApiFilter
    queryset = (
        Operator.objects.select_related("area__station")
        .prefetch_related("licences", "accounts")
        .annotate(pending_changes_count=_pending_changes())
    )

    def perform_create(self, serializer):
        operator = services.register_operator(self.request.user, **serializer.validated_data)
        serializer.instance = self.refetch(operator)

    def perform_update(self, serializer):
        operator = serializer.instance
        changes = {
            field: value
            for field, value in serializer.validated_data.items()
            if getattr(operator, field) != value
        }
        operator = services.update_operator(self.request.user, operator, **changes)
        serializer.instance = self.refetch(operator)

    def _add_child(self, request, serializer_class, model):
        operator = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        child = services.save_child(
            request.user,
            operator,
            model(**serializer.validated_data),
            kind_label=str(model._meta.verbose_name),
        )
        output = serializer_class(child, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a licence to an operator",
        request=LicenceSerializer,
        responses={201: LicenceSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="licences",
        serializer_class=LicenceSerializer,
        filter_backends=[],
    )
    def add_licence(self, request, pk=None):
        return self._add_child(request, LicenceSerializer, Licence)

    @extend_schema(
        summary="Add a platform account to an operator",
        request=PlatformAccountSerializer,
        responses={201: PlatformAccountSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="accounts",
        serializer_class=PlatformAccountSerializer,
        filter_backends=[],
    )
    def add_account(self, request, pk=None):
        return self._add_child(request, PlatformAccountSerializer, PlatformAccount)
