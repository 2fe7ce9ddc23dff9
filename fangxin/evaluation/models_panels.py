"""Evaluation panels (考评组): the office forms them per campaign, names their members and
assigns enrolments to them; each member keeps his own score sheet (one row per criterion of the
department dimension), and the members' scores combine into the ledger's panel entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fangxin.programme.models import Campaign, Enrolment


class Panel(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="panels", verbose_name=_("培育年度")
    )
    name = models.CharField(_("考评组名称"), max_length=100)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("组长"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考评组")
        verbose_name_plural = _("考评组")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="panel_campaign_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.name}"


class PanelMember(models.Model):
    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="members", verbose_name=_("考评组")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="panel_memberships",
        verbose_name=_("成员"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考评组成员")
        verbose_name_plural = _("考评组成员")
        ordering = ["panel", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panel_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.user}"


class PanelAssignment(models.Model):
    """An enrolment evaluated by a panel: at most one panel per enrolment."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("考评组")
    )
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="panel_assignment",
        verbose_name=_("培育对象"),
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考评组分工")
        verbose_name_plural = _("考评组分工")
        ordering = ["panel", "enrolment__operator__name"]

    def __str__(self) -> str:
        return f"{self.panel} → {self.enrolment}"


class PanelScore(models.Model):
    """One member's score for one criterion of one enrolment: his own row, so two members
    saving at once never overwrite each other."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="panel_scores",
        verbose_name=_("培育对象"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="panel_scores",
        verbose_name=_("评分成员"),
    )
    dimension = models.CharField(_("维度"), max_length=40)
    criterion = models.CharField(_("评分项"), max_length=40)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    evidence = models.JSONField(_("佐证"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("成员评分")
        verbose_name_plural = _("成员评分")
        ordering = ["enrolment", "member", "dimension", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "enrolment", "dimension", "criterion"],
                name="panel_score_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.member} {self.criterion} {self.points}"
