from django.urls import path

from . import credit_views, enforcement_views, inspection_views, operator_views, views

app_name = "supervision"

urlpatterns = [
    path("draws/", views.plan_list, name="plan-list"),
    path("draws/new/", views.plan_create, name="plan-create"),
    path("draws/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("draws/<int:pk>/freeze/", views.plan_freeze, name="plan-freeze"),
    path("draws/<int:pk>/run/", views.plan_run, name="plan-run"),
    path("draws/<int:pk>/cancel/", views.plan_cancel, name="plan-cancel"),
    path("inspections/", inspection_views.inspection_list, name="inspection-list"),
    path("inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection-detail"),
    path(
        "inspections/<int:pk>/publish/",
        inspection_views.inspection_publish,
        name="inspection-publish",
    ),
    path("evidence/<int:pk>/", inspection_views.evidence_file, name="evidence"),
    path("findings/<int:pk>/", inspection_views.finding_detail, name="finding-detail"),
    path("orders/", enforcement_views.order_list, name="order-list"),
    path("orders/<int:pk>/", enforcement_views.order_detail, name="order-detail"),
    path(
        "operators/<int:operator_pk>/order/",
        enforcement_views.order_on_basis,
        name="order-on-basis",
    ),
    path(
        "operators/<int:operator_pk>/measure/",
        enforcement_views.measure_on_basis,
        name="measure-on-basis",
    ),
    path("cases/", enforcement_views.case_list, name="case-list"),
    path("cases/<int:pk>/", enforcement_views.case_detail, name="case-detail"),
    path("vetoes/", enforcement_views.veto_list, name="veto-list"),
    path("credit/", credit_views.credit_list, name="credit-list"),
    path("credit/import/", credit_views.credit_import_page, name="credit-import"),
    path(
        "credit/import/confirm/",
        credit_views.credit_import_confirm,
        name="credit-import-confirm",
    ),
    path("credit/import/template.xlsx", credit_views.credit_template, name="credit-template"),
    path("operators/<int:pk>/", operator_views.operator_file, name="operator-file"),
    path("dashboard/", enforcement_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", enforcement_views.dashboard_export, name="dashboard-export"),
]

public_urlpatterns = [
    path("draws/", views.public_draws, name="public-draws"),
    path("draws/verifier.py", views.public_draw_verifier, name="public-draw-verifier"),
    path("draws/<int:pk>/", views.public_draw, name="public-draw"),
    path("draws/<int:pk>/data.json", views.public_draw_data, name="public-draw-data"),
    path("draws/<int:pk>/verify.json", views.public_draw_verify, name="public-draw-verify"),
    path("inspections/", inspection_views.public_inspections, name="public-inspections"),
]
