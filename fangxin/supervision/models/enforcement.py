"""What follows a finding: interviews and guidance, rectification orders, cases, veto events."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fangxin.programme.models import Kind, RequirementArea
from fangxin.registry.models import Operator

from .inspections import Finding
from .querysets import CaseQuerySet, RectificationOrderQuerySet, VetoEventQuerySet


class Basis(models.TextChoices):
    """What an order or an interview rests on: a finding, or another ground (issue 12 10c)."""

    FINDING = "finding", _("检查发现")
    PUBLIC_OPINION = "public_opinion", _("舆情事件")
    EVALUATION = "evaluation", _("考评结果")
    WATCH_LIST = "watch_list", _("重点监管")
    OTHER = "other", _("其他")


def _basis_errors(row, no_note) -> dict:
    """A finding exactly when the basis is a finding; otherwise the ground said in words."""
    errors = {}
    if row.basis == Basis.FINDING:
        if row.finding_id is None:
            errors["finding"] = _("依据为检查发现时须关联一个问题。")
    else:
        if row.finding_id is not None:
            errors["finding"] = _("只有依据为检查发现时才关联问题。")
        if not row.basis_note.strip():
            errors["basis_note"] = no_note
    return errors


def _basis_check() -> Q:
    return (Q(basis="finding") & Q(finding__isnull=False)) | (
        ~Q(basis="finding") & Q(finding__isnull=True) & ~Q(basis_note="")
    )


class Measure(models.Model):
    """约谈 / 行政指导: after a finding, or on another ground (``basis``, ``basis_note``; then
    no finding). The operator is stored either way."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("约谈")
        GUIDANCE = "guidance", _("行政指导")

    Basis = Basis

    basis = models.CharField(
        _("依据类型"), max_length=16, choices=Basis.choices, default=Basis.FINDING
    )
    basis_note = models.TextField(_("依据说明"), blank=True)
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    summary = models.TextField(_("内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("约谈/行政指导")
        verbose_name_plural = _("约谈/行政指导")
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(condition=_basis_check(), name="measure_basis_finding_or_note")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"

    @property
    def from_finding(self) -> bool:
        return self.basis == Basis.FINDING

    def clean(self) -> None:
        errors = _basis_errors(self, _("请说明约谈或行政指导的依据。"))
        if errors:
            raise ValidationError(errors)


class RectificationOrder(models.Model):
    """责令（限期）整改: issued → answered → verified, or rejected back to the operator.

    Most orders follow a finding (``basis`` finding, ``finding`` set, area and kind read from
    it). An order may also rest on a public-opinion incident, an evaluation result, a
    watch-list entry or another ground: then there is no finding, ``basis_note`` says what the
    ground is, and ``area`` (required) and ``kind`` (null: both of the operator's kinds) are
    chosen when it is issued. Only finding-based orders feed automatic score deductions unless
    a rubric says otherwise (``facts.OrderFact.from_finding``)."""

    Basis = Basis

    class Status(models.TextChoices):
        ISSUED = "issued", _("待整改")
        ANSWERED = "answered", _("已回复，待核查")
        REJECTED = "rejected", _("核查未通过，重新整改")
        VERIFIED = "verified", _("已核查销号")

    OPEN = (Status.ISSUED, Status.ANSWERED, Status.REJECTED)
    # Waiting on the operator: an order answered in time is the station's to verify, not late.
    AWAITING_OPERATOR = (Status.ISSUED, Status.REJECTED)

    basis = models.CharField(
        _("整改依据"), max_length=16, choices=Basis.choices, default=Basis.FINDING
    )
    basis_note = models.TextField(_("依据说明"), blank=True)
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="orders"
    )
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="orders")
    # Chosen for an order without a finding; a finding-based order reads its finding's.
    area = models.ForeignKey(
        RequirementArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("要求方面"),
    )
    kind = models.CharField(
        _("经营类型"), max_length=20, choices=Kind.choices, null=True, blank=True
    )
    number = models.CharField(_("文书编号"), max_length=60, blank=True)
    requirement = models.TextField(_("整改要求"))
    issued_on = models.DateField(_("下达日期"))
    working_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"))
    due_on = models.DateField(_("整改期限"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    overdue_since = models.DateField(_("逾期日期"), null=True, blank=True)
    verified_on = models.DateField(_("销号日期"), null=True, blank=True)
    verification_note = models.TextField(_("核查意见"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = RectificationOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("责令整改")
        verbose_name_plural = _("责令整改")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["operator", "issued_on"])]
        constraints = [
            # A finding exactly when the basis is a finding; otherwise a stated ground and an
            # area (the kind may stay null: both).
            models.CheckConstraint(
                condition=_basis_check() & (Q(basis="finding") | Q(area__isnull=False)),
                name="order_basis_finding_or_note",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.operator} {self.issued_on}"

    @property
    def from_finding(self) -> bool:
        return self.basis == self.Basis.FINDING

    def clean(self) -> None:
        errors = _basis_errors(self, _("请说明责令整改的依据。"))
        if not self.from_finding and self.area_id is None:
            errors["area"] = _("请选择整改涉及的要求方面。")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today) -> bool:
        return self.status in self.AWAITING_OPERATOR and self.due_on < today

    def overdue_working_days(self, today) -> int:
        from fangxin.core.calendar import working_days_between

        if not self.is_overdue(today):
            return 0
        return working_days_between(self.due_on, today).value


class OrderResponse(models.Model):
    order = models.ForeignKey(
        RectificationOrder, on_delete=models.CASCADE, related_name="responses"
    )
    text = models.TextField(_("整改情况"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("整改回复")
        verbose_name_plural = _("整改回复")
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.order}: {self.text[:30]}"


class VetoKind(models.TextChoices):
    PROHIBITED_CONTENT = "prohibited_content", _("发布涉政、涉恐、涉黄等违禁内容")
    PROHIBITED_GOODS = "prohibited_goods", _("销售违禁品及管制物品")
    HEALTH_HAZARD = "health_hazard", _("危害人民群众生命健康安全")
    COUNTERFEIT_OR_FAKE_ORDERS = "counterfeit_or_fake_orders", _("销售假冒伪劣产品、刷单炒信")
    HARM_TO_VULNERABLE = "harm_to_vulnerable", _("危害未成年人，损害残疾人、老年人权益")
    CREDIT_LISTING = "credit_listing", _("被列入经营异常名录或严重违法失信名单")


class Case(models.Model):
    """立案查处 on the penalty-procedure clocks (periods from fangxin.core.periods)."""

    class Status(models.TextChoices):
        CLUE = "clue", _("线索核查")
        NO_CASE = "no_case", _("不予立案")
        FILED = "filed", _("已立案")
        INVESTIGATING = "investigating", _("调查中")
        DECIDED = "decided", _("已作出处理决定")
        CLOSED = "closed", _("已结案")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="cases")
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    summary = models.TextField(_("案情摘要"))
    status = models.CharField(
        _("状态"), max_length=14, choices=Status.choices, default=Status.CLUE, db_index=True
    )
    clue_received_on = models.DateField(_("线索受理日期"))
    decide_filing_by = models.DateField(_("立案决定期限"))
    # Counted on a calendar year the office has not entered yet (the statutory guess).
    decide_filing_provisional = models.BooleanField(default=False)
    filing_extended = models.BooleanField(_("立案期限已延长"), default=False)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    decide_by = models.DateField(_("处理决定期限"), null=True, blank=True)
    decision_extended = models.BooleanField(_("办案期限已延长"), default=False)
    suspended_days = models.PositiveIntegerField(_("中止天数（不计入期限）"), default=0)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    penalty = models.TextField(_("处罚内容"), blank=True)
    amount = models.DecimalField(
        _("罚没金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_number = models.CharField(_("决定书文号"), max_length=100, blank=True)
    no_case_reason = models.TextField(_("不予立案理由"), blank=True)
    veto_kind = models.CharField(
        _("构成取消称号情形"), max_length=32, choices=VetoKind.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-clue_received_on", "-pk"]

    def __str__(self) -> str:
        return self.decision_number or f"{self.operator} {self.clue_received_on}"


class VetoEvent(models.Model):
    """One of the plan's six situations that cost a title; every source writes here."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待认定")
        CONFIRMED = "confirmed", _("已认定")
        REJECTED = "rejected", _("不予认定")

    class Source(models.TextChoices):
        CASE = "case", _("案件")
        MONITORING = "monitoring", _("第三方监测")
        STATION = "station", _("监管所")
        CREDIT = "credit", _("信用名单")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="veto_events")
    kind = models.CharField(_("情形"), max_length=32, choices=VetoKind.choices)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="veto_events"
    )
    description = models.TextField(_("事实"))
    occurred_on = models.DateField(_("发生日期"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("认定理由"), blank=True)

    objects = VetoEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("取消称号情形")
        verbose_name_plural = _("取消称号情形")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["operator", "status", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.operator}: {self.get_kind_display()}"
