"""Complaints (投诉) and tip-offs (举报): one intake, one tracking-code space, two state tables.

A complaint asks the regulator to mediate a consumer dispute; a tip-off reports a suspected
violation for enforcement. They share the intake, routing, privacy and dashboards, so they
share a table; ``kind`` chooses the states (``states.py``) and the statutory periods.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import (
    EvidenceFile,
    Station,
    evidence_path,  # noqa: F401 - earlier migrations name it here
)
from fangxin.registry.models import Operator

from . import states
from .querysets import ComplaintQuerySet

TEXT_LIMIT = 2000
DEMAND_LIMIT = 500


class Complaint(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = states.COMPLAINT, _("投诉")
        TIPOFF = states.TIPOFF, _("举报")

    class Channel(models.TextChoices):
        WEB = "web", _("网上提交")
        API = "api", _("接口提交")
        NATIONAL = "12315", _("全国12315平台")
        COUNTER = "counter", _("窗口/电话登记")

    class Status(models.TextChoices):
        RECEIVED = states.RECEIVED, _("已登记，待处理")
        ACCEPTED = states.ACCEPTED, _("已受理")
        NOT_ACCEPTED = states.NOT_ACCEPTED, _("不予受理")
        MEDIATING = states.MEDIATING, _("调解中")
        MEDIATED = states.MEDIATED, _("调解成功")
        MEDIATION_FAILED = states.MEDIATION_FAILED, _("调解未达成协议")
        VERIFYING = states.VERIFYING, _("核查中")
        CASE_OPENED = states.CASE_OPENED, _("已立案")
        NO_CASE = states.NO_CASE, _("不予立案")
        MERGED = states.MERGED, _("已合并处理")
        CLOSED = states.CLOSED, _("已办结")

    class Category(models.TextChoices):
        QUALITY = "quality", _("商品质量")
        FALSE_ADVERTISING = "advertising", _("虚假宣传")
        PRICE = "price", _("价格问题")
        AFTER_SALES = "after_sales", _("售后服务与退换货")
        DELIVERY = "delivery", _("发货与配送")
        COUNTERFEIT = "counterfeit", _("假冒伪劣")
        FOOD_SAFETY = "food_safety", _("食品安全")
        PERSONAL_INFO = "personal_info", _("个人信息")
        OTHER = "other", _("其他")

    class Alert(models.TextChoices):
        NONE = "", _("正常")
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已超期")

    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    # The second factor of the public status page: the phone's last four digits, or a PIN
    # given once to an anonymous informant.
    lookup_tail = models.CharField(max_length=4)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    external_id = models.CharField(_("12315登记编号"), max_length=40, blank=True)
    received_on = models.DateField(_("登记日期"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    complainant_name = models.CharField(_("姓名"), max_length=50, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    consent_contact = models.BooleanField(_("同意向被投诉方提供联系方式以便调解"), default=False)
    # An optional use beyond the statutory duty (PIPL art. 13(1)(3) covers the rest): asked, never
    # a condition of filing.
    consent_survey = models.BooleanField(_("同意接受满意度回访"), default=False)

    operator = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("被投诉（举报）经营主体"),
    )
    operator_text = models.CharField(_("被投诉（举报）方名称"), max_length=200, blank=True)
    platform = models.CharField(_("平台"), max_length=50, blank=True)
    order_number = models.CharField(_("订单号"), max_length=64, blank=True)
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    description = models.TextField(_("事实经过"), max_length=TEXT_LIMIT)
    demand = models.CharField(_("诉求"), max_length=DEMAND_LIMIT, blank=True)
    amount_claimed = models.DecimalField(
        _("涉及金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    # Routing: the operator's station; null while the office triages an unknown operator.
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("承办监管所"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )

    # Deadlines, each computed from the period version in force on the receipt date.
    decide_by = models.DateField(_("受理/立案决定期限"), null=True, blank=True)
    decision_extended = models.BooleanField(default=False)
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    not_accepted_reason = models.CharField(_("不予受理依据"), max_length=40, blank=True)
    no_case_reason = models.CharField(_("不予立案理由"), max_length=500, blank=True)
    mediation_ends_by = models.DateField(_("调解期限"), null=True, blank=True)
    testing_days = models.PositiveIntegerField(_("检测鉴定工作日（不计入调解期限）"), default=0)
    mediation_ended_on = models.DateField(_("调解结束日期"), null=True, blank=True)
    agreement = models.CharField(_("调解结果"), max_length=1000, blank=True)
    amount_recovered = models.DecimalField(
        _("挽回经济损失（元）"), max_digits=12, decimal_places=2, default=0
    )
    notify_by = models.DateField(_("告知期限"), null=True, blank=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    due_on = models.DateField(_("当前期限"), null=True, blank=True, db_index=True)
    alert = models.CharField(
        _("期限提醒"), max_length=10, choices=Alert.choices, default="", blank=True
    )
    periods_used = models.JSONField(default=dict, blank=True)

    case = models.ForeignKey(
        "supervision.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    inspection = models.ForeignKey(
        "supervision.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    finding = models.ForeignKey(
        "supervision.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("合并至"),
    )

    closed_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    substantiated = models.BooleanField(_("投诉属实"), null=True, blank=True)
    close_note = models.CharField(_("办结说明"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["operator", "received_on"]),
            models.Index(fields=["station", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="complaint_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.get_kind_display()}"

    @property
    def is_tipoff(self) -> bool:
        return self.kind == self.Kind.TIPOFF

    @property
    def is_open(self) -> bool:
        return self.status not in states.FINAL

    @property
    def respondent(self) -> str:
        return self.operator.name if self.operator_id else self.operator_text

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    def next_states(self) -> frozenset[str]:
        return states.next_states(self.kind, self.status)


class ComplaintEvent(models.Model):
    """One row per move, reassignment, note or notice: the item's history."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("登记")
        STATUS = "status", _("状态变更")
        ROUTED = "routed", _("分派")
        EXTENDED = "extended", _("延长期限")
        TESTING = "testing", _("检测鉴定")
        NOTICE = "notice", _("告知")
        LINK = "link", _("关联执法")
        FOLLOW_UP = "follow_up", _("回访")
        ALERT = "alert", _("期限提醒")
        DEADLINE = "deadline", _("期限重算")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    from_station = models.ForeignKey(
        Station, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_station = models.ForeignKey(
        Station, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=1000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d}"


class FollowUp(models.Model):
    """回访: the complainant is asked, after handling, whether the matter was resolved."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话回访")
        SMS = "sms", _("短信回访")
        VISIT = "visit", _("上门回访")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")
        UNREACHABLE = "unreachable", _("未能联系")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField(_("回访日期"))
    method = models.CharField(_("方式"), max_length=8, choices=Method.choices)
    satisfaction = models.CharField(_("评价"), max_length=12, choices=Satisfaction.choices)
    note = models.CharField(_("情况"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.visited_on}"


class ComplaintEvidence(EvidenceFile):
    folder = "complaints"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        ordering = ["uploaded_at", "pk"]


class PendingEvidence(EvidenceFile):
    """A file accepted on an intake form that has not been filed yet (a wrong CAPTCHA, a missing
    field): kept for the same form, named by a random token, until it is filed, removed or swept.
    """

    # Stored where filed evidence lives: filing moves the row, not the file.
    folder = "complaints"

    form_token = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class PersonalDataAccess(models.Model):
    """Who saw a complainant's unmasked name and phone, when, and where."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.complaint_id} {self.at:%Y-%m-%d %H:%M}"


class NotAcceptedGround(models.Model):
    """A legal ground for not accepting a complaint, in the version of the rule in force on the
    receipt date (versions by date, like the statutory periods)."""

    code = models.SlugField(_("编码"), max_length=40)
    text = models.CharField(_("情形"), max_length=300)
    rule = models.CharField(_("规章"), max_length=200)
    article = models.CharField(_("条款"), max_length=100, blank=True)
    effective_from = models.DateField(_("施行日期"))
    # Shipped before anyone checked it against the text in force: the office is warned until
    # it confirms or corrects the version.
    confirmed = models.BooleanField(_("已核对"), default=True)
    note = models.CharField(_("核对说明"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("不予受理情形")
        verbose_name_plural = _("不予受理情形")
        ordering = ["-effective_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="not_accepted_ground_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text}（{self.effective_from}起）"

    @property
    def source(self) -> str:
        return f"{self.rule}{self.article}"
