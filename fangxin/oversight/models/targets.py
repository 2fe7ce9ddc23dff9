"""Key supervision targets from results, credit risk classes and credit punishment (issue 16
items 2–4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.registry.models import Operator


class ResultWatch(models.Model):
    """One result (a failed evaluation, a failed sample, an overdue order, a black-list entry)
    that put an operator on the watch list: the source row by label and id, the watch entry it
    made and the order it raised. One per source row and rule, so running again adds nothing."""

    class Rule(models.TextChoices):
        EVALUATION = "evaluation", _("考评未达标")
        FAILED_SAMPLE = "failed_sample", _("抽检不合格")
        OVERDUE_ORDER = "overdue_order", _("逾期未整改")
        BLACK_LIST = "black_list", _("列入黑榜")

    operator = models.ForeignKey(
        Operator,
        on_delete=models.CASCADE,
        related_name="result_watches",
        verbose_name=_("经营主体"),
    )
    rule = models.CharField(_("来源"), max_length=16, choices=Rule.choices)
    source_label = models.CharField(_("来源记录类型"), max_length=100)
    source_id = models.PositiveBigIntegerField(_("来源记录编号"))
    watch_entry = models.ForeignKey(
        "supervision.WatchEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("重点监管对象"),
    )
    order = models.ForeignKey(
        "supervision.RectificationOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改通知"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("结果转重点监管")
        verbose_name_plural = _("结果转重点监管")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "source_label", "source_id"], name="result_watch_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operator} · {self.get_rule_display()}"


class RiskClassRecord(models.Model):
    """An operator's credit risk class as the rules last computed it, with the reasons, and the
    office's lock: a manual override or an official class imported, kept by the sweep until the
    office releases it."""

    class LockSource(models.TextChoices):
        MANUAL = "manual", _("人工调整")
        OFFICIAL = "official", _("官方分类导入")

    operator = models.OneToOneField(
        Operator, on_delete=models.CASCADE, related_name="risk_record", verbose_name=_("经营主体")
    )
    computed_class = models.CharField(_("规则计算分类"), max_length=1, blank=True)
    points = models.PositiveIntegerField(_("风险分值"), default=0)
    reasons = models.JSONField(_("分类理由"), default=list)
    computed_on = models.DateField(_("计算日期"), null=True, blank=True)
    locked = models.BooleanField(_("人工锁定"), default=False)
    locked_class = models.CharField(_("锁定分类"), max_length=1, blank=True)
    lock_source = models.CharField(
        _("锁定来源"), max_length=10, choices=LockSource.choices, blank=True
    )
    lock_reason = models.CharField(_("锁定理由"), max_length=300, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信用风险分类记录")
        verbose_name_plural = _("信用风险分类记录")
        ordering = ["operator__name", "pk"]

    def __str__(self) -> str:
        return f"{self.operator} · {self.computed_class}"


class Punishment(models.Model):
    """A credit punishment measure (失信惩戒) taken against an operator, on a ground in force
    (a credit listing, a black-list entry, a revoked title), citing the measure's basis."""

    class Ground(models.TextChoices):
        CREDIT_LISTING = "credit_listing", _("列入信用名单")
        BLACK_LIST = "black_list", _("列入黑榜")
        REVOKED_TITLE = "revoked_title", _("称号被撤销")

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="punishments", verbose_name=_("经营主体")
    )
    measure = models.CharField(_("惩戒措施"), max_length=32)
    ground = models.CharField(_("惩戒事由"), max_length=16, choices=Ground.choices)
    ground_label = models.CharField(_("事由记录类型"), max_length=100)
    ground_id = models.PositiveBigIntegerField(_("事由记录编号"))
    ground_note = models.CharField(_("事由说明"), max_length=300)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("失信惩戒")
        verbose_name_plural = _("失信惩戒")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="punishment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["operator", "measure", "ground_label", "ground_id"],
                name="punishment_once_per_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} · {self.measure}"

    def in_force(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


def _register_scopes() -> None:
    from fangxin.core import scoping
    from fangxin.core.roles import Role

    for model in (ResultWatch, RiskClassRecord):
        scoping.register(model, area="operator__area", operator="operator_id")
    # The partner departments apply the measures county-wide: they read them all.
    scoping.register(
        Punishment,
        area="operator__area",
        operator="operator_id",
        roles={Role.PARTNER: lambda user: models.Q()},
    )


_register_scopes()
