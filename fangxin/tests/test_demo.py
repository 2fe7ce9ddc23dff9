"""The demo built as on 2 December 2026 (the summary phase), once for the whole module: the
clock frozen there (ticking), so nothing here depends on the real today. The October build and
the refused days: test_demo_october.py."""

from datetime import date, datetime, time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from fangxin.core.demo import DEMO_PASSWORD
from fangxin.core.models import User
from fangxin.evaluation.models import LedgerEntry, Score, ScoringClosure
from fangxin.evaluation.models_panels import Panel
from fangxin.programme.models import Campaign
from fangxin.ratings.models import Rating, SurveyResponse
from fangxin.registry.models import Operator
from fangxin.titles.models import Notice, Objection, Title

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One build for the module (the tests run in savepoints inside it), rolled back after."""
    moment = timezone.make_aware(datetime.combine(DAY, time(10)))
    with (
        time_machine.travel(moment, tick=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("demo", stdout=out)  # the default day: the (frozen) clock's
        yield out.getvalue()
        transaction.set_rollback(True)


def test_demo_is_idempotent_and_accounts_log_in(built):
    counts = (User.objects.count(), Operator.objects.count())
    titles = (Notice.objects.count(), Title.objects.count(), Objection.objects.count())
    call_command("demo", stdout=StringIO())
    assert (User.objects.count(), Operator.objects.count()) == counts
    assert (Notice.objects.count(), Title.objects.count(), Objection.objects.count()) == titles
    names = set(User.objects.values_list("username", flat=True))
    assert {
        "office",
        "station",
        "inspector",
        "inspector2",
        "partner",
        "evaluator",
        "association",
        "monitor",
        "operator",
    } <= names
    assert User.objects.get(username="office").check_password(DEMO_PASSWORD)
    operator = User.objects.get(username="operator")
    assert operator.operator is not None
    assert User.objects.get(username="inspector").station is not None


def test_in_december_the_three_campaigns_are_fully_evaluated(built):
    years = list(Campaign.objects.order_by("year").values_list("year", flat=True))
    assert years == [2024, 2025, 2026]
    for year in years:
        closure = ScoringClosure.objects.get(campaign__year=year)
        assert date(year, 11, 14) <= closure.closed_on <= date(year, 11, 16)
        assert Score.objects.filter(enrolment__campaign__year=year).exists()
        assert Score.objects.filter(enrolment__campaign__year=year, candidate=True).exists()
        assert Panel.objects.filter(campaign__year=year).count() == 5
        sources = set(
            LedgerEntry.objects.filter(enrolment__campaign__year=year).values_list(
                "source", flat=True
            )
        )
        assert LedgerEntry.Source.ASSOCIATION in sources
        assert Rating.objects.filter(campaign__year=year).exists()
        assert SurveyResponse.objects.filter(campaign__year=year).exists()


def test_in_december_the_titles_tell_three_years(built, client):
    statuses = set(Title.objects.values_list("year", "status"))
    assert statuses == {
        (2024, "expired"),
        (2024, "revoked"),
        (2025, "valid"),
        (2025, "revoked"),
        (2026, "valid"),
    }
    # 2024: expired, one revoked before it expired.
    revoked = Title.objects.get(year=2024, status="revoked")
    assert revoked.revoked_on < revoked.valid_until < DAY
    assert revoked.veto_event is not None
    # 2025: valid until about now, the 30-day expiry notice sent; one revoked on a confirmed veto.
    expiring = Title.objects.filter(year=2025, status="valid")
    assert all(0 <= (t.valid_until - DAY).days <= 30 for t in expiring)
    assert all(t.expiry_notice_sent_on is not None for t in expiring)
    revoked = Title.objects.get(year=2025, status="revoked")
    assert revoked.veto_event is not None and revoked.revoked_on < DAY
    # 2026: the notice closed, one objection upheld and one dismissed, titles awarded.
    assert Notice.objects.filter(campaign__year=2026).exists()
    assert all(n.ends_on < DAY for n in Notice.objects.all())
    assert set(Objection.objects.values_list("status", flat=True)) == {"upheld", "dismissed"}
    assert LedgerEntry.objects.filter(fact_label="titles.Objection").count() == 1
    assert all(t.awarded_on < DAY for t in Title.objects.filter(year=2026))
    client.force_login(User.objects.get(username="office"))
    assert client.get("/titles/register/").status_code == 200
    assert client.get(f"/public/titles/{revoked.certificate_no}/").status_code == 200
