"""Inspections (检查 / 联合检查), product sampling (抽检), findings and their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import (
    EvidenceFile,
    PartnerDepartment,
    Station,
    evidence_path,  # noqa: F401 - earlier migrations name it here
)
from fangxin.programme.models import Kind, Requirement, RequirementArea
from fangxin.registry.models import Operator, PickupPoint

from .draws import Draw
from .querysets import ContradictionQuerySet, FindingQuerySet, SampleQuerySet


class Inspection(models.Model):
    class Source(models.TextChoices):
        DRAW = "draw", _("双随机抽查")
        COMPLAINT = "complaint", _("投诉举报")
        MONITORING = "monitoring", _("监测发现")
        TARGETED = "targeted", _("专项检查")

    class Status(models.TextChoices):
        PLANNED = "planned", _("待检查")
        RECORDED = "recorded", _("已检查，待审核")
        PUBLISHED = "published", _("已公示")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="inspections")
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="inspections")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    draw = models.ForeignKey(
        Draw, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", verbose_name=_("执法人员")
    )
    partner_departments = models.ManyToManyField(
        PartnerDepartment, blank=True, related_name="inspections", verbose_name=_("联合检查部门")
    )
    pickup_point = models.ForeignKey(
        PickupPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("自提点"),
    )
    planned_on = models.DateField(_("计划检查日期"))
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    conclusion = models.TextField(_("检查结论"), blank=True)
    # Seen by the regulator only, never by the operator or the public.
    internal_note = models.TextField(_("内部备注"), blank=True)
    acknowledged_by = models.CharField(_("经营主体签收人"), max_length=50, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    publish_due = models.DateField(_("公示期限"), null=True, blank=True)
    publish_due_provisional = models.BooleanField(default=False)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-planned_on", "-pk"]
        indexes = [models.Index(fields=["operator", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.operator} {self.planned_on}"

    @property
    def is_joint(self) -> bool:
        return self.partner_departments.exists()

    def publication_overdue(self, today) -> bool:
        return (
            self.published_at is None and self.publish_due is not None and self.publish_due < today
        )


class InspectionItem(models.Model):
    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("符合")
        MINOR = "minor", _("轻微问题")
        SERIOUS = "serious", _("严重问题")
        NOT_CHECKED = "not_checked", _("未检查")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("检查事项"), max_length=300)
    result = models.CharField(
        _("检查结果"), max_length=12, choices=Result.choices, default=Result.NOT_CHECKED
    )
    note = models.TextField(_("情况说明"), blank=True)

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = _("检查事项")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class SupervisionEvidence(EvidenceFile):
    """A photo or document with its SHA-256, who captured it and when (apart from upload)."""

    folder = "supervision"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    finding = models.ForeignKey(
        "Finding", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    sample = models.ForeignKey(
        "Sample", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    response = models.ForeignKey(
        "OrderResponse", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    captured_at = models.DateTimeField(_("拍摄/取得时间"))
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("执法证据")
        verbose_name_plural = _("执法证据")
        ordering = ["uploaded_at"]


class Sample(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("检验中")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    class Place(models.TextChoices):
        STUDIO = "studio", _("直播间")
        PICKUP_POINT = "pickup_point", _("自提点")
        WAREHOUSE = "warehouse", _("仓库")
        ONLINE = "online", _("网络购买")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="samples")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="samples"
    )
    product = models.CharField(_("样品名称"), max_length=200)
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    batch = models.CharField(_("批号"), max_length=100, blank=True)
    production_date = models.DateField(_("生产日期"), null=True, blank=True)
    quantity = models.CharField(_("数量"), max_length=50, blank=True)
    place = models.CharField(_("抽样地点"), max_length=16, choices=Place.choices)
    taken_on = models.DateField(_("抽样日期"))
    testing_body = models.CharField(_("检验机构"), max_length=200)
    items_tested = models.TextField(_("检验项目"), blank=True)
    result = models.CharField(
        _("检验结论"), max_length=8, choices=Result.choices, default=Result.PENDING
    )
    failed_items = models.TextField(_("不合格项目"), blank=True)
    report_number = models.CharField(_("报告编号"), max_length=100, blank=True)
    # Which requirement area and which of the operator's businesses the sample concerns (see
    # ``attribution``): the area defaults to product quality; the kind is null only for an
    # operator of both kinds when the place does not say and nobody chose.
    area = models.ForeignKey(
        RequirementArea,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("要求方面"),
    )
    kind = models.CharField(
        _("经营类型"), max_length=20, choices=Kind.choices, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = SampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽检")
        verbose_name_plural = _("抽检")
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.product} {self.batch}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("轻微")
        SERIOUS = "serious", _("严重")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("检查")
        SAMPLE = "sample", _("抽检")
        COMPLAINT = "complaint", _("投诉举报")
        MONITORING = "monitoring", _("第三方监测")

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="findings")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    inspection_item = models.ForeignKey(
        InspectionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    sample = models.ForeignKey(
        Sample, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    # Every finding counts against one requirement area (migration 0005 says how old rows got
    # theirs) and, where it can be told, one of the operator's kinds: null means the operator
    # does both and nothing says which, so the finding counts for both enrolments.
    area = models.ForeignKey(
        RequirementArea,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("要求方面"),
    )
    kind = models.CharField(
        _("经营类型"), max_length=20, choices=Kind.choices, null=True, blank=True
    )
    pickup_point = models.ForeignKey(
        PickupPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    description = models.TextField(_("问题描述"))
    severity = models.CharField(_("性质"), max_length=8, choices=Severity.choices)
    found_on = models.DateField(_("发现日期"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["operator", "found_on"])]

    def __str__(self) -> str:
        return f"{self.operator}: {self.description[:30]}"


class Contradiction(models.Model):
    """A finding in an item the operator declared compliant in its self-inspection."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="contradictions")
    answer = models.ForeignKey(
        "selfcheck.Answer", on_delete=models.CASCADE, related_name="contradictions"
    )
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="contradictions")
    recorded_on = models.DateField(db_index=True)

    objects = ContradictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("自查不实")
        verbose_name_plural = _("自查不实")
        constraints = [
            models.UniqueConstraint(fields=["finding", "answer"], name="contradiction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.operator}: {self.answer.requirement.code}"
