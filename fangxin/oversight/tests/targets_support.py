"""Shared set-up for the watch-list-from-results, risk-class and punishment tests."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.evaluation import services as evaluation
from fangxin.evaluation.models import Score, ScoringClosure
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory


def failed_evaluation(campaign, office, *operators, passed=()):
    """Enrol ``operators`` (failing) and ``passed`` (candidates), score, close scoring."""
    for operator in (*operators, *passed):
        PlatformAccountFactory(operator=operator)
        Enrolment.objects.create(campaign=campaign, operator=operator, kind="livestream")
    evaluation.recompute_campaign_now(campaign.pk)
    Score.objects.filter(enrolment__operator__in=operators).update(
        candidate=False, published="72.0"
    )
    Score.objects.filter(enrolment__operator__in=passed).update(candidate=True)
    ScoringClosure.objects.get_or_create(
        campaign=campaign, defaults={"closed_on": timezone.localdate(), "closed_by": office}
    )
    return campaign


def station_user(make_user, operator):
    return make_user(Role.STATION, station=operator.area.station)


def two_stations():
    """An operator in each of two stations' areas."""
    return OperatorFactory(), OperatorFactory()


def today() -> date:
    return timezone.localdate()
