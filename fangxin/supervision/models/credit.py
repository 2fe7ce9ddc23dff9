"""Credit lists read from the market regulator's publications (veto situation 6): 经营异常名录,
严重违法失信名单, and individual businesses marked 经营异常状态. Each row is one listing of one
operator, with its removal (移出 / 恢复正常记载状态) once there is one."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangxin.registry.models import Operator

from .enforcement import VetoEvent


def removal_lifts_listing() -> bool:
    """Whether a listing removed (credit repair) before a day no longer counts on that day
    (``FANGXIN_CREDIT_REMOVAL_LIFTS``, default yes)."""
    return bool(getattr(settings, "FANGXIN_CREDIT_REMOVAL_LIFTS", True))


class CreditListKind(models.TextChoices):
    ABNORMAL_OPERATIONS = "abnormal_operations", _("经营异常名录")
    SERIOUS_VIOLATION = "serious_violation", _("严重违法失信名单")
    INDIVIDUAL_ABNORMAL = "individual_abnormal", _("个体工商户经营异常状态")


class CreditImport(models.Model):
    """One run of the credit-list import: its file, who ran it, when, what it found."""

    file_name = models.CharField(_("文件名"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    dry_run = models.BooleanField(_("试导入"), default=False)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("无变化"), default=0)
    unmatched = models.PositiveIntegerField(_("未匹配经营主体"), default=0)
    vetoes_proposed = models.PositiveIntegerField(_("报请认定取消称号情形"), default=0)

    class Meta:
        verbose_name = _("信用名单导入")
        verbose_name_plural = _("信用名单导入")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.imported_at:%Y-%m-%d %H:%M}"


class CreditListingQuerySet(models.QuerySet):
    def in_force(self, on: date, *, removal_lifts: bool | None = None) -> CreditListingQuerySet:
        """Listings in force on ``on``: listed on or before it and not removed before it (a
        listing removed on that very day still counts for it). With removal not lifting a
        listing (``FANGXIN_CREDIT_REMOVAL_LIFTS = False``) every listing made by then counts."""
        if removal_lifts is None:
            removal_lifts = removal_lifts_listing()
        listed = self.filter(listed_on__lte=on)
        if not removal_lifts:
            return listed
        return listed.filter(Q(removed_on__isnull=True) | Q(removed_on__gte=on))


class CreditListing(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="credit_listings")
    kind = models.CharField(_("名单类型"), max_length=24, choices=CreditListKind.choices)
    code = models.CharField(_("统一社会信用代码/注册号"), max_length=18)  # as read
    name = models.CharField(_("名称"), max_length=200)  # as read
    reason = models.TextField(_("列入原因"), blank=True)
    listed_on = models.DateField(_("列入日期"), db_index=True)
    authority = models.CharField(_("作出决定机关"), max_length=200, blank=True)
    removal_reason = models.TextField(_("移出原因"), blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    batch = models.ForeignKey(
        CreditImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("导入批次"),
    )
    veto_event = models.OneToOneField(
        VetoEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credit_listing",
        verbose_name=_("取消称号情形"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreditListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用名单记录")
        verbose_name_plural = _("信用名单记录")
        ordering = ["-listed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "kind", "listed_on"], name="credit_listing_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_kind_display()} {self.listed_on}"

    def is_in_force(self, on: date) -> bool:
        """The row form of ``CreditListing.objects.in_force(on)``."""
        if self.listed_on > on:
            return False
        if not removal_lifts_listing():
            return True
        return self.removed_on is None or self.removed_on >= on
