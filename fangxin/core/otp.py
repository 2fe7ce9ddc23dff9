"""One-time codes that confirm a phone number for one purpose (a consumer rating, a survey
answer, later a title objection).

``issue(request, phone, purpose)`` sends a six-digit code through ``core.sms`` (refused when no
backend is configured, and rate-limited per IP and per phone); ``verify(phone, purpose, code)``
accepts it once, within ``FANGXIN_OTP_TTL_SECONDS``, and refuses it after
``FANGXIN_OTP_MAX_ATTEMPTS`` wrong tries. Codes and phones are stored only as hashes: the phone
as ``phone_hash(phone)``, an HMAC keyed with ``SECRET_KEY`` that the apps also use to keep "one
per phone" without keeping the number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from . import sms
from .models import OneTimeCode

MOBILE = re.compile(r"^1[3-9]\d{9}$")


class CodeError(ValidationError):
    """A code was refused; ``messages[0]`` says why, in words for the public."""


class RateLimited(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Unavailable(Exception):
    """No SMS backend is configured: codes cannot be sent, the public forms are closed."""


def normalise_phone(phone: str) -> str:
    """Digits only, without the +86 / 0086 prefix; refused unless a mainland mobile number."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if not MOBILE.match(digits):
        raise ValidationError(_("请输入有效的11位手机号码。"), code="phone")
    return digits


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` keyed with SECRET_KEY, separated by ``kind``: equal inputs give
    equal hashes (so uniqueness can be kept) while the value cannot be read back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    return keyed_hash("phone", normalise_phone(phone))


def _code_hash(phone_digest: str, purpose: str, code: str) -> str:
    return keyed_hash("otp", f"{phone_digest}:{purpose}:{code}")


def _check_rates(request, phone_digest: str) -> None:
    if request is not None and is_ratelimited(
        request,
        group="core.otp.ip",
        key="ip",
        rate=settings.FANGXIN_OTP_RATE_IP,
        increment=True,
    ):
        raise RateLimited(_("获取验证码过于频繁，请稍后再试。"))
    if is_ratelimited(
        request,
        group="core.otp.phone",
        key=lambda group, request: phone_digest,
        rate=settings.FANGXIN_OTP_RATE_PHONE,
        increment=True,
    ):
        raise RateLimited(_("该手机号获取验证码次数过多，请稍后再试。"))


def issue(request, phone: str, purpose: str) -> None:
    """Send a fresh code for (``phone``, ``purpose``); earlier unused codes for it stop
    working. Raises ``Unavailable``, ``RateLimited`` or ``ValidationError`` (bad number)."""
    backend = sms.backend()
    if backend is None:
        raise Unavailable(_("短信验证服务未开通，暂不能获取验证码。"))
    number = normalise_phone(phone)
    digest = phone_hash(number)
    _check_rates(request, digest)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        OneTimeCode.objects.filter(phone_hash=digest, purpose=purpose, used_at=None).update(
            used_at=now
        )
        OneTimeCode.objects.create(
            phone_hash=digest,
            purpose=purpose,
            code_hash=_code_hash(digest, purpose, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.FANGXIN_OTP_TTL_SECONDS),
        )
    minutes = max(1, settings.FANGXIN_OTP_TTL_SECONDS // 60)
    backend.send(
        number,
        _("【放心电商】您的验证码为 %(code)s，%(minutes)s 分钟内有效，请勿告诉他人。")
        % {"code": code, "minutes": minutes},
    )


def verify(phone: str, purpose: str, code: str) -> None:
    """Accept ``code`` once for (``phone``, ``purpose``) or raise ``CodeError`` saying why.
    A wrong try is counted (and kept) even though the caller's work is refused."""
    digest = phone_hash(phone)
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic():
        latest = (
            OneTimeCode.objects.select_for_update()
            .filter(phone_hash=digest, purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        if latest is None:
            raise CodeError(_("请先获取短信验证码。"), code="missing")
        if latest.used_at is not None:
            raise CodeError(_("验证码已使用，请重新获取。"), code="used")
        if latest.expires_at <= now:
            raise CodeError(_("验证码已过期，请重新获取。"), code="expired")
        if latest.attempts >= settings.FANGXIN_OTP_MAX_ATTEMPTS:
            raise CodeError(_("验证码错误次数过多，请重新获取。"), code="attempts")
        if not hmac.compare_digest(latest.code_hash, _code_hash(digest, purpose, code)):
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
            wrong = True
        else:
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            wrong = False
    if wrong:
        left = settings.FANGXIN_OTP_MAX_ATTEMPTS - latest.attempts
        if left <= 0:
            raise CodeError(_("验证码错误次数过多，请重新获取。"), code="attempts")
        raise CodeError(_("验证码不正确，还可尝试 %(left)s 次。") % {"left": left}, code="wrong")
