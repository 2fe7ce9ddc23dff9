from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_create, name="campaign-create"),
    path("trainings/", views.training_list, name="trainings"),
    path(
        "applications/<int:pk>/confirm/",
        views.application_confirm,
        name="application-confirm",
    ),
    path("<int:year>/", views.campaign_detail, name="campaign-detail"),
    path("<int:year>/copy/", views.campaign_copy, name="campaign-copy"),
    path("<int:year>/phases/<slug:code>/", views.phase_update, name="phase-update"),
    path("<int:year>/enrolments/", views.enrolment_list, name="enrolments"),
    path("<int:year>/enrolments/apply/", views.enrolment_apply, name="enrolment-apply"),
    path(
        "<int:year>/enrolments/<int:pk>/approve/",
        views.enrolment_approve,
        name="enrolment-approve",
    ),
    path("<int:year>/guide/", views.guide, name="guide"),
    path("<int:year>/guide.pdf", views.guide_pdf, name="guide-pdf"),
    path("<int:year>/guide/edit/", views.guide_edit, name="guide-edit"),
]
