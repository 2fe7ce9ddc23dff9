"""Title holders made directly (a published notice, its candidate and the title), so the public
site's tests need not run the whole evaluation."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache

from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory
from fangxin.titles.models import Candidate, Notice, Title

# The titles app's fixtures (enrolments, closed scoring) for the feed's tests, which award
# titles the whole way (their history is what a past day's feed reads).
from fangxin.titles.tests.conftest import closed, enrol  # noqa: F401

AWARDED = date(2026, 1, 10)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(office):
    return programme.create_campaign(office, 2026)


@pytest.fixture
def make_title(campaign):
    """make_title(name=…, handle=…, kind=…, status=…, **operator fields): a title of the 2026
    campaign held by a new operator with one Douyin account ``handle``."""
    counter = iter(range(1, 10_000))

    def make(
        name="长兴放心好物有限公司",
        handle="长兴好物直播间",
        kind="livestream",
        status=Title.Status.VALID,
        valid_until=None,
        **operator_fields,
    ):
        n = next(counter)
        operator = OperatorFactory(name=name, group_buying=True, **operator_fields)
        if handle:
            PlatformAccountFactory(operator=operator, handle=handle)
        enrolment = Enrolment.objects.create(campaign=campaign, operator=operator, kind=kind)
        notice = Notice.objects.create(
            campaign=campaign,
            kind=kind,
            starts_on=date(2025, 12, 1),
            ends_on=date(2025, 12, 8),
            working_days=5,
        )
        candidate = Candidate.objects.create(
            notice=notice,
            enrolment=enrolment,
            operator=operator,
            name=name,
            area_name=operator.area.name,
            score=95,
        )
        revoked = status == Title.Status.REVOKED
        return Title.objects.create(
            certificate_no=f"CXFX-2026-{n:04d}",
            candidate=candidate,
            operator=operator,
            kind=kind,
            holder_name=name,
            year=2026,
            score=95,
            awarded_on=AWARDED,
            valid_until=valid_until or AWARDED + timedelta(days=3650),
            status=status,
            revoked_on=date(2026, 6, 1) if revoked else None,
            revocation_reason="经营异常（测试）" if revoked else "",
        )

    return make
