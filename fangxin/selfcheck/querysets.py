"""What self-inspection rows mean, said once (supervision's contradictions and ``facts`` ask)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import models
from django.utils import timezone


class SelfInspectionQuerySet(models.QuerySet):
    def declared(self) -> SelfInspectionQuerySet:
        """What the operator has declared: submitted, or accepted by the station. A draft, or
        one under revision after a return, is no declaration yet."""
        S = self.model.Status
        return self.filter(status__in=(S.SUBMITTED, S.ACCEPTED))

    def accepted(self) -> SelfInspectionQuerySet:
        return self.filter(status=self.model.Status.ACCEPTED)

    def reviewed_in(self, window) -> SelfInspectionQuerySet:
        """Reviewed on a local day of the window (a review at 23:30 in Changxing is that
        day's). Compared as a datetime range, not ``__date``, so an index can serve it."""
        first = timezone.make_aware(datetime.combine(window.start, time.min))
        after = timezone.make_aware(datetime.combine(window.end + timedelta(days=1), time.min))
        return self.filter(reviewed_at__gte=first, reviewed_at__lt=after)


class AnswerQuerySet(models.QuerySet):
    def declared(self) -> AnswerQuerySet:
        from .models import SelfInspection  # the models module imports this one

        S = SelfInspection.Status
        return self.filter(inspection__status__in=(S.SUBMITTED, S.ACCEPTED))

    def declared_compliant(self) -> AnswerQuerySet:
        return self.declared().filter(result=self.model.Result.COMPLIANT)
