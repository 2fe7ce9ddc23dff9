"""The red and black list (红黑榜): the office's rules and cadence, each period's publication
with its entries, the office's edits, the publication's events, and exits from the black list.

A publication is drafted by the system from the apps' facts, edited by the office (every edit
with a reason), approved and published. Once published it is the public record: the
publication and its entries refuse every save and delete (and bulk update/delete), so the
archive can be trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import Area
from fangxin.registry.models import Operator


class ListKind(models.TextChoices):
    RED = "red", _("红榜")
    BLACK = "black", _("黑榜")


class Cadence(models.TextChoices):
    QUARTER = "quarter", _("每季度")
    HALF = "half", _("每半年")
    YEAR = "year", _("每年")


class PublishedError(ValidationError):
    """A published publication (or one of its entries) was asked to change."""


def _published_refusal() -> PublishedError:
    return PublishedError(_("红黑榜已发布，不能修改或删除。"), code="published")


class ListSettings(models.Model):
    """The county's cadence and the exit rule's clean period (one row, pk 1)."""

    cadence = models.CharField(
        _("发布周期"), max_length=8, choices=Cadence.choices, default=Cadence.QUARTER
    )
    exit_clean_days = models.PositiveSmallIntegerField(
        _("移出黑榜所需无新问题天数"), default=90, help_text=_("默认一个季度。")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("红黑榜设置")
        verbose_name_plural = _("红黑榜设置")

    def __str__(self) -> str:
        return str(self.get_cadence_display())


class ListRule(models.Model):
    """One drafting rule, as data the office may edit: which list, whether it is used, its
    legal basis (published with each entry), whether the basis text has been confirmed
    against the source, and whether entries under it publish the legal representative."""

    class Code(models.TextChoices):
        RED_CLEAN_TITLE = "red_clean_title", _("有效称号且期内无一般以上问题、无属实投诉")
        BLACK_REVOKED_TITLE = "black_revoked_title", _("期内被撤销称号")
        BLACK_PENALTY = "black_penalty", _("行政处罚决定在公示期内且未修复")
        BLACK_CREDIT_LISTING = "black_credit_listing", _("被列入信用名单且仍在有效期内")

    code = models.CharField(_("规则"), max_length=32, choices=Code.choices, unique=True)
    list_kind = models.CharField(_("榜单"), max_length=8, choices=ListKind.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    legal_basis = models.TextField(_("依据"))
    basis_confirmed = models.BooleanField(_("依据已核实"), default=False)
    publish_legal_rep = models.BooleanField(_("公布法定代表人姓名"), default=False)
    # The penalty rule's publicity period (days); unused by the other rules.
    days = models.PositiveIntegerField(_("公示期（天）"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("红黑榜规则")
        verbose_name_plural = _("红黑榜规则")
        ordering = ["list_kind", "code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ListPublication.Status.PUBLISHED)

    def update(self, **kwargs):
        if self.filter(status=ListPublication.Status.PUBLISHED).exists():
            raise _published_refusal()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=ListPublication.Status.PUBLISHED).exists():
            raise _published_refusal()
        return super().delete()


class ListPublication(models.Model):
    """One period's red and black lists: a draft until approved and published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已发布")

    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    label = models.CharField(_("期间"), max_length=40)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    drafted_at = models.DateTimeField(_("生成时间"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("红黑榜")
        verbose_name_plural = _("红黑榜")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="oversight_list_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="oversight_list_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise _published_refusal()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == self.Status.PUBLISHED:
            raise _published_refusal()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()


class EntryQuerySet(models.QuerySet):
    def _touches_published(self) -> bool:
        return self.filter(publication__status=ListPublication.Status.PUBLISHED).exists()

    def update(self, **kwargs):
        if self._touches_published():
            raise _published_refusal()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_published():
            raise _published_refusal()
        return super().delete()

    def listed(self):
        """The entries on the list (not removed by the office)."""
        return self.filter(removed=False)


class ListEntry(models.Model):
    """One operator on one list of a publication, with its reason, basis and result. The
    operator's name, credit code, address, area and legal representative are copied when the
    entry is made: the record says what was published, whatever the registry says later."""

    publication = models.ForeignKey(
        ListPublication, on_delete=models.CASCADE, related_name="entries"
    )
    list_kind = models.CharField(_("榜单"), max_length=8, choices=ListKind.choices)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="list_entries")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    operator_name = models.CharField(_("经营主体名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=50, blank=True)
    publish_legal_rep = models.BooleanField(_("公布法定代表人姓名"), default=False)
    rule = models.CharField(
        _("规则"), max_length=32, choices=ListRule.Code.choices, blank=True
    )  # blank: added by the office
    reason = models.TextField(_("事由"))  # the merit or the violation
    basis = models.TextField(_("依据"))
    result = models.CharField(_("结果"), max_length=200)
    source = models.CharField(_("来源记录"), max_length=60, blank=True)  # a facts Ref
    manual = models.BooleanField(_("人工添加"), default=False)
    removed = models.BooleanField(_("已移除"), default=False)
    removed_reason = models.TextField(_("移除理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("红黑榜条目")
        verbose_name_plural = _("红黑榜条目")
        ordering = ["list_kind", "operator_name", "pk"]
        indexes = [models.Index(fields=["publication", "list_kind"])]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()} {self.operator_name}"

    def save(self, *args, **kwargs):
        if self._publication_published():
            raise _published_refusal()
        if not (self.reason or "").strip() or not (self.basis or "").strip():
            raise ValidationError(_("红黑榜条目必须写明事由和依据。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._publication_published():
            raise _published_refusal()
        return super().delete(*args, **kwargs)

    @property
    def public_legal_rep(self) -> str:
        """The legal representative's name only where the rule publishes it."""
        return self.legal_rep_name if self.publish_legal_rep else ""

    def _publication_published(self) -> bool:
        if self.pk is None:
            return ListPublication._base_manager.filter(
                pk=self.publication_id, status=ListPublication.Status.PUBLISHED
            ).exists()
        return (
            type(self)
            ._base_manager.filter(pk=self.pk, publication__status=ListPublication.Status.PUBLISHED)
            .exists()
        )

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("请填写列入事由。")})
        if not (self.basis or "").strip():
            raise ValidationError({"basis": _("请填写依据。")})


class ListEdit(models.Model):
    """One edit the office made to a draft, with who and why."""

    class Action(models.TextChoices):
        ADDED = "added", _("添加")
        REMOVED = "removed", _("移除")
        RESTORED = "restored", _("恢复")
        CHANGED = "changed", _("修改")

    publication = models.ForeignKey(ListPublication, on_delete=models.CASCADE, related_name="edits")
    entry = models.ForeignKey(
        ListEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="edits"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    list_kind = models.CharField(_("榜单"), max_length=8, choices=ListKind.choices)
    operator_name = models.CharField(_("经营主体名称"), max_length=200)
    reason = models.TextField(_("理由"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("红黑榜修改记录")
        verbose_name_plural = _("红黑榜修改记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.operator_name}"


class PublicationEvent(models.Model):
    """One move of a publication (drafted, redrafted, approved, returned, published)."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("生成草稿")
        REDRAFTED = "redrafted", _("重新生成")
        APPROVED = "approved", _("审核通过")
        RETURNED = "returned", _("退回修改")
        PUBLISHED = "published", _("发布")

    publication = models.ForeignKey(
        ListPublication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(_("说明"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("红黑榜流转记录")
        verbose_name_plural = _("红黑榜流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return str(self.get_action_display())


class BlackListExit(models.Model):
    """An operator leaving the black list: the clean period checked and the rectification
    verified, recorded with who decided and why. Drafts after it leave out black-list grounds
    dated on or before ``exited_on``."""

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="list_exits")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(
        ListEntry, on_delete=models.PROTECT, related_name="exits", verbose_name=_("黑榜条目")
    )
    operator_name = models.CharField(_("经营主体名称"), max_length=200)
    exited_on = models.DateField(_("移出日期"))
    clean_from = models.DateField(_("无新问题期间开始"))
    clean_to = models.DateField(_("无新问题期间结束"))
    orders_verified = models.PositiveSmallIntegerField(_("已验收整改数"), default=0)
    reason = models.TextField(_("移出理由"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("移出黑榜记录")
        verbose_name_plural = _("移出黑榜记录")
        ordering = ["-exited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.operator_name} {self.exited_on}"
