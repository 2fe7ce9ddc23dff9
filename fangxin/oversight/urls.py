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

# Public-opinion incidents and publicity (incident_views, publicity_views).
from . import incident_views, publicity_views  # noqa: E402

urlpatterns += [
    path("incidents/", incident_views.incident_list, name="incident-list"),
    path("incidents/new/", incident_views.incident_create, name="incident-create"),
    path("incidents/<int:pk>/", incident_views.incident_detail, name="incident-detail"),
    path(
        "incidents/evidence/<int:pk>/", incident_views.incident_evidence, name="incident-evidence"
    ),
    path("publicity/", publicity_views.overview, name="publicity"),
    path("publicity/activities/new/", publicity_views.activity_edit, name="publicity-create"),
    path("publicity/activities/<int:pk>/", publicity_views.activity_edit, name="publicity-edit"),
    path("publicity/meetings/new/", publicity_views.meeting_edit, name="meeting-create"),
    path("publicity/meetings/<int:pk>/", publicity_views.meeting_edit, name="meeting-edit"),
    path("publicity/visits/new/", publicity_views.visit_edit, name="visit-create"),
    path("publicity/visits/<int:pk>/", publicity_views.visit_edit, name="visit-edit"),
    path(
        "publicity/files/<str:kind>/<int:pk>/", publicity_views.record_file, name="publicity-file"
    ),
]

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
