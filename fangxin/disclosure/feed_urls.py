"""The daily title feed's addresses (under ``/public/``, added to ``disclosure.urls``)."""

from django.urls import path

from . import feed_views

urlpatterns = [
    path("feed/titles.csv", feed_views.title_feed_today, name="title-feed"),
    path("feed/titles-<str:day>.csv", feed_views.title_feed, name="title-feed-day"),
]
