"""The public rating and survey pages: one per phone per operator per campaign, confirmed by a
one-time code from the SMS backend; closed without a backend; bursts flagged."""

import pytest
from django.urls import reverse

from fangxin.core.models import OneTimeCode
from fangxin.programme.models import Enrolment
from fangxin.ratings.models import Rating, SurveyResponse

from .conftest import PHONE, enrol

pytestmark = pytest.mark.django_db


def send(client, operator, phone=PHONE, url="public-rate", **extra):
    return client.post(
        reverse(url, args=[operator.pk]), {"action": "send", "phone": phone}, **extra
    )


def submit(client, operator, code, phone=PHONE, stars=5, comment="发货快，质量好", **extra):
    data = {"action": "submit", "phone": phone, "code": code, "stars": stars, "comment": comment}
    return client.post(reverse("public-rate", args=[operator.pk]), data, **extra)


def test_the_list_shows_enrolled_operators_by_name_only(client, campaign, shop, console_sms):
    withdrawn = enrol(campaign, status=Enrolment.Status.WITHDRAWN)
    body = client.get(reverse("public-ratings")).content.decode()
    assert shop.name in body
    assert withdrawn.name not in body
    assert shop.uscc not in body


def test_a_consumer_rates_with_the_code_from_the_log(client, shop, console_sms):
    answer = send(client, shop)
    assert answer.status_code == 200
    code = console_sms()
    body = answer.content.decode()
    assert "验证码已发送" in body
    assert code not in body
    answer = submit(client, shop, code)
    assert answer.status_code == 302
    rating = Rating.objects.get()
    assert (rating.operator, rating.stars, rating.comment) == (shop, 5, "发货快，质量好")
    assert PHONE not in rating.phone_hash and len(rating.phone_hash) == 64
    assert not OneTimeCode.objects.filter(phone_hash__contains=PHONE).exists()


def test_one_rating_per_phone_per_operator(client, campaign, shop, console_sms):
    send(client, shop)
    submit(client, shop, console_sms())
    # Asking for a code does not tell whether the phone has rated; giving it back does.
    assert send(client, shop).status_code == 200
    again = submit(client, shop, console_sms(), stars=1)
    assert again.status_code == 400
    assert "每个手机号每年度只能提交一次" in again.content.decode()
    # The same phone may rate another operator.
    other = enrol(campaign)
    send(client, other)
    assert submit(client, other, console_sms()).status_code == 302
    assert Rating.objects.count() == 2


def test_a_used_code_cannot_be_replayed(client, shop, console_sms):
    send(client, shop)
    code = console_sms()
    submit(client, shop, code)
    answer = submit(client, shop, code, phone="+86 138-1234-5678", stars=1)
    assert answer.status_code == 400
    assert "验证码已使用，请重新获取" in answer.content.decode()
    assert Rating.objects.count() == 1


def test_wrong_reused_and_expired_codes_say_so(client, campaign, shop, console_sms):
    send(client, shop)
    code = console_sms()
    wrong = "000000" if code != "000000" else "111111"
    answer = submit(client, shop, wrong)
    assert answer.status_code == 400
    assert "验证码不正确，还可尝试 4 次" in answer.content.decode()
    OneTimeCode.objects.update(expires_at="2000-01-01T00:00:00Z")
    answer = submit(client, shop, code)
    assert "验证码已过期，请重新获取" in answer.content.decode()
    assert not Rating.objects.exists()
    # Reused: the code confirmed one phone for the survey; it cannot confirm another answer.
    send(client, shop, url="public-survey")
    code = console_sms()
    survey = {"action": "submit", "phone": PHONE, "code": code}
    survey |= {"quality": 5, "honesty": 4, "service": 4, "overall": 5}
    url = reverse("public-survey", args=[shop.pk])
    assert client.post(url, survey).status_code == 302
    other = enrol(campaign)
    answer = client.post(reverse("public-survey", args=[other.pk]), survey)
    assert answer.status_code == 400
    assert "请先获取短信验证码" in answer.content.decode()


def test_no_backend_closes_the_form_and_says_so(client, shop, no_sms):
    page = client.get(reverse("public-rate", args=[shop.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="form-closed"' in body and 'id="rating-form"' not in body
    assert "短信验证服务未开通" in client.get(reverse("public-ratings")).content.decode()
    assert send(client, shop).status_code == 503
    assert submit(client, shop, "123456").status_code == 503
    assert not Rating.objects.exists() and not OneTimeCode.objects.exists()


def test_an_operator_not_enrolled_has_no_page(client, campaign, console_sms):
    withdrawn = enrol(campaign, status=Enrolment.Status.WITHDRAWN)
    assert client.get(reverse("public-rate", args=[withdrawn.pk])).status_code == 404
    assert send(client, withdrawn).status_code == 404


def test_the_comment_is_plain_text_and_bounded(client, shop, console_sms, office):
    send(client, shop)
    too_long = submit(client, shop, console_sms(), comment="好" * 501)
    assert too_long.status_code == 400
    send(client, shop)
    submit(client, shop, console_sms(), comment="<script>alert(1)</script>")
    client.force_login(office)
    body = client.get(reverse("ratings:review")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_a_bad_phone_or_star_is_refused(client, shop, console_sms):
    answer = send(client, shop, phone="12345")
    assert answer.status_code == 400
    assert "请输入有效的11位手机号码" in answer.content.decode()
    send(client, shop)
    assert submit(client, shop, console_sms(), stars=6).status_code == 400


def test_codes_are_rate_limited_per_phone_and_per_ip(client, campaign, settings, console_sms):
    settings.FANGXIN_OTP_RATE_PHONE = "2/h"
    settings.FANGXIN_OTP_RATE_IP = "3/h"
    shops = [enrol(campaign) for _ in range(4)]
    assert send(client, shops[0]).status_code == 200
    assert send(client, shops[1]).status_code == 200
    limited = send(client, shops[2])
    assert limited.status_code == 429
    assert "该手机号获取验证码次数过多" in limited.content.decode()
    limited = send(client, shops[3], phone="13900000001")
    assert limited.status_code == 429
    assert "获取验证码过于频繁" in limited.content.decode()
    other_ip = send(client, shops[3], phone="13900000001", REMOTE_ADDR="10.9.9.9")
    assert other_ip.status_code == 200


def test_a_burst_from_one_network_is_flagged(client, campaign, settings, console_sms):
    settings.FANGXIN_RATING_BURST_COUNT = 3
    shop = enrol(campaign)
    for n, ip in enumerate(["203.0.113.5", "203.0.113.77", "203.0.113.200"]):
        phone = f"1390000000{n}"
        send(client, shop, phone=phone, REMOTE_ADDR=ip)
        submit(client, shop, console_sms(), phone=phone, REMOTE_ADDR=ip)
    send(client, shop, phone="13700000000", REMOTE_ADDR="198.51.100.1")
    submit(client, shop, console_sms(), phone="13700000000", REMOTE_ADDR="198.51.100.1")
    ratings = {r.network: r for r in Rating.objects.all()}
    assert Rating.objects.count() == 4
    flagged = Rating.objects.filter(flagged=True)
    assert flagged.count() == 3
    assert {r.network for r in flagged} == {"203.0.113.0/24"}
    assert "同一网段" in flagged.first().flag_reason
    assert not ratings["198.51.100.0/24"].flagged


def test_a_burst_from_one_address_is_flagged_as_such(client, campaign, settings, console_sms):
    settings.FANGXIN_RATING_BURST_COUNT = 2
    settings.FANGXIN_OTP_RATE_IP = "100/h"
    shops = [enrol(campaign) for _ in range(2)]
    for shop in shops:
        send(client, shop, REMOTE_ADDR="192.0.2.8")
        submit(client, shop, console_sms(), REMOTE_ADDR="192.0.2.8")
    assert set(Rating.objects.values_list("flag_reason", flat=True)) == {
        "同一IP地址短时间内集中提交"
    }


def test_the_survey_records_its_answers(client, shop, console_sms):
    url = reverse("public-survey", args=[shop.pk])
    assert client.get(url).status_code == 200
    send(client, shop, url="public-survey")
    answers = {"quality": 5, "honesty": 4, "service": 3, "overall": 4}
    answer = client.post(url, {"action": "submit", "phone": PHONE, "code": console_sms()} | answers)
    assert answer.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.quality, response.honesty, response.service, response.overall) == (5, 4, 3, 4)
    # One per phone for the survey too.
    send(client, shop, url="public-survey")
    again = client.post(url, {"action": "submit", "phone": PHONE, "code": console_sms()} | answers)
    assert again.status_code == 400
    assert "每个手机号每年度只能提交一次" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    missing = client.post(url, {"action": "submit", "phone": "13911112222", "code": "123456"})
    assert missing.status_code == 400
