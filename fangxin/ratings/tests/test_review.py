"""The office's review: flagged ratings listed, excluded with a reason (then not counted);
nobody else reaches these pages or the API."""

import pytest
from django.urls import reverse

from fangxin.core.roles import Role
from fangxin.ratings import facts
from fangxin.ratings.models import Member, Rating

pytestmark = pytest.mark.django_db


def make_rating(campaign, operator, stars=4, flagged=False, n=0):
    return Rating.objects.create(
        campaign=campaign,
        operator=operator,
        phone_hash=f"{n:064d}",
        stars=stars,
        flagged=flagged,
        flag_reason="同一网段短时间内集中提交" if flagged else "",
        network="203.0.113.0/24",
    )


def test_the_office_sees_flags_and_excludes_with_a_reason(client, office, campaign, shop):
    flagged = make_rating(campaign, shop, stars=1, flagged=True, n=1)
    make_rating(campaign, shop, stars=5, n=2)
    client.force_login(office)
    page = client.get(reverse("ratings:review"), {"only": "flagged"}).content.decode()
    assert f'data-row="{flagged.pk}"' in page and "同一网段" in page
    no_reason = client.post(reverse("ratings:exclude-rating", args=[flagged.pk]), {"reason": ""})
    assert no_reason.status_code == 302
    assert not Rating.objects.get(pk=flagged.pk).excluded
    client.post(reverse("ratings:exclude-rating", args=[flagged.pk]), {"reason": "刷评"})
    flagged.refresh_from_db()
    assert flagged.excluded and flagged.exclusion_reason == "刷评"
    assert flagged.excluded_by == office
    summary = facts.rating_summary_for(shop.pk, campaign.pk)
    assert (summary.count, summary.excluded, summary.mean) == (1, 1, 5)
    again = client.post(reverse("ratings:exclude-rating", args=[flagged.pk]), {"reason": "x"})
    assert again.status_code == 302
    assert "已被剔除" in client.get(reverse("ratings:review")).content.decode()


def test_survey_answers_are_reviewed_too(client, office, campaign, shop):
    from fangxin.ratings.models import SurveyResponse

    row = SurveyResponse.objects.create(
        campaign=campaign,
        operator=shop,
        phone_hash="a" * 64,
        flagged=True,
        quality=1,
        honesty=1,
        service=1,
        overall=1,
    )
    client.force_login(office)
    assert f'data-row="{row.pk}"' in client.get(reverse("ratings:surveys")).content.decode()
    client.post(reverse("ratings:exclude-survey", args=[row.pk]), {"reason": "同一来源"})
    row.refresh_from_db()
    assert row.excluded


OFFICE_PAGES = ["ratings:review", "ratings:surveys", "ratings:members"]


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_anonymous_is_sent_to_login(client, campaign, name):
    answer = client.get(reverse(name))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.EVALUATOR, Role.OPERATOR])
def test_other_roles_are_refused(client, make_user, campaign, shop, role):
    client.force_login(make_user(role))
    rating = make_rating(campaign, shop)
    member = Member.objects.create(campaign=campaign, name="张", affiliation="media")
    for name in OFFICE_PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("ratings:member", args=[member.pk])).status_code == 403
    answer = client.post(reverse("ratings:exclude-rating", args=[rating.pk]), {"reason": "x"})
    assert answer.status_code == 403
    assert client.post(reverse("ratings:member-link", args=[member.pk])).status_code == 403
    assert not Rating.objects.get(pk=rating.pk).excluded


API = ["ratings/ratings", "ratings/surveys", "ratings/members", "ratings/member-scores"]


@pytest.mark.parametrize("path", API)
def test_the_api_is_for_the_office_and_read_only(client, make_user, office, campaign, path):
    assert client.get(f"/api/v1/{path}/").status_code in (401, 403)
    client.force_login(make_user(Role.STATION))
    assert client.get(f"/api/v1/{path}/").status_code == 403
    client.force_login(office)
    assert client.get(f"/api/v1/{path}/").status_code == 200
    assert client.post(f"/api/v1/{path}/", {}).status_code == 405


def test_the_api_masks_member_phones_and_lists_flags(client, office, campaign, shop):
    Member.objects.create(campaign=campaign, name="张", affiliation="media", phone="13912345678")
    make_rating(campaign, shop, flagged=True)
    client.force_login(office)
    members = client.get("/api/v1/ratings/members/").json()["results"]
    assert members[0]["phone"] == "139****5678"
    ratings = client.get("/api/v1/ratings/ratings/", {"flagged": "true"}).json()["results"]
    assert ratings[0]["flagged"] is True and "phone_hash" not in ratings[0]


def test_the_office_home_counts_flagged_entries(client, office, make_user, campaign, shop):
    make_rating(campaign, shop, flagged=True)
    client.force_login(office)
    body = client.get("/desk/").content.decode()
    assert "待核查的评议" in body
    client.force_login(make_user(Role.STATION))
    assert "待核查的评议" not in client.get("/desk/").content.decode()


def test_every_ratings_page_declares_its_access():
    from django.urls import URLPattern, URLResolver, get_resolver

    from fangxin.core.permissions import access_of

    def callbacks(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from callbacks(entry.url_patterns)
            elif isinstance(entry, URLPattern):
                yield entry.callback

    ours = [
        c
        for c in callbacks(get_resolver().url_patterns)
        if c.__module__.startswith("fangxin.ratings")
    ]
    assert len(ours) >= 10
    assert [f"{c.__module__}.{c.__name__}" for c in ours if access_of(c) is None] == []
    kinds = {c.__name__: access_of(c).kind for c in ours if not hasattr(c, "cls")}
    assert kinds["rate"] == kinds["survey"] == kinds["member_scoring"] == "public"
    assert kinds["review_list"] == kinds["exclude"] == kinds["member_detail"] == "permission"
