"""The routers every app's API is built with, and the API root that lists them all.

Each app registers its viewsets on its own ``AppRouter`` (``<app>/api_urls.py``); the project's
``fangxin/urls.py`` includes them under ``/api/v1/`` and adds one root view over all of them, so
``core`` never needs to know which apps exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import path
from rest_framework.routers import DefaultRouter, SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns


class AppRouter(SimpleRouter):
    """One app's viewsets, with the same ``.json``-style suffixes the single router had."""

    def get_urls(self):
        return format_suffix_patterns(super().get_urls())


def api_root(routers: Iterable[SimpleRouter]) -> list:
    """The ``api-root`` view (and its suffixed form) listing every router's lists, in order."""
    root = DefaultRouter()
    for router in routers:
        root.registry.extend(router.registry)
    view = root.get_api_root_view()
    return format_suffix_patterns([path("", view, name=root.root_view_name)])
