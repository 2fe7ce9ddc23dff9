"""The survey's awareness question (您是否知道“长兴放心电商”活动？): optional, stored with the
answer, counted by ``facts.awareness`` for the awareness rate (知晓率)."""

import pytest
from django.urls import reverse

from fangxin.ratings import facts
from fangxin.ratings.models import SurveyResponse

from .conftest import PHONE, enrol

pytestmark = pytest.mark.django_db

ANSWERS = {"quality": 5, "honesty": 4, "service": 3, "overall": 4}


def _answer(client, shop, console_sms, phone, **extra):
    url = reverse("public-survey", args=[shop.pk])
    client.post(url, {"action": "send", "phone": phone})
    data = {"action": "submit", "phone": phone, "code": console_sms()} | ANSWERS | extra
    return client.post(url, data)


def test_the_survey_asks_and_stores_the_awareness_answer(client, shop, campaign, console_sms):
    page = client.get(reverse("public-survey", args=[shop.pk])).content.decode()
    assert "长兴放心电商" in page and 'name="aware"' in page
    assert _answer(client, shop, console_sms, PHONE, aware="yes").status_code == 302
    assert SurveyResponse.objects.get().aware is True
    assert _answer(client, shop, console_sms, "13911112222", aware="no").status_code == 302
    assert _answer(client, shop, console_sms, "13911113333").status_code == 302
    assert list(SurveyResponse.objects.order_by("pk").values_list("aware", flat=True)) == [
        True,
        False,
        None,
    ]
    counted = facts.awareness(campaign.pk)
    assert (counted.answered, counted.aware) == (2, 1)
    other = enrol(campaign)
    assert facts.awareness(campaign.pk, [other.pk]).answered == 0


def test_a_made_up_awareness_answer_is_refused(client, shop, console_sms):
    answer = _answer(client, shop, console_sms, PHONE, aware="maybe")
    assert answer.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_excluded_answers_do_not_count(client, shop, campaign, console_sms):
    _answer(client, shop, console_sms, PHONE, aware="yes")
    SurveyResponse.objects.update(excluded=True)
    assert facts.awareness(campaign.pk).answered == 0
