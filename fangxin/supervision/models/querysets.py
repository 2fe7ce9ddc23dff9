"""What supervision's rows mean, said once: the views, the API, the sweep and ``facts`` ask these.

Kept apart from the model modules so the models only name their manager.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q


class WatchEntryQuerySet(models.QuerySet):
    def active(self, on: date) -> WatchEntryQuerySet:
        """Key supervision targets on that day (``WatchEntry.active_on`` for one row)."""
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class FindingQuerySet(models.QuerySet):
    def found_in(self, window) -> FindingQuerySet:
        return self.filter(found_on__range=window.range)


class RectificationOrderQuerySet(models.QuerySet):
    def overdue_q(self, on: date) -> Q:
        """Late on ``on``: waiting on the operator (an order answered in time is the station's
        to verify, not late) after its deadline. ``RectificationOrder.is_overdue`` says the same
        of one loaded row."""
        return Q(status__in=self.model.AWAITING_OPERATOR, due_on__lt=on)

    def overdue(self, on: date) -> RectificationOrderQuerySet:
        return self.filter(self.overdue_q(on))

    def not_overdue(self, on: date) -> RectificationOrderQuerySet:
        return self.exclude(self.overdue_q(on))

    def with_overdue(self, on: date) -> RectificationOrderQuerySet:
        """Annotates ``is_overdue_on``: overdue on that day, by the same condition."""
        return self.annotate(
            is_overdue_on=ExpressionWrapper(self.overdue_q(on), output_field=BooleanField())
        )

    def issued_in(self, window) -> RectificationOrderQuerySet:
        return self.filter(issued_on__range=window.range)


class SampleQuerySet(models.QuerySet):
    def decided(self) -> SampleQuerySet:
        """A result is known (passed or failed); pending samples are no evidence yet."""
        return self.exclude(result=self.model.Result.PENDING)

    def failed(self) -> SampleQuerySet:
        return self.filter(result=self.model.Result.FAIL)

    def taken_in(self, window) -> SampleQuerySet:
        return self.filter(taken_on__range=window.range)


class CaseQuerySet(models.QuerySet):
    def filed(self) -> CaseQuerySet:
        """A clue that never became a case (still under check, or refused) is not a case."""
        S = self.model.Status
        return self.exclude(status__in=(S.CLUE, S.NO_CASE)).filter(filed_on__isnull=False)

    def open(self) -> CaseQuerySet:
        S = self.model.Status
        return self.exclude(status__in=(S.CLOSED, S.NO_CASE))

    def filed_in(self, window) -> CaseQuerySet:
        return self.filed().filter(filed_on__range=window.range)


class VetoEventQuerySet(models.QuerySet):
    def confirmed(self) -> VetoEventQuerySet:
        """Decided by the office as one of the six situations: only these cost a title."""
        return self.filter(status=self.model.Status.CONFIRMED)

    def occurred_in(self, window) -> VetoEventQuerySet:
        return self.filter(occurred_on__range=window.range)


class ContradictionQuerySet(models.QuerySet):
    def recorded_in(self, window) -> ContradictionQuerySet:
        return self.filter(recorded_on__range=window.range)
