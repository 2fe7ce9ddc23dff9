"""Credit punishment keeps an operator out of what its measure names, where that happens:
``no_titles`` in titles' notice and award (titles sits below oversight and finds the exclusion
by name), ``no_promotion`` in the public site's good-practice stories."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from fangxin.disclosure import services as disclosure
from fangxin.disclosure.models import Story
from fangxin.oversight.models import Punishment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.titles import services as titles
from fangxin.titles.models import Title
from fangxin.titles.tests import conftest as titles_fixtures
from fangxin.titles.tests.conftest import AFTER, PUBLISHED

pytestmark = pytest.mark.django_db

# The titles app's fixtures: a 2026 campaign, its enrolments scored as candidates, closed
# scoring, and the public address awarding needs.
campaign = titles_fixtures.campaign
enrol = titles_fixtures.enrol
closed = titles_fixtures.closed
public_base_url = titles_fixtures.public_base_url


def punish(operator, measure, starts_on, ends_on):
    return Punishment.objects.create(
        operator=operator,
        measure=measure,
        ground=Punishment.Ground.BLACK_LIST,
        ground_label="oversight.listentry",
        ground_id=operator.pk,
        ground_note="列入2026年第3季度黑榜",
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_a_punished_candidate_is_withdrawn_from_the_notice_with_the_reason(
    office, campaign, enrol, closed
):
    clean, punished = enrol(), enrol()
    closed()
    punish(
        punished.operator,
        "no_titles",
        PUBLISHED - timedelta(days=5),
        PUBLISHED + timedelta(days=300),
    )
    punish(clean.operator, "more_inspections", PUBLISHED, PUBLISHED + timedelta(days=300))
    notice = titles.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    line = notice.candidates.get(operator=punished.operator)
    assert line.withdrawn and "失信惩戒" in line.withdrawn_reason
    assert not notice.candidates.get(operator=clean.operator).withdrawn
    awarded = titles.award(office, notice, today=AFTER)
    assert [t.operator_id for t in awarded] == [clean.operator_id]


def test_a_punishment_recorded_during_the_notice_period_stops_the_award(
    office, campaign, enrol, closed
):
    first, second = enrol(), enrol()
    closed()
    notice = titles.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    punish(second.operator, "no_titles", PUBLISHED + timedelta(days=2), AFTER + timedelta(days=30))
    awarded = titles.award(office, notice, today=AFTER)
    assert [t.operator_id for t in awarded] == [first.operator_id]
    assert notice.candidates.get(operator=second.operator).withdrawn
    # A measure that ended before the award day keeps no one out.
    assert not Title.objects.filter(operator=second.operator).exists()


def test_an_expired_punishment_keeps_no_one_out(office, campaign, enrol, closed):
    one = enrol()
    closed()
    punish(one.operator, "no_titles", date(2025, 1, 1), PUBLISHED - timedelta(days=1))
    notice = titles.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    assert not notice.candidates.get(operator=one.operator).withdrawn


def test_every_candidate_punished_refuses_the_award_and_changes_nothing(
    office, campaign, enrol, closed
):
    only = enrol()
    closed()
    notice = titles.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    punish(only.operator, "no_titles", PUBLISHED, AFTER + timedelta(days=30))
    with pytest.raises(ValidationError, match="失信惩戒"):
        titles.award(office, notice, today=AFTER)
    assert not notice.candidates.get(operator=only.operator).withdrawn
    assert not Title.objects.exists()


def test_a_story_about_an_operator_out_of_promotion_is_not_published(office):
    operator = OperatorFactory()
    today = date.today()
    punish(operator, "no_promotion", today - timedelta(days=1), today + timedelta(days=30))
    story = Story(title="直播间规范经营", summary="摘要", body="<p>正文</p>", operator=operator)
    with pytest.raises(ValidationError) as refused:
        disclosure.save_story(office, story, publish=True)
    assert "operator" in refused.value.message_dict
    assert not Story.objects.filter(status=Story.Status.PUBLISHED).exists()
    draft = disclosure.save_story(office, story, publish=False)  # a draft may wait
    assert draft.status == Story.Status.DRAFT
    other = OperatorFactory()
    story = Story(title="另一家", summary="摘要", body="<p>正文</p>", operator=other)
    assert disclosure.save_story(office, story, publish=True).status == Story.Status.PUBLISHED
