"""Rate limits on the public intake and status page, per IP and per phone number.

Counters live in the cache (see CACHES in settings); django-ratelimit does the counting.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


class RateLimited(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_intake(request, phone: str) -> None:
    """Count one submission; raise RateLimited when the IP or the phone has used its quota."""
    if is_ratelimited(
        request,
        group="complaints.intake.ip",
        key="ip",
        rate=settings.FANGXIN_COMPLAINT_RATE_IP,
        increment=True,
    ):
        raise RateLimited(_("提交过于频繁，请稍后再试。"))
    if phone and is_ratelimited(
        request,
        group="complaints.intake.phone",
        key=lambda group, request: phone,
        rate=settings.FANGXIN_COMPLAINT_RATE_PHONE,
        increment=True,
    ):
        raise RateLimited(_("该手机号今日提交次数已达上限，请明天再试。"))


def check_tracking(request) -> None:
    if is_ratelimited(
        request,
        group="complaints.track.ip",
        key="ip",
        rate=settings.FANGXIN_COMPLAINT_TRACK_RATE_IP,
        increment=True,
    ):
        raise RateLimited(_("查询过于频繁，请稍后再试。"))


def check_uploads(request) -> None:
    """Count one public post that brings files: kept files take storage before any CAPTCHA."""
    if is_ratelimited(
        request,
        group="complaints.intake.uploads",
        key="ip",
        rate=settings.FANGXIN_COMPLAINT_UPLOAD_RATE_IP,
        increment=True,
    ):
        raise RateLimited(_("上传过于频繁，请稍后再试。"))
