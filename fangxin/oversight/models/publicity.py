"""Publicity activities, work meetings and field visits (宣传、会议、走访调研) of a campaign,
each kept by a station (or the office for the county: no station)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import EvidenceFile, Station
from fangxin.programme.models import Campaign
from fangxin.registry.models import Operator


class _Kept(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="+", verbose_name=_("培育年度")
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("监管所"),
        help_text=_("留空表示全县"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PublicityActivity(_Kept):
    class Form(models.TextChoices):
        LECTURE = "lecture", _("宣讲培训")
        STALL = "stall", _("现场宣传咨询")
        MEDIA = "media", _("媒体报道")
        ONLINE = "online", _("网络直播宣传")
        LEAFLET = "leaflet", _("发放宣传资料")
        OTHER = "other", _("其他形式")

    held_on = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200)
    form = models.CharField(_("形式"), max_length=12, choices=Form.choices)
    audience = models.PositiveIntegerField(
        _("受众人数"), default=0, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("活动内容"), blank=True)

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_form_display()} {self.place}"


class PublicityMaterial(EvidenceFile):
    folder = "publicity"

    activity = models.ForeignKey(
        PublicityActivity, on_delete=models.CASCADE, related_name="materials"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]


class Meeting(_Kept):
    class Kind(models.TextChoices):
        MOBILISATION = "mobilisation", _("动员会")
        EXCHANGE = "exchange", _("交流会")
        PROGRESS = "progress", _("推进会")
        SUMMARY = "summary", _("总结会")

    kind = models.CharField(_("会议类型"), max_length=14, choices=Kind.choices)
    held_on = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200)
    minutes = models.TextField(_("会议纪要"))
    attendees = models.TextField(_("参会人员"), help_text=_("每行一人"))

    class Meta:
        verbose_name = _("工作会议")
        verbose_name_plural = _("工作会议")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeetingFile(EvidenceFile):
    folder = "meetings"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")

    class Meta:
        ordering = ["uploaded_at", "pk"]


class FieldVisit(_Kept):
    visited_on = models.DateField(_("走访日期"), db_index=True)
    operator = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("走访经营主体"),
    )
    place = models.CharField(_("走访地点"), max_length=200, blank=True)
    notes = models.TextField(_("走访调研记录"))
    participants = models.TextField(_("参加人员"), blank=True)

    class Meta:
        verbose_name = _("走访调研")
        verbose_name_plural = _("走访调研")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.operator or self.place}"

    def clean(self) -> None:
        if self.operator_id is None and not self.place.strip():
            raise ValidationError({"place": _("请选择走访的经营主体或填写走访地点。")})
