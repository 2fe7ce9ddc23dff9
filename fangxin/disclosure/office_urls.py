"""The office's pages for the public site's own content, under ``/disclosure/``."""

from django.urls import path

from . import stories, suggestions

app_name = "office-disclosure"

urlpatterns = [
    path("stories/", stories.story_list, name="stories"),
    path("stories/new/", stories.story_edit, name="story-new"),
    path("stories/<int:pk>/", stories.story_edit, name="story-edit"),
    path("suggestions/", suggestions.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/", suggestions.suggestion_answer, name="suggestion"),
]
