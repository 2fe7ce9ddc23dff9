"""The demo built with ``--today`` on a day in October 2026 (the evaluation phase), under the
real clock (the build moves the clock itself), once for the module; and the days refused."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from fangxin.evaluation.models import LedgerEntry, Score, ScoringClosure
from fangxin.evaluation.models_panels import Panel
from fangxin.programme.models import Campaign
from fangxin.titles.models import Notice, Objection, Title

DAY = date(2026, 10, 15)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One build for the module (the tests run in savepoints inside it), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", today=DAY.isoformat(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_in_october_this_years_scores_are_in_progress(built):
    assert list(Campaign.objects.order_by("year").values_list("year", flat=True)) == [
        2024,
        2025,
        2026,
    ]
    # Scored (the association's scores, the panels' sheets), not closed, nothing published.
    current = Campaign.objects.get(year=2026)
    assert not ScoringClosure.objects.filter(campaign=current).exists()
    assert Score.objects.filter(enrolment__campaign=current).exists()
    assert Panel.objects.filter(campaign=current).exists()
    assert LedgerEntry.objects.filter(
        enrolment__campaign=current, source=LedgerEntry.Source.ASSOCIATION
    ).exists()
    assert not Notice.objects.filter(campaign=current).exists()
    assert not Title.objects.filter(year=2026).exists()
    assert not Objection.objects.exists()
    # The past campaigns as that day found them: 2024's titles expired, 2025's still valid.
    assert set(ScoringClosure.objects.values_list("campaign__year", flat=True)) == {2024, 2025}
    statuses = set(Title.objects.values_list("year", "status"))
    assert statuses == {(2024, "expired"), (2024, "revoked"), (2025, "valid"), (2025, "revoked")}
    assert all(t.awarded_on <= DAY for t in Title.objects.all())
    assert all(t.valid_until > DAY for t in Title.objects.filter(year=2025, status="valid"))


@pytest.mark.django_db
def test_the_use_cases_stamp_the_demos_day_not_the_real_one(built):
    morning = timezone.make_aware(datetime.combine(DAY, time(0)))
    evening = timezone.make_aware(datetime.combine(DAY, time(23, 59)))
    computed = Score.objects.filter(enrolment__campaign__year=2026).values_list(
        "computed_at", flat=True
    )
    assert all(morning <= at <= evening for at in computed)
    stamps = list(ScoringClosure.objects.values_list("closed_at", flat=True))
    stamps += list(Notice.objects.values_list("published_at", flat=True))
    assert stamps and all(at <= evening for at in stamps)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026-13-40", "'2026-13-40' is not a date (YYYY-MM-DD)"),
        ("yesterday", "'yesterday' is not a date (YYYY-MM-DD)"),
        ("2023-12-31", "the demo starts with the 2024 campaign"),
        ("2999-01-01", "at most the end of next year"),
    ],
)
def test_a_bad_day_is_refused_with_why(value, says):
    with pytest.raises(CommandError, match=r"^--today: ") as refused:
        call_command("demo", f"--today={value}")
    assert says in str(refused.value)
