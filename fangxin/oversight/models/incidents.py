"""Public-opinion incidents (舆情事件): recorded by a station or the office, judged by the office
for a major social impact (较大社会影响); only a major one leads to an administrative interview
(约谈) with a rectification order (supervision's Measure and RectificationOrder on the basis
``public_opinion``). Later issues reuse this model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import EvidenceFile
from fangxin.registry.models import Operator


class Incident(models.Model):
    class Source(models.TextChoices):
        MEDIA = "media", _("新闻媒体")
        ONLINE = "online", _("网络平台")
        HOTLINE = "hotline", _("热线反映")
        SUPERIOR = "superior", _("上级交办")
        OTHER = "other", _("其他来源")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("待研判")
        MAJOR = "major", _("有较大社会影响")
        NOT_MAJOR = "not_major", _("无较大社会影响")
        INTERVIEWED = "interviewed", _("已约谈")
        CLOSED = "closed", _("已办结")

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("经营主体")
    )
    source = models.CharField(_("舆情来源"), max_length=12, choices=Source.choices)
    link = models.URLField(_("链接"), max_length=500, blank=True)
    occurred_on = models.DateField(_("舆情日期"), db_index=True)
    summary = models.TextField(_("舆情摘要"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECORDED, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    judgement_reason = models.TextField(_("研判意见"), blank=True)
    # What followed a major incident (supervision's rows; their basis note names the incident).
    measure = models.ForeignKey(
        "supervision.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("约谈"),
    )
    order = models.ForeignKey(
        "supervision.RectificationOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责令整改"),
    )
    closing_note = models.TextField(_("办结说明"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("舆情事件")
        verbose_name_plural = _("舆情事件")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["operator", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.operator} {self.occurred_on} {self.get_source_display()}"

    @property
    def is_major(self) -> bool:
        """Judged of major social impact (whatever followed since)."""
        return self.status in (self.Status.MAJOR, self.Status.INTERVIEWED) or (
            self.status == self.Status.CLOSED and self.measure_id is not None
        )


class IncidentEvidence(EvidenceFile):
    folder = "incidents"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        ordering = ["uploaded_at", "pk"]
