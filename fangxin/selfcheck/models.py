"""Self-inspection (自查自纠): an enrolled operator answers every item of its kind's guide."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.core.models import (
    EvidenceFile,
    evidence_path,  # noqa: F401 - earlier migrations name it here
)
from fangxin.programme.models import Enrolment, Requirement

from .querysets import AnswerQuerySet, SelfInspectionQuerySet


class SelfInspection(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已通过")

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="self_inspection"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SelfInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("自查自纠")
        verbose_name_plural = _("自查自纠")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.enrolment)

    BADGES = {
        "draft": "text-bg-info",
        "submitted": "text-bg-warning",
        "returned": "text-bg-danger",
        "accepted": "text-bg-success",
    }

    @property
    def badge_class(self) -> str:
        return self.BADGES.get(self.status, "text-bg-secondary")

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Answer(models.Model):
    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("符合")
        NON_COMPLIANT = "non_compliant", _("不符合")
        NOT_APPLICABLE = "not_applicable", _("不适用")

    inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("自查结果"), max_length=16, choices=Result.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    plan = models.TextField(_("整改措施"), blank=True)
    target_date = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    review_comment = models.TextField(_("监管所意见"), blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectification_note = models.TextField(_("整改情况"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("自查项")
        verbose_name_plural = _("自查项")
        ordering = ["requirement__area__order", "requirement__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "requirement"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.requirement.code}: {self.get_result_display()}"

    @property
    def is_open_issue(self) -> bool:
        return self.result == self.Result.NON_COMPLIANT and self.rectified_at is None

    def overdue_on(self, today: date) -> bool:
        return self.is_open_issue and self.target_date is not None and self.target_date < today


class Evidence(EvidenceFile):
    class Purpose(models.TextChoices):
        ANSWER = "answer", _("自查佐证")
        RECTIFICATION = "rectification", _("整改佐证")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.ANSWER)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]

    def evidence_folder(self) -> str:
        return f"selfcheck/{self.answer.inspection_id}"
