"""What complaint rows mean, said once (services, the watch list and ``facts`` ask)."""

from __future__ import annotations

from django.db import models


class ComplaintQuerySet(models.QuerySet):
    def substantiated(self) -> ComplaintQuerySet:
        """Complaints (not tip-offs) closed as substantiated: what the consumer dimension and
        the repeated-complaints watch rule read."""
        return self.filter(kind=self.model.Kind.COMPLAINT, substantiated=True)

    def received_in(self, window) -> ComplaintQuerySet:
        return self.filter(received_on__range=window.range)
