import logging
import re
from datetime import date

import pytest
from django.core.cache import cache

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


@pytest.fixture(autouse=True)
def public_base_url(settings):
    """Awarding is refused while FANGXIN_PUBLIC_BASE_URL is empty: every test here awards under
    a configured public address unless it empties the setting itself."""
    settings.FANGXIN_PUBLIC_BASE_URL = "https://fangxin.example.gov.cn"
    return settings


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def console_sms(settings, caplog, tmp_path):
    """The development SMS backend; ``console_sms()`` is the last code written to the log.
    Files kept go to a throwaway folder."""
    settings.FANGXIN_SMS_BACKEND = "fangxin.core.sms.ConsoleBackend"
    settings.MEDIA_ROOT = str(tmp_path)
    caplog.set_level(logging.INFO, logger="fangxin.sms")

    def last_code() -> str:
        texts = [r.getMessage() for r in caplog.records if r.name == "fangxin.sms"]
        assert texts, "no SMS was written to the log"
        return re.findall(r"\d{6}", texts[-1].split(":", 1)[1])[0]

    return last_code
