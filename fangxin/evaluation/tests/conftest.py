import pytest

from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory


@pytest.fixture
def campaign_2026(office):
    # Phases of the default schedule: the window runs from 1 June to 30 November 2026.
    return programme.create_campaign(office, 2026)


@pytest.fixture
def enrol(campaign_2026):
    def make(operator=None, kind="livestream", campaign=None):
        operator = operator or OperatorFactory()
        return Enrolment.objects.create(
            campaign=campaign or campaign_2026, operator=operator, kind=kind
        )

    return make
