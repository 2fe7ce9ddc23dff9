from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("draws/", views.plan_list, name="plan-list"),
    path("draws/new/", views.plan_create, name="plan-create"),
    path("draws/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("draws/<int:pk>/freeze/", views.plan_freeze, name="plan-freeze"),
    path("draws/<int:pk>/run/", views.plan_run, name="plan-run"),
    path("draws/<int:pk>/cancel/", views.plan_cancel, name="plan-cancel"),
]

public_urlpatterns = [
    path("draws/", views.public_draws, name="public-draws"),
    path("draws/<int:pk>/", views.public_draw, name="public-draw"),
    path("draws/<int:pk>/data.json", views.public_draw_data, name="public-draw-data"),
    path("draws/<int:pk>/verify.json", views.public_draw_verify, name="public-draw-verify"),
]
