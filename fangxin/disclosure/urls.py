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

# Good-practice stories and suggestions (fangxin.disclosure.stories / .suggestions).
from . import stories, suggestions  # noqa: E402

urlpatterns += [
    path("stories/", stories.public_stories, name="stories"),
    path("stories/<int:pk>/", stories.public_story, name="story"),
    path("stories/<int:pk>/image", stories.story_image, name="story-image"),
    path("suggestions/", suggestions.public_suggestions, name="suggestions"),
    path("suggestions/new/", suggestions.suggestion_new, name="suggestion-new"),
    path("suggestions/thanks/", suggestions.suggestion_thanks, name="suggestion-thanks"),
    path("suggestions/track/", suggestions.suggestion_track, name="suggestion-track"),
]

# Open data: the daily title feed (fangxin.disclosure.feed).
urlpatterns += feed_urlpatterns
