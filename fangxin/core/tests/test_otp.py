"""One-time codes: six digits, stored hashed, five minutes, one use, limited tries; none sent
without an SMS backend; the console backend writes them to the log only."""

import logging
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from fangxin.core import otp, sms
from fangxin.core.models import OneTimeCode

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
PURPOSE = "test.purpose"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def last_code(settings, caplog):
    settings.FANGXIN_SMS_BACKEND = "fangxin.core.sms.ConsoleBackend"
    caplog.set_level(logging.INFO, logger="fangxin.sms")

    def read() -> str:
        message = [r.getMessage() for r in caplog.records if r.name == "fangxin.sms"][-1]
        return re.findall(r"\d{6}", message.split(":", 1)[1])[0]

    return read


def request(ip="192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_a_code_is_accepted_once_and_stored_only_hashed(last_code):
    otp.issue(request(), PHONE, PURPOSE)
    code = last_code()
    row = OneTimeCode.objects.get()
    assert code not in row.code_hash and PHONE not in row.phone_hash
    assert row.phone_hash == otp.phone_hash("+86 138 1234 5678")
    assert row.expires_at - row.created_at == timedelta(minutes=5)
    otp.verify(PHONE, PURPOSE, code)
    with pytest.raises(otp.CodeError, match="验证码已使用"):
        otp.verify(PHONE, PURPOSE, code)


def test_an_expired_code_is_refused(last_code):
    otp.issue(request(), PHONE, PURPOSE)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(otp.CodeError, match="验证码已过期"):
        otp.verify(PHONE, PURPOSE, last_code())


def test_wrong_tries_are_counted_then_the_code_is_dead(last_code, settings):
    settings.FANGXIN_OTP_MAX_ATTEMPTS = 3
    otp.issue(request(), PHONE, PURPOSE)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(otp.CodeError, match="还可尝试 2 次"):
        otp.verify(PHONE, PURPOSE, wrong)
    with pytest.raises(otp.CodeError, match="还可尝试 1 次"):
        otp.verify(PHONE, PURPOSE, wrong)
    with pytest.raises(otp.CodeError, match="错误次数过多"):
        otp.verify(PHONE, PURPOSE, wrong)
    with pytest.raises(otp.CodeError, match="错误次数过多"):
        otp.verify(PHONE, PURPOSE, code)


def test_a_code_serves_its_own_purpose_and_phone_only(last_code):
    otp.issue(request(), PHONE, PURPOSE)
    code = last_code()
    with pytest.raises(otp.CodeError, match="请先获取短信验证码"):
        otp.verify(PHONE, "other.purpose", code)
    with pytest.raises(otp.CodeError, match="请先获取短信验证码"):
        otp.verify("13900000000", PURPOSE, code)


def test_a_new_code_replaces_the_earlier_one(last_code):
    otp.issue(request(), PHONE, PURPOSE)
    first = last_code()
    otp.issue(request(), PHONE, PURPOSE)
    second = last_code()
    if first != second:
        with pytest.raises(otp.CodeError):
            otp.verify(PHONE, PURPOSE, first)
    otp.verify(PHONE, PURPOSE, second)


def test_without_a_backend_no_code_is_issued(settings):
    settings.FANGXIN_SMS_BACKEND = ""
    assert not sms.available() and sms.backend() is None
    with pytest.raises(otp.Unavailable, match="短信验证服务未开通"):
        otp.issue(request(), PHONE, PURPOSE)
    assert not OneTimeCode.objects.exists()


def test_rate_limits_per_phone_and_per_ip(last_code, settings):
    settings.FANGXIN_OTP_RATE_PHONE = "2/h"
    settings.FANGXIN_OTP_RATE_IP = "2/h"
    otp.issue(request(), PHONE, PURPOSE)
    otp.issue(request(), PHONE, PURPOSE)
    with pytest.raises(otp.RateLimited, match="该手机号"):
        otp.issue(request("192.0.2.2"), PHONE, PURPOSE)
    with pytest.raises(otp.RateLimited, match="过于频繁"):
        otp.issue(request(), "13900000000", PURPOSE)


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "abc", ""])
def test_only_mainland_mobile_numbers(phone):
    with pytest.raises(otp.ValidationError):
        otp.normalise_phone(phone)
