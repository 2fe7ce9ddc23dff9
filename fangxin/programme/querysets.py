"""What programme rows mean, said once (``facts`` and the evaluation to come ask)."""

from __future__ import annotations

from django.db import models


class EnrolmentQuerySet(models.QuerySet):
    def enrolled(self) -> EnrolmentQuerySet:
        """Taking part now: applied-only and withdrawn enrolments are not scored."""
        return self.filter(status=self.model.Status.ENROLLED)


class TrainingQuerySet(models.QuerySet):
    def held_in(self, window) -> TrainingQuerySet:
        return self.filter(held_on__range=window.range)
