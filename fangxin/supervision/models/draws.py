"""Supervision (集中治理): watch list and risk, random draw plans and their verifiable draws."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area, PartnerDepartment, Station
from fangxin.programme.models import Campaign, Requirement
from fangxin.registry.models import Operator

from .querysets import WatchEntryQuerySet


class WatchEntry(models.Model):
    """A key supervision target (重点监管对象): why, from which source, from when to when."""

    class Source(models.TextChoices):
        STATION = "station", _("监管所认定")
        COMPLAINTS = "complaints", _("投诉较多")
        INSPECTION = "inspection", _("检查发现")
        MONITORING = "monitoring", _("监测发现")

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="watch_entries")
    reason = models.CharField(_("原因"), max_length=300)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点监管对象")
        verbose_name_plural = _("重点监管对象")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["operator", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.operator}: {self.reason}"

    def active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class ConflictOfInterest(models.Model):
    """An inspector's declared conflict with an operator: always avoided in draws."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("回避事由"), max_length=200)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避申报")
        verbose_name_plural = _("回避申报")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "operator"], name="conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.operator}"


class DrawPlan(models.Model):
    """一单两库: the item list, the operator pool's filters, the inspector pool and the rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FROZEN = "frozen", _("已锁定（已公布承诺值）")
        DRAWN = "drawn", _("已抽取")
        CANCELLED = "cancelled", _("已取消")

    name = models.CharField(_("名称"), max_length=200)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="draw_plans"
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draw_plans",
        verbose_name=_("监管所"),
        help_text=_("留空为全县计划（领导小组办公室）"),
    )
    items = models.ManyToManyField(Requirement, blank=True, verbose_name=_("检查事项"))
    free_items = models.JSONField(_("其他检查事项"), default=list, blank=True)
    # Operator pool filters: kind, areas, statuses, risk classes, key targets only,
    # not inspected in the last N days, enrolled in the campaign.
    pool_filters = models.JSONField(default=dict, blank=True)
    areas = models.ManyToManyField(Area, blank=True, verbose_name=_("乡镇（街道）"))
    # Draw rules: quotas per risk class (ratio < 1 or count), total, include key targets,
    # stratify by station, inspectors per task, avoid own station.
    rules = models.JSONField(default=dict)
    inspector_stations = models.ManyToManyField(
        Station, blank=True, related_name="+", verbose_name=_("执法人员所属监管所")
    )
    partner_departments = models.ManyToManyField(
        PartnerDepartment, blank=True, verbose_name=_("联合检查部门")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Draw(models.Model):
    """The published record of one plan's draw: snapshot, commitment, reveal, result."""

    plan = models.OneToOneField(DrawPlan, on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField(max_length=40)
    operator_pool = models.JSONField()
    inspector_pool = models.JSONField()
    rules = models.JSONField()
    pools_hash = models.CharField(max_length=64)
    commitment = models.CharField(max_length=64)
    # Kept from the public until the draw runs; revealing it lets anyone verify.
    secret = models.CharField(max_length=64)
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    public_value = models.CharField(_("公开随机值"), max_length=200, blank=True)
    public_source = models.CharField(_("公开值来源"), max_length=300, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    result_hash = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("抽取记录")
        verbose_name_plural = _("抽取记录")
        ordering = ["-frozen_at"]

    def __str__(self) -> str:
        return f"{self.plan} ({self.commitment[:12]})"

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None
