"""Fixtures of the red and black list's tests: facts planted through the other apps' models
(titles, findings, complaints, cases, credit listings, orders) for the first quarter of 2026."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest

from fangxin.complaints.models import Complaint
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Case, CreditListing, Finding, RectificationOrder
from fangxin.titles.models import Candidate, Notice, Title

Q1_START, Q1_END = date(2026, 1, 1), date(2026, 3, 31)
IN_Q1 = date(2026, 2, 10)
AFTER_Q1 = date(2026, 4, 10)
_serial = count(1)


@pytest.fixture
def plant(campaign):
    """Planters of one fact each; every one makes a new operator unless given one."""

    class Plant:
        def operator(self, **fields):
            return OperatorFactory(**fields)

        def title(self, operator=None, *, status="valid", revoked_on=None, reason=""):
            operator = operator or self.operator()
            n = next(_serial)
            enrolment = Enrolment.objects.create(
                campaign=campaign, operator=operator, kind="livestream"
            )
            notice = Notice.objects.create(
                campaign=campaign,
                kind="livestream",
                starts_on=date(2025, 12, 1),
                ends_on=date(2025, 12, 8),
                working_days=5,
            )
            candidate = Candidate.objects.create(
                notice=notice,
                enrolment=enrolment,
                operator=operator,
                name=operator.name,
                area_name=operator.area.name,
                score=95,
            )
            return Title.objects.create(
                certificate_no=f"CXFX-2025-{n:04d}",
                candidate=candidate,
                operator=operator,
                kind="livestream",
                holder_name=operator.name,
                year=2025,
                score=95,
                awarded_on=date(2025, 12, 15),
                valid_until=date(2028, 12, 14),
                status=status,
                revoked_on=revoked_on,
                revocation_reason=reason,
            )

        def finding(self, operator, severity="minor", on=IN_Q1):
            return Finding.objects.create(
                operator=operator,
                source="inspection",
                area=campaign.guide.areas.order_by("order").first(),
                description="未亮照经营",
                severity=severity,
                found_on=on,
            )

        def complaint(self, operator, on=IN_Q1, substantiated=True):
            n = next(_serial)
            return Complaint.objects.create(
                tracking_code=f"L{n:010d}",
                lookup_tail="1234",
                kind="complaint",
                channel="web",
                received_on=on,
                category="quality",
                description="商品质量问题",
                operator=operator,
                station=operator.area.station,
                status="closed",
                substantiated=substantiated,
                decided_on=on,
            )

        def penalty(self, operator, decided_on=IN_Q1):
            return Case.objects.create(
                operator=operator,
                summary="虚假宣传",
                clue_received_on=decided_on - timedelta(days=60),
                decide_filing_by=decided_on - timedelta(days=45),
                filed_on=decided_on - timedelta(days=50),
                status="decided",
                decided_on=decided_on,
                penalty="警告并罚款五千元",
                decision_number=f"长市监处〔2026〕{next(_serial)}号",
            )

        def credit_listing(self, operator, listed_on=IN_Q1, kind="serious_violation"):
            return CreditListing.objects.create(
                operator=operator,
                kind=kind,
                code=operator.uscc,
                name=operator.name,
                reason="提供虚假材料",
                listed_on=listed_on,
                authority="长兴县市场监督管理局",
            )

        def overdue_order(self, operator):
            return RectificationOrder.objects.create(
                finding=self.finding(operator),
                operator=operator,
                requirement="限期亮照",
                issued_on=IN_Q1,
                working_days=10,
                due_on=IN_Q1 + timedelta(days=14),
            )

    return Plant()
