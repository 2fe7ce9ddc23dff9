"""Self-inspection's read interface: accepted self-inspections and declared answers."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from fangxin.core.facts import Ref
from fangxin.core.tests.facts_support import INSIDE, OUTSIDE, WINDOW, assert_constant_queries
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment, Requirement
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck import facts
from fangxin.selfcheck.models import Answer, SelfInspection

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = SelfInspection.Status


@pytest.fixture
def campaign_2026(office):
    return programme.create_campaign(office, 2026)


@pytest.fixture
def inspected(campaign_2026):
    """inspected(status, reviewed_on, results...) -> (operator, self-inspection)."""
    requirements = list(
        Requirement.objects.filter(area__guide=campaign_2026.guide, kind="livestream")[:3]
    )

    def make(status=S.ACCEPTED, on=WINDOW.start, results=("compliant",) * 3, operator=None):
        operator = operator or OperatorFactory()
        enrolment = Enrolment.objects.create(
            campaign=campaign_2026, operator=operator, kind="livestream"
        )
        # Reviewed late in the evening in Changxing: still that local day, although in UTC too.
        reviewed = datetime.combine(on, time(23, 30), tzinfo=SHANGHAI)
        inspection = SelfInspection.objects.create(
            enrolment=enrolment, status=status, reviewed_at=reviewed, submitted_at=reviewed
        )
        for requirement, result in zip(requirements, results, strict=False):
            # "rectified": declared non-compliant, then put right.
            Answer.objects.create(
                inspection=inspection,
                requirement=requirement,
                result=Answer.Result.NON_COMPLIANT if result == "rectified" else result,
                rectified_at=reviewed if result == "rectified" else None,
            )
        return operator, inspection

    make.requirements = requirements
    return make


def test_only_accepted_self_inspections_reviewed_in_the_window(inspected):
    by_day = {on: inspected(on=on)[0].pk for on in (*INSIDE, *OUTSIDE)}
    unaccepted = [inspected(status=status)[0].pk for status in (S.DRAFT, S.SUBMITTED, S.RETURNED)]
    got = facts.accepted_self_inspections([*by_day.values(), *unaccepted], WINDOW)
    assert sorted(f.accepted_on for pk in by_day.values() for f in got[pk]) == list(INSIDE)
    assert all(got[pk] == () for pk in unaccepted)


def test_a_self_inspection_fact_counts_its_items(inspected):
    operator, inspection = inspected(results=("compliant", "non_compliant", "rectified"))
    (fact,) = facts.accepted_self_inspections_for(operator.pk, WINDOW)
    assert fact.ref == Ref("selfcheck.selfinspection", inspection.pk)
    assert fact.enrolment == Ref.of(inspection.enrolment)
    assert (fact.campaign_year, fact.kind) == (2026, "livestream")
    assert (fact.items, fact.non_compliant, fact.rectified) == (3, 2, 1)
    assert fact.accepted_on == WINDOW.start


def test_declared_answers_are_submitted_or_accepted_compliant_ones(inspected):
    first, second, third = inspected.requirements
    operator, accepted = inspected(results=("compliant", "non_compliant", "compliant"))
    assert Answer.objects.declared_compliant().count() == 2
    for status in (S.DRAFT, S.RETURNED):  # nobody declared these yet
        inspected(status=status, results=("compliant",) * 3)
    assert Answer.objects.declared_compliant().count() == 2
    got = facts.declared_compliant_answers(operator.pk, 2026, requirement_code=first.code)
    assert [f.ref for f in got] == [Ref.of(accepted.answers.get(requirement=first))]
    assert got[0].area == first.area.code and got[0].kind == "livestream"
    assert facts.declared_compliant_answers(operator.pk, 2026, requirement_code=second.code) == ()
    assert facts.declared_compliant_answers(operator.pk, 2025, requirement_code=first.code) == ()
    by_area = facts.declared_compliant_answers(operator.pk, 2026, area=first.area.code)
    expected = {r.code for r in (first, third) if r.area_id == first.area_id}
    assert {f.requirement_code for f in by_area} == expected


def test_bulk_in_constant_queries(inspected):
    make = lambda: inspected()[0]  # noqa: E731
    assert assert_constant_queries(facts.accepted_self_inspections, make) == 1
