"""The moves of the public site's status fields (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

DRAFT, PUBLISHED = "draft", "published"

# The office publishes a story and may take it back to draft to correct it.
STORY = table("disclosure.story.status", {DRAFT: {PUBLISHED}, PUBLISHED: {DRAFT}})
