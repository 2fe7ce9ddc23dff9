import logging
import re

import pytest
from django.core.cache import cache

from fangxin.programme.models import Enrolment, Kind
from fangxin.registry.tests.factories import OperatorFactory

CONSOLE = "fangxin.core.sms.ConsoleBackend"
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def console_sms(settings, caplog):
    """The development backend; ``console_sms()`` is the last code written to the log."""
    settings.FANGXIN_SMS_BACKEND = CONSOLE
    caplog.set_level(logging.INFO, logger="fangxin.sms")

    def last_code() -> str:
        texts = [r.getMessage() for r in caplog.records if r.name == "fangxin.sms"]
        assert texts, "no SMS was written to the log"
        return re.findall(r"\d{6}", texts[-1].split(":", 1)[1])[0]

    return last_code


@pytest.fixture
def no_sms(settings):
    settings.FANGXIN_SMS_BACKEND = ""


def enrol(campaign, operator=None, kind=Kind.LIVESTREAM, status=Enrolment.Status.ENROLLED):
    operator = operator or OperatorFactory()
    Enrolment.objects.create(campaign=campaign, operator=operator, kind=kind, status=status)
    return operator


@pytest.fixture
def shop(campaign):
    return enrol(campaign, OperatorFactory(name="长兴好味道食品直播间"))
