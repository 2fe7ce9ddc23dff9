"""Evaluation (评价): each campaign's rubrics, the score ledger and the computed scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.programme.models import Campaign, Enrolment, Kind

from . import rubric as rubric_data


class Rubric(models.Model):
    """One version of a campaign's rubric for one operator kind. Every save makes a new version;
    ledger entries and scores keep the version they were computed with."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="rubrics", verbose_name=_("培育年度")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("版本"))
    body = models.JSONField(_("细则内容"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考评细则")
        verbose_name_plural = _("考评细则")
        ordering = ["campaign", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "version"], name="rubric_campaign_kind_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.get_kind_display()} v{self.version}"

    def parsed(self) -> rubric_data.Rubric:
        return rubric_data.parse(self.body, check_areas=False)

    @property
    def text(self) -> str:
        return rubric_data.dump(self.body)


class LedgerEntry(models.Model):
    """One point awarded or deducted for an enrolment, with what caused it."""

    class Source(models.TextChoices):
        DEFAULT = "default", _("细则默认分")
        PANEL = "panel", _("考评组评分")
        ASSOCIATION = "association", _("行业协会评分")
        RATINGS = "ratings", _("消费者评价汇总")
        SURVEY = "survey", _("满意度调查汇总")
        INVITED = "invited", _("特邀评议汇总")
        FINDING = "finding", _("检查发现问题")
        OVERDUE_ORDER = "overdue_order", _("逾期未整改")
        CASE = "case", _("立案查处")
        FAILED_SAMPLE = "failed_sample", _("抽检不合格")
        COMPLAINT = "substantiated_complaint", _("投诉属实")
        MONITORING = "monitoring_hit", _("监测发现问题")
        LICENCE_CHECK = "licence_check", _("亮照亮证检查未通过")
        VETO = "veto", _("一票否决")
        MANUAL = "manual", _("人工调整")

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="ledger_entries",
        verbose_name=_("培育对象"),
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="entries", verbose_name=_("考评细则")
    )
    dimension = models.CharField(_("维度"), max_length=40, blank=True)
    criterion = models.CharField(_("评分项"), max_length=40, blank=True)
    points = models.DecimalField(_("分值"), max_digits=7, decimal_places=2)
    source = models.CharField(_("来源"), max_length=30, choices=Source.choices)
    automatic = models.BooleanField(_("自动生成"), default=True)
    fact_label = models.CharField(_("依据类型"), max_length=60, blank=True)
    fact_pk = models.PositiveBigIntegerField(_("依据编号"), null=True, blank=True)
    detail = models.JSONField(_("明细"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("计分明细")
        verbose_name_plural = _("计分明细")
        ordering = ["enrolment", "dimension", "criterion", "pk"]
        indexes = [models.Index(fields=["enrolment", "automatic"], name="ledger_enrolment_auto")]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.dimension}.{self.criterion} {self.points:+}"


class Score(models.Model):
    """An enrolment's scores as last computed from its ledger (the results page reads these)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="score", verbose_name=_("培育对象")
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考评细则")
    )
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2)
    published = models.DecimalField(_("公布分数"), max_digits=5, decimal_places=1)
    dimensions = models.JSONField(_("各维度得分"), default=dict)
    criteria = models.JSONField(_("各评分项得分"), default=dict)
    candidate = models.BooleanField(_("拟授牌"), default=False)
    near_miss = models.BooleanField(_("差2分以内"), default=False)
    reasons = models.JSONField(_("未达标原因"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("评价得分")
        verbose_name_plural = _("评价得分")
        ordering = ["-published", "enrolment__operator__name"]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.published}"


class ScoringClosure(models.Model):
    """The office closed scoring for a campaign (its scoring deadline): from then the scores and
    ledgers are frozen; recomputation and adjustments are refused."""

    campaign = models.OneToOneField(
        Campaign,
        on_delete=models.CASCADE,
        related_name="scoring_closure",
        verbose_name=_("培育年度"),
    )
    closed_on = models.DateField(_("评分截止日期"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评分截止")
        verbose_name_plural = _("评分截止")

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.closed_on}"


from .models_panels import Panel, PanelAssignment, PanelMember, PanelScore  # noqa: E402

__all__ = [
    "LedgerEntry",
    "Panel",
    "PanelAssignment",
    "PanelMember",
    "PanelScore",
    "Rubric",
    "Score",
    "ScoringClosure",
]
