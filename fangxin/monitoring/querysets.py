"""What monitoring rows mean, said once (dashboards and ``facts`` ask)."""

from __future__ import annotations

from django.db import models


class MaterialQuerySet(models.QuerySet):
    def scanned(self) -> MaterialQuerySet:
        """Material that was read and scanned: only its minutes count as monitored."""
        return self.filter(status=self.model.Status.SCANNED)

    def streamed_in(self, window) -> MaterialQuerySet:
        return self.filter(stream_date__range=window.range)


class HitQuerySet(models.QuerySet):
    def confirmed(self) -> HitQuerySet:
        """A hit the monitor reviewed and confirmed: a confirmed monitoring finding."""
        return self.filter(status=self.model.Status.CONFIRMED)

    def streamed_in(self, window) -> HitQuerySet:
        return self.filter(material__stream_date__range=window.range)


class LicenceCheckQuerySet(models.QuerySet):
    def failed(self) -> LicenceCheckQuerySet:
        """A check that found the licence not shown, or shown only in part."""
        return self.exclude(result=self.model.Result.DISPLAYED)

    def checked_in(self, window) -> LicenceCheckQuerySet:
        return self.filter(checked_on__range=window.range)
