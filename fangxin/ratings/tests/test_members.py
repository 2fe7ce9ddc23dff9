"""Invited members: the office enters them and their scores, or gives them a personal link
(signed, expiring, replaced by a newer one) to score without an account."""

from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from fangxin.programme.models import Enrolment, Kind
from fangxin.ratings import services
from fangxin.ratings.models import Member, MemberScore

from .conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(office, campaign):
    return services.add_member(
        office,
        campaign=campaign,
        name="李代表",
        affiliation=Member.Affiliation.NPC,
        organisation="县人大",
        phone="13955556666",
    )


def link_of(client, member) -> str:
    client.post(reverse("ratings:member-link", args=[member.pk]))
    page = client.get(reverse("ratings:member", args=[member.pk])).content.decode()
    start = page.index("/public/ratings/member/")
    return page[start : page.index('"', start)]


def test_the_office_adds_a_member_whose_phone_is_shown_masked(client, office, campaign):
    client.force_login(office)
    answer = client.post(
        reverse("ratings:members"),
        {
            "name": "王委员",
            "affiliation": "cppcc",
            "organisation": "县政协",
            "phone": "13911112222",
        },
    )
    assert answer.status_code == 302
    body = client.get(reverse("ratings:members")).content.decode()
    assert "王委员" in body and "139****2222" in body and "13911112222" not in body
    bad = client.post(reverse("ratings:members"), {"name": "", "affiliation": "x"})
    assert bad.status_code == 400


def test_a_member_scores_through_his_link(client, office, campaign, member, shop):
    enrolment = Enrolment.objects.get(operator=shop)
    client.force_login(office)
    url = link_of(client, member)
    client.logout()
    page = client.get(url)
    assert page.status_code == 200 and shop.name in page.content.decode()
    answer = client.post(url, {f"score_{enrolment.pk}": "88", f"comment_{enrolment.pk}": "好"})
    assert answer.status_code == 302
    score = MemberScore.objects.get()
    assert (score.score, score.comment, score.entered_by) == (88, "好", None)
    out_of_range = client.post(url, {f"score_{enrolment.pk}": "101"})
    assert out_of_range.status_code == 400
    assert MemberScore.objects.get().score == 88


def test_a_forged_link_is_refused(client, member, shop):
    token = signing.dumps({"m": member.pk, "n": member.link_nonce}, salt="another-salt")
    answer = client.get(reverse("public-member-scoring", args=[token]))
    assert answer.status_code == 403
    assert "评议链接无效" in answer.content.decode()
    tampered = client.get(reverse("public-member-scoring", args=["eyJtIjoxfQ:abc:def"]))
    assert tampered.status_code == 403


def test_an_expired_link_is_refused(client, office, member, settings):
    settings.FANGXIN_MEMBER_LINK_DAYS = 14
    old = signing.TimestampSigner().timestamp()
    with mock.patch.object(
        signing.TimestampSigner,
        "timestamp",
        return_value=signing.b62_encode(signing.b62_decode(old) - 15 * 86400),
    ):
        token = services.issue_link(office, member)
    answer = open_link(client, token)
    assert answer.status_code == 403
    assert "该评议链接已过期" in answer.content.decode()


def open_link(client, token):
    return client.get(reverse("public-member-scoring", args=[token]))


def test_a_new_link_replaces_the_old_one(client, office, member):
    first = services.issue_link(office, member)
    assert open_link(client, first).status_code == 200
    services.issue_link(office, member)
    answer = open_link(client, first)
    assert answer.status_code == 403
    assert "该评议链接已失效" in answer.content.decode()


def test_the_office_enters_scores_for_a_member(client, office, campaign, member, shop):
    both = enrol(campaign, kind=Kind.GROUP_BUYING, operator=shop)
    enrolments = Enrolment.objects.filter(operator=both).order_by("kind")
    client.force_login(office)
    data = {f"score_{e.pk}": str(80 + n) for n, e in enumerate(enrolments)}
    answer = client.post(reverse("ratings:member", args=[member.pk]), data)
    assert answer.status_code == 302
    assert sorted(MemberScore.objects.values_list("score", flat=True)) == [80, 81]
    assert set(MemberScore.objects.values_list("entered_by", flat=True)) == {office.pk}


def test_a_member_cannot_score_an_enrolment_of_another_campaign(office, member):
    from fangxin.programme import services as programme
    from fangxin.registry.tests.factories import OperatorFactory

    other_campaign = programme.create_campaign(office, member.campaign.year - 1)
    other = Enrolment.objects.create(
        campaign=other_campaign, operator=OperatorFactory(), kind=Kind.LIVESTREAM
    )
    with pytest.raises(services.PermissionDenied):
        services.save_member_scores(member, {other.pk: (90, "")})


def test_the_member_form_prompts_instead_of_dashes(client, office, campaign):
    client.force_login(office)
    body = client.get(reverse("ratings:members")).content.decode()
    assert "---------" not in body and "请选择" in body
