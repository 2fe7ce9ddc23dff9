"""The one opening of every API viewset that serves scoped rows.

A viewset names its rows before scoping in ``queryset`` (joins and order included); the base
narrows them with ``visible(request.user, …)`` on every request, list, detail and action alike,
so a row outside the caller's scope is a 404, never a 403. NetBox does the same with
``RestrictedQuerySet.restrict()`` in its base API view: the gate is applied in one place, and a
viewset that forgets it is caught by ``core/tests/test_scoped_viewsets.py``.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from fangxin.core.scoping import visible

from .filtering import FilterBackend
from .permissions import ActionPermission

# No class docstrings here: drf-spectacular would show them as every operation's description.


class ScopedViewSetMixin:
    # get_queryset() is ``queryset`` narrowed by visible(), once.

    def get_queryset(self) -> QuerySet:
        return self.restrict(super().get_queryset())

    def restrict(self, queryset: QuerySet) -> QuerySet:
        """The rows the caller may see. Override only to widen with another scope's rows
        (draw plans add the public record), never to skip the gate."""
        return visible(self.request.user, queryset)

    def validated(self, serializer_class) -> dict:
        """The request body read by ``serializer_class`` (a 400 naming the fields when it
        does not parse), with the view's serializer context."""
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return form.validated_data

    def refetch(self, obj: Model) -> Model:
        """``obj`` read again through the scoped queryset, so nested rows and counts are
        current after an action; the object itself when the action moved it out of scope."""
        return self.get_queryset().filter(pk=obj.pk).first() or obj

    def respond_with(self, obj: Model, serializer_class, code: int = status.HTTP_200_OK):
        """The answer to an action: ``obj`` as it is now, refetched through the gate."""
        data = serializer_class(self.refetch(obj), context=self.get_serializer_context()).data
        return Response(data, status=code)


class ScopedReadViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    # List and detail of scoped rows; writes are @actions calling the services, open to the
    # holders of the permission named in ``action_permissions`` (see ActionPermission).

    permission_classes = [ActionPermission]
    filter_backends = [FilterBackend]
