"""Oversight's public pages (no sign-in), under ``/public/oversight/``."""

from django.urls import path

app_name = "public-oversight"

urlpatterns: list = []

# The red and black list (lists_public_views).
from . import lists_public_views  # noqa: E402

urlpatterns += [
    path("lists/", lists_public_views.current, name="lists"),
    path("lists/archive/", lists_public_views.archive, name="list-archive"),
    path("lists/<int:pk>/", lists_public_views.publication, name="list"),
]
