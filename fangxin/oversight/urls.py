"""Oversight's staff pages, under ``/oversight/``."""

from django.urls import path  # noqa: F401

app_name = "oversight"

urlpatterns: list = []
