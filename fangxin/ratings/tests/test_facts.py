"""ratings.facts: aggregates per operator for a campaign, in a constant number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fangxin.core.facts import Ref, Window
from fangxin.programme.models import Enrolment, Kind
from fangxin.ratings import facts
from fangxin.ratings.models import Member, MemberScore, Rating, SurveyResponse

from .conftest import enrol

pytestmark = pytest.mark.django_db


def rate(campaign, operator, stars, n, **fields):
    return Rating.objects.create(
        campaign=campaign, operator=operator, phone_hash=f"{n:064d}", stars=stars, **fields
    )


def answer(campaign, operator, values, n, **fields):
    q, h, s, o = values
    return SurveyResponse.objects.create(
        campaign=campaign,
        operator=operator,
        phone_hash=f"{n:064d}",
        quality=q,
        honesty=h,
        service=s,
        overall=o,
        **fields,
    )


def test_rating_summary_counts_means_and_exclusions(campaign, shop):
    quiet = enrol(campaign)
    rate(campaign, shop, 5, 1)
    rate(campaign, shop, 4, 2, flagged=True)
    rate(campaign, shop, 4, 3)
    rate(campaign, shop, 1, 4, flagged=True, excluded=True)
    summaries = facts.rating_summaries([shop.pk, quiet.pk], campaign.pk)
    summary = summaries[shop.pk]
    assert summary.count == 3 and summary.stars_total == 13
    assert summary.mean == Decimal("4.33")
    assert summary.by_stars == (0, 0, 0, 2, 1)
    assert (summary.excluded, summary.pending_review) == (1, 1)
    assert summary.ref == Ref("programme.campaign", campaign.pk)
    assert summary.counts_for_both and summary.counts_for(Kind.GROUP_BUYING)
    empty = summaries[quiet.pk]
    assert (empty.count, empty.mean, empty.excluded) == (0, None, 0)


def test_the_window_keeps_rows_submitted_in_it(campaign, shop):
    row = rate(campaign, shop, 5, 1)
    today = timezone.localdate()
    Rating.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert facts.rating_summary_for(shop.pk, campaign.pk, Window(today, today)).count == 0
    edge = Window(today - timedelta(days=3), today - timedelta(days=3))
    assert facts.rating_summary_for(shop.pk, campaign.pk, edge).count == 1


def test_survey_summary_means_per_question(campaign, shop):
    answer(campaign, shop, (5, 4, 3, 4), 1)
    answer(campaign, shop, (4, 4, 4, 5), 2)
    answer(campaign, shop, (1, 1, 1, 1), 3, excluded=True)
    summary = facts.survey_summary_for(shop.pk, campaign.pk)
    assert summary.count == 2 and summary.excluded == 1
    assert dict(summary.question_means) == {
        "quality": Decimal("4.50"),
        "honesty": Decimal("4.00"),
        "service": Decimal("3.50"),
        "overall": Decimal("4.50"),
    }
    assert summary.mean == Decimal("4.13")


def test_invited_scores_carry_the_enrolment_and_its_kind(office, campaign, shop):
    enrol(campaign, operator=shop, kind=Kind.GROUP_BUYING)
    member = Member.objects.create(campaign=campaign, name="李", affiliation="npc")
    live = Enrolment.objects.get(operator=shop, kind=Kind.LIVESTREAM)
    group = Enrolment.objects.get(operator=shop, kind=Kind.GROUP_BUYING)
    MemberScore.objects.create(member=member, enrolment=live, score=90)
    MemberScore.objects.create(member=member, enrolment=group, score=70, entered_by=office)
    scores = facts.invited_scores_for(shop.pk, campaign.pk)
    assert [(s.kind, s.score, s.by_member) for s in scores] == [
        (Kind.GROUP_BUYING, 70, False),
        (Kind.LIVESTREAM, 90, True),
    ]
    assert {s.enrolment for s in scores} == {Ref.of(live), Ref.of(group)}
    assert all(s.affiliation == "npc" and not s.counts_for_both for s in scores)


@pytest.mark.parametrize("how_many", [1, 30])
def test_query_counts_are_constant(campaign, office, django_assert_num_queries, how_many):
    member = Member.objects.create(campaign=campaign, name="李", affiliation="npc")
    operators = [enrol(campaign) for _ in range(how_many)]
    for n, operator in enumerate(operators):
        rate(campaign, operator, 3 + n % 3, n)
        answer(campaign, operator, (4, 4, 4, 4), n)
        MemberScore.objects.create(
            member=member, enrolment=Enrolment.objects.get(operator=operator), score=80
        )
    ids = [o.pk for o in operators]
    window = Window.year(campaign.year)
    with django_assert_num_queries(1):
        assert len(facts.rating_summaries(ids, campaign.pk, window)) == how_many
    with django_assert_num_queries(1):
        assert len(facts.survey_summaries(ids, campaign.pk)) == how_many
    with django_assert_num_queries(1):
        assert sum(len(v) for v in facts.invited_scores(ids, campaign.pk).values()) == how_many
