import pytest
from django.core.management import call_command
from django.utils import timezone

from fangxin.core.models import User
from fangxin.programme import facts as programme_facts
from fangxin.programme.models import Campaign
from fangxin.ratings import facts
from fangxin.ratings.models import Member, MemberScore, Rating, SurveyResponse

# The demo is built as on the clock's day: frozen on the demo tests' day (see conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]


def test_the_demo_rates_every_campaign_once(client):
    call_command("demo")
    counts = (Rating.objects.count(), SurveyResponse.objects.count(), MemberScore.objects.count())
    assert all(counts)
    assert Rating.objects.filter(flagged=True).exists()
    call_command("demo")
    again = (Rating.objects.count(), SurveyResponse.objects.count(), MemberScore.objects.count())
    assert again == counts
    campaign = Campaign.current(timezone.localdate())
    ids = programme_facts.operator_ids(programme_facts.enrolments(campaign.pk))
    summaries = facts.rating_summaries(ids, campaign.pk)
    assert all(s.count > 0 and 1 <= s.mean <= 5 for s in summaries.values())
    assert Member.objects.filter(campaign=campaign).count() == 5
    client.force_login(User.objects.get(username="office"))
    assert client.get("/ratings/").status_code == 200
    assert client.get("/ratings/members/").status_code == 200
