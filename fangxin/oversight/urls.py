"""Oversight's staff pages, under ``/oversight/``."""

from django.urls import path

app_name = "oversight"

urlpatterns: list = []

# The red and black list (lists_views).
from . import lists_views  # noqa: E402

urlpatterns += [
    path("lists/", lists_views.index, name="lists"),
    path("lists/rules/", lists_views.rules, name="list-rules"),
    path("lists/exits/", lists_views.exits, name="list-exits"),
    path("lists/<int:pk>/", lists_views.detail, name="list-detail"),
    path("lists/<int:pk>/redraft/", lists_views.redraft, name="list-redraft"),
    path("lists/<int:pk>/approve/", lists_views.approve, name="list-approve"),
    path("lists/<int:pk>/publish/", lists_views.publish, name="list-publish"),
    path("lists/<int:pk>/export.xlsx", lists_views.export, name="list-export"),
    path("lists/<int:pk>/entries/add/", lists_views.entry_add, name="list-entry-add"),
    path(
        "lists/<int:pk>/entries/<int:entry_pk>/edit/",
        lists_views.entry_edit,
        name="list-entry-edit",
    ),
    path(
        "lists/<int:pk>/entries/<int:entry_pk>/remove/",
        lists_views.entry_remove,
        name="list-entry-remove",
    ),
    path(
        "lists/<int:pk>/entries/<int:entry_pk>/restore/",
        lists_views.entry_restore,
        name="list-entry-restore",
    ),
]
