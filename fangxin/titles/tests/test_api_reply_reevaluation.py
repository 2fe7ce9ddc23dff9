"""The API of the right to reply and re-evaluation: an operator creates its own and reads only
its own; the office reads all and decides; other roles, another operator and anonymous callers
are refused (a row outside the caller's scope is a 404)."""

import pytest
from rest_framework.test import APIClient

from fangxin.core.roles import Role
from fangxin.titles import services
from fangxin.titles.models import Reevaluation, Reply

from .conftest import AFTER, PUBLISHED

pytestmark = pytest.mark.django_db

REPLIES = "/api/v1/titles/replies/"
REEVALUATIONS = "/api/v1/titles/reevaluations/"


@pytest.fixture
def held(office, campaign, enrol, closed, make_user):
    enrolment = enrol()
    closed()
    notice = services.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    title = services.award(office, notice, today=AFTER)[0]
    shop = make_user(Role.OPERATOR, operator=enrolment.operator)
    return title, enrolment, shop


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_holder_replies_and_the_office_approves_through_the_api(held, office, make_user):
    title, enrolment, shop = held
    made = api(shop).post(
        REPLIES,
        {"enrolment": enrolment.pk, "title": title.pk, "text": "我方已整改到位。"},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending"
    assert made.json()["certificate_no"] == title.certificate_no
    row = Reply.objects.get()
    # Bad input: a clear 400, never a 500.
    empty = api(shop).post(REPLIES, {"enrolment": enrolment.pk, "text": " "}, format="json")
    assert empty.status_code == 400
    huge = api(shop).post(REPLIES, {"enrolment": 2**70, "text": "x"}, format="json")
    assert huge.status_code == 400 and "enrolment" in huge.json()["errors"]
    # Another operator: neither its enrolment nor its title, nor the reply, is within reach.
    stranger = make_user(Role.OPERATOR)
    other = api(stranger).post(REPLIES, {"enrolment": enrolment.pk, "text": "冒名"}, format="json")
    assert other.status_code == 400 and "enrolment" in other.json()["errors"]
    assert api(stranger).get(REPLIES).json()["results"] == []
    assert api(stranger).get(f"{REPLIES}{row.pk}/").status_code == 404
    # Only the office decides; the holder and a station user may not.
    assert api(shop).post(f"{REPLIES}{row.pk}/approve/", {}, format="json").status_code == 403
    station = make_user(Role.STATION)
    assert api(station).post(REPLIES, {"enrolment": enrolment.pk, "text": "x"}).status_code == 403
    assert api(station).get(REPLIES).json()["results"] == []
    assert api().get(REPLIES).status_code in (401, 403)
    assert [r["id"] for r in api(office).get(REPLIES).json()["results"]] == [row.pk]
    approved = api(office).post(f"{REPLIES}{row.pk}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = api(office).post(f"{REPLIES}{row.pk}/refuse/", {"reason": "x"}, format="json")
    assert again.status_code == 400  # decided already
    assert api(shop).get(f"{REPLIES}{row.pk}/").json()["status"] == "approved"


def test_the_office_refuses_a_reply_with_a_reason(held, office):
    _title, enrolment, shop = held
    row = services.reply(shop, enrolment, "骂人的话")
    bare = api(office).post(f"{REPLIES}{row.pk}/refuse/", {}, format="json")
    assert bare.status_code == 400
    refused = api(office).post(f"{REPLIES}{row.pk}/refuse/", {"reason": "含辱骂内容"})
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"


def test_a_reevaluation_is_asked_and_decided_through_the_api(held, office, make_user):
    _title, enrolment, shop = held
    body = {"enrolment": enrolment.pk, "dimension": "department", "text": "抽检样品送检有误"}
    made = api(shop).post(REEVALUATIONS, body, format="json")
    assert made.status_code == 201, made.content
    row = Reevaluation.objects.get()
    assert made.json()["due_on"] == row.due_on.isoformat()
    # Once per campaign; an unknown dimension is a 400.
    assert api(shop).post(REEVALUATIONS, body, format="json").status_code == 400
    bad = api(shop).post(REEVALUATIONS, {**body, "dimension": "nope"}, format="json")
    assert bad.status_code == 400
    stranger = make_user(Role.OPERATOR)
    assert api(stranger).post(REEVALUATIONS, body, format="json").status_code == 400
    assert api(stranger).get(f"{REEVALUATIONS}{row.pk}/").status_code == 404
    assert api(make_user(Role.EVALUATOR)).get(REEVALUATIONS).json()["results"] == []
    decision = {"grant": True, "reason": "证据充分", "criterion": "conduct", "points": "2"}
    assert api(shop).post(f"{REEVALUATIONS}{row.pk}/decide/", decision).status_code == 403
    assert api(office).post(REEVALUATIONS, body, format="json").status_code == 403
    wrong = api(office).post(
        f"{REEVALUATIONS}{row.pk}/decide/", {**decision, "criterion": "nope"}, format="json"
    )
    assert wrong.status_code == 400
    done = api(office).post(f"{REEVALUATIONS}{row.pk}/decide/", decision, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "granted" and done.json()["points"] == "2.00"
    assert api(shop).get(REEVALUATIONS).json()["results"][0]["status"] == "granted"
