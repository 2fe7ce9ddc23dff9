from datetime import date

import pytest

from fangxin.evaluation import services as evaluation
from fangxin.evaluation.models import ScoringClosure
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory

# Tuesday 1 December 2026; five working days later is Tuesday 8 December.
PUBLISHED = date(2026, 12, 1)
LAST_DAY = date(2026, 12, 8)
AFTER = date(2026, 12, 9)


@pytest.fixture
def campaign(office):
    return programme.create_campaign(office, 2026)


@pytest.fixture
def enrol(campaign):
    """enrol(kind=…, operator=…): an enrolment of the 2026 campaign (scored 94.8 when nothing
    is held against it: a candidate)."""

    def make(kind="livestream", operator=None):
        if operator is None:
            operator = OperatorFactory(group_buying=True)
            PlatformAccountFactory(operator=operator)
        return Enrolment.objects.create(campaign=campaign, operator=operator, kind=kind)

    return make


@pytest.fixture
def closed(campaign, office):
    """close(): score the campaign and close scoring, so the notice may be published."""

    def close():
        evaluation.recompute_campaign_now(campaign.pk)
        ScoringClosure.objects.get_or_create(
            campaign=campaign, defaults={"closed_on": date(2026, 11, 20), "closed_by": office}
        )
        return campaign

    return close
