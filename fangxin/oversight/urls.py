"""Oversight's staff pages, under ``/oversight/``."""

from django.urls import path

app_name = "oversight"

urlpatterns: list = []

# The dashboard and the summary report (dashboard_views).
from . import dashboard_views  # noqa: E402

urlpatterns += [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_export, name="dashboard-export"),
    path("report.pdf", dashboard_views.report_pdf, name="report-pdf"),
    path("report.xlsx", dashboard_views.report_xlsx, name="report-xlsx"),
]
