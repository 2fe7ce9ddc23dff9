"""Titles (称号): public notices of the candidates, objections, the titles awarded and their
certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fangxin.core.models import EvidenceFile
from fangxin.programme.models import Campaign, Enrolment, Kind
from fangxin.registry.models import Operator
from fangxin.supervision.models import VetoEvent


class Notice(models.Model):
    """The candidate list of one kind, published (公示) for a period. Published at once and
    never edited: a correction is a new notice naming the one it corrects."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="title_notices", verbose_name=_("培育年度")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("更正的公示"),
    )
    correction_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("称号公示")
        verbose_name_plural = _("称号公示")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.get_kind_display()} #{self.pk}"

    def is_open(self, today) -> bool:
        return self.starts_on <= today <= self.ends_on


class Candidate(models.Model):
    """One line of a notice: what the public reads (nothing personal)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="candidates")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("经营主体名称"), max_length=200)
    area_name = models.CharField(_("所属乡镇（街道）"), max_length=100, blank=True)
    accounts = models.JSONField(_("平台账号"), default=list, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("公示对象")
        verbose_name_plural = _("公示对象")
        ordering = ["notice", "-score", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "enrolment"], name="titles_candidate_once_per_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.score}"


class Objection(models.Model):
    """Someone objects to a candidate during the notice period (异议)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="objections", verbose_name=_("公示对象")
    )
    name = models.CharField(_("异议人姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    facts = models.TextField(_("异议事实"))
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.CharField(_("处理理由"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.candidate.name}"


class ObjectionEvidence(EvidenceFile):
    """A file an objector sent with the objection: checked like every upload, shown to the
    office only (unregistered in the scopes, served by a view that asks
    ``titles.view_objections``)."""

    folder = "titles"

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = _("异议证据")
        verbose_name_plural = _("异议证据")
        ordering = ["uploaded_at", "pk"]


class PendingObjectionEvidence(EvidenceFile):
    """A file accepted on the public objection form before the objection is: kept for the
    same form (named by a random token held in the objector's session) while a refusal (a
    wrong or expired one-time code, a missing field) is put right, so it is not chosen again.
    Filed with the objection, removed by the objector, or swept after
    ``FANGXIN_COMPLAINT_PENDING_HOURS``. Unregistered in the scopes: no one else sees it."""

    # Stored where filed objection evidence lives: filing moves the row, not the file.
    folder = "titles"

    form_token = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class CertificateCounter(models.Model):
    """The last certificate number given for a prefix and year: read under a row lock inside
    the award's transaction, so the numbers are gapless and never reused."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="titles_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Title(models.Model):
    """The title 长兴放心电商 held by one operator for one kind, with its certificate."""

    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("title status", "有效")
        REVOKED = "revoked", _("已撤销")
        EXPIRED = "expired", _("已过期")

    certificate_no = models.CharField(_("证书编号"), max_length=32, unique=True)
    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="title", verbose_name=_("公示对象")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="titles", verbose_name=_("经营主体")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    holder_name = models.CharField(_("持有人"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    awarded_on = models.DateField(_("授予日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.VALID, db_index=True
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("撤销理由"), blank=True)
    veto_event = models.ForeignKey(
        VetoEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("取消称号情形"),
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The operator was told 30 days before the end of validity (at most once).
    expiry_notice_sent_on = models.DateField(null=True, blank=True)
    # Every save (award, revocation, reinstatement, expiry) stamps it: the open data's
    # Last-Modified and ETag and the daily feed's updated_at.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("称号")
        verbose_name_plural = _("称号")
        ordering = ["-year", "certificate_no"]
        indexes = [models.Index(fields=["operator", "status"], name="title_operator_status")]

    def __str__(self) -> str:
        return f"{self.certificate_no} {self.holder_name}"


class TitleEvent(models.Model):
    """One line of a title's history: awarded, revoked, expired."""

    class Action(models.TextChoices):
        AWARDED = "awarded", _("授予")
        REVOKED = "revoked", _("撤销")
        REINSTATED = "reinstated", _("恢复")
        EXPIRED = "expired", _("到期")

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("事项"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("称号记录")
        verbose_name_plural = _("称号记录")
        ordering = ["title", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.action}"


REPLY_MAX = 500


class Reply(models.Model):
    """An operator's short reply beside its result or its (revoked) title (申辩); shown on the
    public verification page only once the office approved it (not abusive)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不予公开")

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="+", verbose_name=_("经营主体")
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="+", verbose_name=_("培育对象")
    )
    title = models.ForeignKey(
        Title,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("称号"),
    )
    text = models.CharField(_("申辩内容"), max_length=REPLY_MAX)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申辩")
        verbose_name_plural = _("申辩")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.operator_id} {self.text[:20]}"


class Reevaluation(models.Model):
    """An operator asks, once per campaign, for one dimension of its result to be evaluated
    again (复核), with evidence; the office decides by ``due_on`` (working days), and the
    decision with its reason goes into the evaluation ledger."""

    class Status(models.TextChoices):
        OPEN = "open", _("待决定")
        GRANTED = "granted", _("予以调整")
        REFUSED = "refused", _("维持原评分")

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="+", verbose_name=_("经营主体")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="+", verbose_name=_("培育年度")
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="+", verbose_name=_("培育对象")
    )
    dimension = models.CharField(_("维度"), max_length=40)
    text = models.TextField(_("复核理由"))
    due_on = models.DateField(_("办结期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    criterion = models.CharField(_("评分项"), max_length=40, blank=True)
    points = models.DecimalField(_("调整分值"), max_digits=7, decimal_places=2, default=0)
    decision_reason = models.CharField(_("决定理由"), max_length=300, blank=True)
    ledger_entry_pk = models.PositiveBigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复核申请")
        verbose_name_plural = _("复核申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "campaign"], name="titles_reevaluation_once_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operator_id} {self.campaign_id} {self.dimension}"


class ReevaluationEvidence(EvidenceFile):
    folder = "titles"

    reevaluation = models.ForeignKey(
        Reevaluation, on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = _("复核证据")
        verbose_name_plural = _("复核证据")
        ordering = ["uploaded_at", "pk"]
