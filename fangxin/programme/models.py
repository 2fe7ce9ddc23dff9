"""Campaigns (培育年度), their five phases, the work guide and enrolment of operators."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.registry.models import Operator

from .querysets import EnrolmentQuerySet, TrainingQuerySet


class Kind(models.TextChoices):
    LIVESTREAM = "livestream", _("直播营销")
    GROUP_BUYING = "group_buying", _("社区团购")


class PhaseCode(models.TextChoices):
    MOBILISATION = "mobilisation", _("动员部署")
    SELF_INSPECTION = "self_inspection", _("自查自纠")
    GOVERNANCE = "governance", _("集中治理")
    EVALUATION = "evaluation", _("评价公示")
    SUMMARY = "summary", _("总结提升")


PHASE_ORDER = [p.value for p in PhaseCode]


class GuideVersion(models.Model):
    """One immutable version of the work guide; revising it makes a new version."""

    code = models.SlugField(_("编码"), max_length=40)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("工作指南版本")
        verbose_name_plural = _("工作指南版本")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="guide_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}（v{self.version}）"


class RequirementArea(models.Model):
    guide = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("编码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("要求方面")
        verbose_name_plural = _("要求方面")
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "code"], name="area_guide_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    area = models.ForeignKey(RequirementArea, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("适用类型"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("编号"), max_length=20)
    text = models.TextField(_("要求"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["area__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="requirement_area_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Campaign(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    guide = models.ForeignKey(
        GuideVersion, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("工作指南")
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培育年度")
        verbose_name_plural = _("培育年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    def phase(self, code: str) -> Phase:
        return self.phases.get(code=code)

    def current_phase(self, today: date) -> Phase | None:
        for phase in self.phases.all():
            if phase.is_open(today):
                return phase
        return None

    # Enrolment: on time until the mobilisation phase ends (the plan fixes the cultivation
    # targets then), late until the campaign's last phase ends, closed after.
    ENROLMENT_OPEN, ENROLMENT_LATE, ENROLMENT_CLOSED = "open", "late", "closed"

    @property
    def ends_on(self) -> date | None:
        return max((p.effective_end for p in self.phases.all()), default=None)

    def enrolment_state(self, today: date) -> str:
        phases = {p.code: p for p in self.phases.all()}
        mobilisation = phases.get(PhaseCode.MOBILISATION)
        if mobilisation is None or today <= mobilisation.effective_end:
            return self.ENROLMENT_OPEN
        if self.ends_on is not None and today <= self.ends_on:
            return self.ENROLMENT_LATE
        return self.ENROLMENT_CLOSED

    @classmethod
    def enrolling(cls, today: date) -> Campaign | None:
        """The earliest campaign that still takes operators today (on time or late)."""
        for campaign in cls.objects.prefetch_related("phases").order_by("year"):
            if campaign.enrolment_state(today) != cls.ENROLMENT_CLOSED:
                return campaign
        return None

    @classmethod
    def current(cls, today: date) -> Campaign | None:
        """The campaign whose phases span today, else the latest one that has started."""
        running = cls.objects.filter(
            phases__starts_on__lte=today, phases__ends_on__gte=today
        ).first()
        if running:
            return running
        return cls.objects.filter(phases__starts_on__lte=today).order_by("-year").first()


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    code = models.CharField(_("阶段"), max_length=20, choices=PhaseCode.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    extended_to = models.DateField(_("延长至"), null=True, blank=True)
    extension_reason = models.CharField(_("延长原因"), max_length=200, blank=True)
    opened_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["campaign", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="phase_campaign_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.get_code_display()}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("阶段结束日期不能早于开始日期。")})
        if self.extended_to and self.ends_on and self.extended_to <= self.ends_on:
            raise ValidationError({"extended_to": _("延长日期必须晚于原结束日期。")})

    @property
    def effective_end(self) -> date:
        return self.extended_to or self.ends_on

    def is_open(self, today: date) -> bool:
        return self.starts_on <= today <= self.effective_end


class Enrolment(models.Model):
    """An operator taking part in a campaign for one kind (the kinds are scored apart)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申请参加")
        ENROLLED = "enrolled", _("已纳入")
        WITHDRAWN = "withdrawn", _("已退出")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="enrolments")
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="enrolments")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    late_reason = models.CharField(
        _("补录原因"),
        max_length=200,
        blank=True,
        help_text=_("动员部署阶段结束后纳入时填写"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育对象名单")
        verbose_name_plural = _("培育对象名单")
        ordering = ["campaign", "operator__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "operator", "kind"], name="enrolment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.operator} {self.get_kind_display()}"


class Training(models.Model):
    """A training or guidance session (培训) and who was invited and came."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="trainings"
    )
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    place = models.CharField(_("地点"), max_length=200)
    station = models.ForeignKey(
        "core.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("组织监管所"),
        help_text=_("留空表示由领导小组办公室组织"),
    )
    invited = models.ManyToManyField(
        Operator, related_name="trainings_invited", blank=True, verbose_name=_("邀请对象")
    )
    attended = models.ManyToManyField(
        Operator, related_name="trainings_attended", blank=True, verbose_name=_("实到对象")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
