"""Consumer ratings (消费者评议), the public satisfaction survey and invited members' scores
(社会评议). A phone is kept only as a keyed hash (``core.otp.phone_hash``), an IP address only
as a keyed hash and its network (/24, /64), enough to keep one answer per phone and to flag
bursts from one network."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.programme.models import Campaign, Enrolment
from fangxin.registry.masking import mask_phone
from fangxin.registry.models import Operator

from .querysets import VerifiedQuerySet

COMMENT_MAX = 500

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]

# The survey's fixed questions: (field, question). Each is answered 1 (very unsatisfied) to 5.
SURVEY_QUESTIONS = (
    ("quality", _("商品质量")),
    ("honesty", _("宣传真实、明码标价")),
    ("service", _("售后服务与投诉处理")),
    ("overall", _("总体满意度")),
)


AWARENESS_QUESTION = _("您是否知道“长兴放心电商”活动？")


class Verified(models.Model):
    """A public answer confirmed by a one-time code: one per phone per operator per campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("培育年度")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="+", verbose_name=_("经营主体")
    )
    phone_hash = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, blank=True)
    network = models.CharField(_("来源网段"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    flagged = models.BooleanField(_("待核查"), default=False)
    flag_reason = models.CharField(_("核查原因"), max_length=200, blank=True)
    excluded = models.BooleanField(_("已剔除"), default=False)
    exclusion_reason = models.CharField(_("剔除原因"), max_length=200, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)

    objects = VerifiedQuerySet.as_manager()

    class Meta:
        abstract = True


class Rating(Verified):
    stars = models.PositiveSmallIntegerField(_("评分"), validators=ONE_TO_FIVE)
    comment = models.CharField(_("评价内容"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        verbose_name = _("消费者评议")
        verbose_name_plural = _("消费者评议")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "operator", "phone_hash"], name="rating_one_per_phone"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} {self.stars}★"


class SurveyResponse(Verified):
    quality = models.PositiveSmallIntegerField(_("商品质量"), validators=ONE_TO_FIVE)
    honesty = models.PositiveSmallIntegerField(_("宣传真实、明码标价"), validators=ONE_TO_FIVE)
    service = models.PositiveSmallIntegerField(_("售后服务与投诉处理"), validators=ONE_TO_FIVE)
    overall = models.PositiveSmallIntegerField(_("总体满意度"), validators=ONE_TO_FIVE)
    # The awareness question (知晓率, issue 16 item 6); null: not asked (older answers) or skipped.
    aware = models.BooleanField(AWARENESS_QUESTION, null=True, blank=True)

    class Meta:
        verbose_name = _("满意度调查答卷")
        verbose_name_plural = _("满意度调查答卷")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "operator", "phone_hash"], name="survey_one_per_phone"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    quality__gte=1,
                    quality__lte=5,
                    honesty__gte=1,
                    honesty__lte=5,
                    service__gte=1,
                    service__lte=5,
                    overall__gte=1,
                    overall__lte=5,
                ),
                name="survey_answers_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} {self.created_at:%Y-%m-%d}"

    def answers(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, field)) for field, label in SURVEY_QUESTIONS]


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Member(models.Model):
    """An invited member of the social evaluation (人大代表、政协委员、媒体 …) for one campaign."""

    class Affiliation(models.TextChoices):
        NPC = "npc", _("人大代表")
        CPPCC = "cppcc", _("政协委员")
        MEDIA = "media", _("新闻媒体")
        PUBLIC = "public", _("群众代表")
        OTHER = "other", _("其他")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("培育年度")
    )
    name = models.CharField(_("姓名"), max_length=50)
    affiliation = models.CharField(_("身份"), max_length=10, choices=Affiliation.choices)
    organisation = models.CharField(_("单位或界别"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    # Changing it makes every link given out before stop working.
    link_nonce = models.CharField(max_length=20, default=new_nonce)
    link_issued_at = models.DateTimeField(_("链接生成时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("特邀评议员")
        verbose_name_plural = _("特邀评议员")
        ordering = ["campaign", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MemberScore(models.Model):
    """An invited member's score (0–100) for one enrolment, entered by the office or by the
    member through the personal link."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="scores", verbose_name=_("特邀评议员")
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="+", verbose_name=_("培育对象")
    )
    score = models.PositiveSmallIntegerField(
        _("评分"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.CharField(_("意见"), max_length=COMMENT_MAX, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("空：评议员本人通过链接填写"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("特邀评议员评分")
        verbose_name_plural = _("特邀评议员评分")
        ordering = ["member", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["member", "enrolment"], name="member_score_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="member_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.score}"
