"""The public site's pages (no sign-in), under ``/public/``."""

from .feed_urls import urlpatterns as feed_urlpatterns

app_name = "disclosure"

urlpatterns: list = []

# Open data: the daily title feed (fangxin.disclosure.feed).
urlpatterns += feed_urlpatterns
