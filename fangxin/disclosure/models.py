"""What the office publishes on the public site itself: good-practice stories (推广先进典型) and
the answers to the public's suggestions (听取意见建议)."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sanitise import clean_html

TITLE_LIMIT = 120
SUMMARY_LIMIT = 300
BODY_LIMIT = 20_000
SUGGESTION_LIMIT = 2_000
ANSWER_LIMIT = 4_000
# Tracking codes: no 0/O or 1/I/L, so a code read aloud or copied by hand is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def story_image_path(instance, filename: str) -> str:
    # A random name: the original name is never trusted as a path.
    suffix = PurePath(filename).suffix.lower()
    return f"stories/{uuid.uuid4().hex}{suffix}"


class Story(models.Model):
    """A good-practice story, drafted and published by the office; the public sees published
    ones only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    title = models.CharField(_("标题"), max_length=TITLE_LIMIT)
    summary = models.CharField(_("摘要"), max_length=SUMMARY_LIMIT)
    body = models.TextField(_("正文"))
    image = models.FileField(_("图片"), upload_to=story_image_path, blank=True)
    image_type = models.CharField(max_length=50, blank=True)
    operator = models.ForeignKey(
        "registry.Operator",
        verbose_name=_("相关经营主体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("先进典型")
        verbose_name_plural = _("先进典型")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised on every save, whoever saves it (form, service, admin, demo).
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Suggestion(models.Model):
    """A suggestion from the public and the office's answer. The name and contact are for the
    office only: never on a public page."""

    code = models.CharField(_("查询码"), max_length=CODE_LENGTH, unique=True, default=new_code)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    text = models.TextField(_("意见建议"), max_length=SUGGESTION_LIMIT)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    answer = models.TextField(_("答复"), max_length=ANSWER_LIMIT, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_published = models.BooleanField(_("公开答复"), default=False)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")

    def __str__(self) -> str:
        return self.code
