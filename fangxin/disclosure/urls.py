"""The public site's pages (no sign-in), under ``/public/``. The front door itself is ``/``
(``fangxin.urls``, name ``front``)."""

from django.urls import path

from . import views
from .feed_urls import urlpatterns as feed_urlpatterns

app_name = "disclosure"

urlpatterns = [
    path("sellers/", views.sellers, name="sellers"),
    path("privacy/", views.privacy, name="privacy"),
    path("titles/<str:no>/badge.svg", views.badge_svg, name="badge-svg"),
    path("titles/<str:no>/badge.png", views.badge_png, name="badge-png"),
]

# Open data: the daily title feed (fangxin.disclosure.feed).
urlpatterns += feed_urlpatterns
