"""Oversight's staff pages, under ``/oversight/``."""

from django.urls import path

app_name = "oversight"

urlpatterns: list = []

# Key supervision targets from results, credit risk classes, credit punishment (issue 16 2-4).
from . import targets_views  # noqa: E402

urlpatterns += [
    path("targets/", targets_views.targets_page, name="targets"),
    path("risk/", targets_views.risk_page, name="risk"),
    path("risk/recompute/", targets_views.risk_recompute, name="risk-recompute"),
    path("risk/import/", targets_views.risk_import, name="risk-import"),
    path("risk/import/template.csv", targets_views.risk_template, name="risk-template"),
    path("risk/<int:pk>/override/", targets_views.risk_override, name="risk-override"),
    path("risk/<int:pk>/release/", targets_views.risk_release, name="risk-release"),
    path("punishments/", targets_views.punishments_page, name="punishments"),
    path("punishments/export.xlsx", targets_views.punishments_export, name="punishments-export"),
]
