"""The public pages (no sign-in), under ``/public/titles/``."""

from django.urls import path

from . import public_views as views

app_name = "public-titles"

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("candidates/<int:pk>/object/", views.object_to, name="object"),
    path("objections/", views.track, name="track"),
    path("verify/", views.verify_query, name="verify-query"),
    path("<str:no>/", views.verify, name="verify"),
]
