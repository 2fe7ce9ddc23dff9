"""Rule-list versions, monitored material, and the hits a scan finds, with their review."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.registry.models import Operator, PlatformAccount

from .querysets import HitQuerySet, LicenceCheckQuerySet, MaterialQuerySet


class RuleSet(models.Model):
    """One version of the rule list: its files as they were, so every hit can be explained
    by the exact rule that fired."""

    version = models.CharField(_("版本"), max_length=16, unique=True)
    label = models.CharField(_("说明"), max_length=200)
    files = models.JSONField(default=dict)  # file name → YAML text
    rule_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("当前使用"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监测规则版本")
        verbose_name_plural = _("监测规则版本")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_ruleset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.version}）"


def material_path(instance, filename: str) -> str:
    return f"monitoring/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Material(models.Model):
    """A transcript, subtitle file or product listing a monitor handed in about an operator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待扫描")
        SCANNED = "scanned", _("已扫描")
        FAILED = "failed", _("无法读取")

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="materials", verbose_name=_("经营主体")
    )
    account = models.ForeignKey(
        PlatformAccount,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("平台账号"),
    )
    stream_date = models.DateField(_("直播/监测日期"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("监测时长（分钟）"), default=0)
    file = models.FileField(upload_to=material_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(_("类型"), max_length=12, blank=True)  # text | subtitles | listing
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.CharField(_("错误"), max_length=500, blank=True)
    notes = models.JSONField(default=list, blank=True)  # skipped cues and the like
    ruleset = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="materials"
    )
    hit_count = models.PositiveIntegerField(_("命中数"), default=0)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测材料")
        verbose_name_plural = _("监测材料")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["operator", "stream_date"])]

    def __str__(self) -> str:
        return f"{self.operator_id} {self.stream_date} {self.original_name}"


class Hit(models.Model):
    """One place where a rule fired, with the rule as it was, and the monitor's verdict."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待复核")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")

    class Severity(models.TextChoices):
        REVIEW = "review", _("需研判")
        MINOR = "minor", _("一般")
        SERIOUS = "serious", _("严重")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="hits")
    rule_id = models.CharField(_("规则"), max_length=200)
    category = models.CharField(_("类别"), max_length=40, db_index=True)
    category_name = models.CharField(_("类别名称"), max_length=100)
    # The requirement area the rule file maps the category to, as it was when the hit was found.
    area = models.CharField(_("要求方面"), max_length=40)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    veto = models.CharField(_("可能构成的取消称号情形"), max_length=32, blank=True)
    term = models.CharField(_("命中内容"), max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    cue_start = models.CharField(_("字幕时间"), max_length=12, blank=True)
    row = models.PositiveIntegerField(_("行"), null=True, blank=True)
    field = models.CharField(_("字段"), max_length=100, blank=True)
    context = models.CharField(_("上下文"), max_length=400)
    evasion = models.BooleanField(_("插入符号规避"), default=False)
    status = models.CharField(
        _("复核结果"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("复核意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    finding = models.ForeignKey(
        "supervision.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_hits",
    )
    veto_event = models.ForeignKey(
        "supervision.VetoEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_hits",
    )

    objects = HitQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测命中")
        verbose_name_plural = _("监测命中")
        ordering = ["material", "start", "pk"]
        indexes = [models.Index(fields=["material", "status"])]

    def __str__(self) -> str:
        return f"{self.material_id} {self.rule_id} {self.start}"


class LicenceCheck(models.Model):
    """A licence-display check (亮照亮证检查) a monitor made of an enrolled operator's storefront
    or live room: is the business licence (and any permit its goods need) shown where buyers
    see it? A check not passed costs the monitoring dimension per the rubric's rule."""

    class Result(models.TextChoices):
        DISPLAYED = "displayed", _("已亮照亮证")
        PARTIAL = "partial", _("部分亮照亮证")
        MISSING = "missing", _("未亮照亮证")

    operator = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        related_name="licence_checks",
        verbose_name=_("经营主体"),
    )
    account = models.ForeignKey(
        PlatformAccount,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("平台账号"),
    )
    # What was looked at when it is no registered account: a shop's name or its address.
    storefront = models.CharField(_("检查的店铺或直播间"), max_length=200, blank=True)
    checked_on = models.DateField(_("检查日期"), db_index=True)
    result = models.CharField(_("检查结果"), max_length=10, choices=Result.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("检查人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LicenceCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("亮照亮证检查")
        verbose_name_plural = _("亮照亮证检查")
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["operator", "checked_on"])]

    def __str__(self) -> str:
        return f"{self.operator} {self.checked_on} {self.get_result_display()}"

    @property
    def place(self) -> str:
        """What was checked, in words: the account, else the storefront named."""
        return str(self.account) if self.account_id else self.storefront

    @property
    def passed(self) -> bool:
        return self.result == self.Result.DISPLAYED
