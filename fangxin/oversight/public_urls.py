"""Oversight's public pages (no sign-in), under ``/public/oversight/``."""

from django.urls import path  # noqa: F401

app_name = "public-oversight"

urlpatterns: list = []
