"""What ratings rows mean, said once (views, API and ``facts`` ask)."""

from __future__ import annotations

from django.db import models


class VerifiedQuerySet(models.QuerySet):
    def counted(self):
        """Counted in the aggregates: not excluded by the office (a flagged row still counts
        until the office excludes it)."""
        return self.filter(excluded=False)

    def pending_review(self):
        """Flagged as part of a burst and not yet excluded."""
        return self.filter(flagged=True, excluded=False)
