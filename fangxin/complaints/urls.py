from django.urls import path

from . import dashboard_views, import_views, public_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("export.xlsx", views.complaint_export, name="export"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("import/", import_views.import_12315, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_export, name="dashboard-export"),
]

public_urlpatterns = [
    path("", public_views.intake, name="public-complaint"),
    path("done/", public_views.receipt, name="public-complaint-done"),
    path("track/", public_views.track, name="public-complaint-track"),
    path("operators/", public_views.operator_search, name="public-complaint-operators"),
]
