from django.urls import path

from . import panel_views, views

app_name = "evaluation"

urlpatterns = [
    path("", views.results_current, name="results-current"),
    path("mine/", views.mine, name="mine"),
    path("<int:year>/", views.results, name="results"),
    path("<int:year>/results.xlsx", views.results_export, name="results-export"),
    path("<int:year>/recompute/", views.recompute, name="recompute"),
    path("<int:year>/close/", views.close_scoring, name="close"),
    path("<int:year>/industry/", views.industry, name="industry"),
    path("<int:year>/industry/import/", views.industry_import, name="industry-import"),
    path("<int:year>/industry/template.xlsx", views.industry_template, name="industry-template"),
    path("industry/", views.industry_current, name="industry-current"),
    path("<int:year>/what-if/", views.what_if, name="what-if"),
    path("<int:year>/rubrics/<slug:kind>/", views.rubric_page, name="rubric"),
    path("<int:year>/rubrics/<slug:kind>/edit/", views.rubric_edit, name="rubric-edit"),
    path("ledgers/<int:pk>/", views.ledger, name="ledger"),
    path("ledgers/<int:pk>/adjust/", views.adjust, name="adjust"),
    # Evaluation panels (考评组)
    path("<int:year>/panels/", panel_views.panel_list, name="panels"),
    path("<int:year>/panels/new/", panel_views.panel_create, name="panel-create"),
    path("panels/<int:pk>/members/", panel_views.panel_member_add, name="panel-member-add"),
    path(
        "panels/<int:pk>/members/<int:user_id>/remove/",
        panel_views.panel_member_remove,
        name="panel-member-remove",
    ),
    path("panels/<int:pk>/assign/", panel_views.panel_assign, name="panel-assign"),
    path(
        "panels/<int:pk>/enrolments/<int:enrolment_id>/remove/",
        panel_views.panel_unassign,
        name="panel-unassign",
    ),
    path("panels/<int:pk>/scores/", panel_views.panel_scores, name="panel-scores"),
    path("panels/mine/", panel_views.my_panels, name="my-panels"),
    path("panels/sheets/<int:pk>/", panel_views.sheet, name="sheet"),
]
