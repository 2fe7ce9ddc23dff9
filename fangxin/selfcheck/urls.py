from django.urls import path

from . import views

app_name = "selfcheck"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard-export"),
    path("enrolments/<int:enrolment_pk>/", views.fill, name="fill"),
    path("answers/<int:answer_pk>/rectify/", views.rectify, name="rectify"),
    path("inspections/<int:pk>/", views.review, name="review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
