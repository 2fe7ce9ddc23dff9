from django.urls import path

from . import dashboard_views, licence_views, rule_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.material_list, name="material-list"),
    path("upload/", views.material_upload, name="upload"),
    path("<int:pk>/", views.material_detail, name="material-detail"),
    path("<int:pk>/file/", views.material_file, name="material-file"),
    path("<int:pk>/rescan/", views.material_rescan, name="rescan"),
    path("rules/", rule_views.ruleset_list, name="rules"),
    path("rules/<int:pk>/", rule_views.ruleset_detail, name="ruleset-detail"),
    path("licence-checks/", licence_views.licence_checks, name="licence-checks"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_export, name="dashboard-export"),
]
