"""The registry of cultivation targets (培育对象): operators and what hangs on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area

from .validators import clean_uscc


class Operator(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("待确认")
        ACTIVE = "active", _("培育中")
        SUSPENDED = "suspended", _("暂停")
        LEFT = "left", _("已退出")
        REJECTED = "rejected", _("未通过")

    class RiskClass(models.TextChoices):
        A = "A", _("A类（低风险）")
        B = "B", _("B类（一般风险）")
        C = "C", _("C类（较高风险）")
        D = "D", _("D类（高风险）")

    name = models.CharField(_("经营主体名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    livestream = models.BooleanField(_("直播营销"), default=False)
    group_buying = models.BooleanField(_("社区团购"), default=False)
    sells_food = models.BooleanField(_("经营食品"), default=False)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=50)
    legal_rep_id_number = models.CharField(_("法定代表人身份证号"), max_length=18, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    operating_address = models.CharField(_("经营地址"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="operators", verbose_name=_("所属乡镇（街道）")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_reason = models.CharField(_("状态原因"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    risk_class = models.CharField(
        _("信用风险分类"), max_length=1, choices=RiskClass.choices, default=RiskClass.B
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("经营主体")
        verbose_name_plural = _("经营主体")
        ordering = ["name", "pk"]
        permissions = [
            ("confirm_operator", "Can confirm or reject operator applications"),
            ("import_operator", "Can import operators"),
            ("export_operator", "Can export operators"),
            ("view_personal_data", "Can see unmasked personal data"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(livestream=True) | models.Q(group_buying=True),
                name="operator_has_a_kind",
            )
        ]
        indexes = [
            models.Index(fields=["area", "status", "name"]),
            models.Index(fields=["status", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.uscc:
            try:
                self.uscc = clean_uscc(self.uscc)
            except ValidationError as exc:
                errors["uscc"] = exc.messages
        if not (self.livestream or self.group_buying):
            errors["livestream"] = _("请至少选择一种经营类型。")
        if errors:
            raise ValidationError(errors)

    @property
    def station(self):
        return self.area.station

    @property
    def kinds_display(self) -> str:
        parts = []
        if self.livestream:
            parts.append(str(_("直播营销")))
        if self.group_buying:
            parts.append(str(_("社区团购")))
        return "+".join(parts)


class OperatorEvent(models.Model):
    """One line of an operator's timeline; every capability adds its own kinds."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=40)
    summary = models.CharField(_("摘要"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("经营主体动态")
        verbose_name_plural = _("经营主体动态")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["operator", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.summary}"
