from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("mine/", views.my_operator, name="my-operator"),
    path("operators/", views.operator_list, name="operator-list"),
    path("operators/new/", views.operator_create, name="operator-create"),
    path("operators/export.<str:fmt>", views.operator_export, name="operator-export"),
    path("operators/import/", views.import_upload, name="import"),
    path("operators/import/template.xlsx", views.import_template, name="import-template"),
    path("operators/import/confirm/", views.import_confirm, name="import-confirm"),
    path("operators/<int:pk>/", views.operator_detail, name="operator-detail"),
    path("operators/<int:pk>/edit/", views.operator_edit, name="operator-edit"),
    path("operators/<int:pk>/reject/", views.operator_reject, name="operator-reject"),
    path("operators/<int:pk>/status/", views.operator_status, name="operator-status"),
    path("operators/<int:pk>/resubmit/", views.operator_resubmit, name="operator-resubmit"),
    path(
        "operators/<int:pk>/changes/<int:change_pk>/decide/",
        views.change_decide,
        name="change-decide",
    ),
    path("operators/<int:pk>/<slug:kind>/add/", views.child_edit, name="child-add"),
    path("operators/<int:pk>/<slug:kind>/<int:child_pk>/", views.child_edit, name="child-edit"),
    path(
        "operators/<int:pk>/<slug:kind>/<int:child_pk>/delete/",
        views.child_delete,
        name="child-delete",
    ),
]
