"""Programme's read interface: a campaign's enrolments and training attendance."""

import pytest

from fangxin.core.facts import Ref
from fangxin.core.tests.facts_support import (
    INSIDE,
    OUTSIDE,
    WINDOW,
    assert_constant_queries,
    counted,
)
from fangxin.programme import facts
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment, Training
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign_2026(office):
    return programme.create_campaign(office, 2026)


def session(on, invited=(), attended=()):
    training = Training.objects.create(held_on=on, topic="直播营销合规培训", place="县局三楼")
    training.invited.set(invited)
    training.attended.set(attended)
    return training


def test_enrolments_of_a_campaign(campaign_2026):
    both = OperatorFactory(livestream=True, group_buying=True)
    live = Enrolment.objects.create(campaign=campaign_2026, operator=both, kind="livestream")
    group = Enrolment.objects.create(campaign=campaign_2026, operator=both, kind="group_buying")
    left = Enrolment.objects.create(
        campaign=campaign_2026,
        operator=OperatorFactory(),
        kind="livestream",
        status=Enrolment.Status.WITHDRAWN,
    )
    got = facts.enrolments(campaign_2026.pk)
    assert [f.ref for f in got] == [Ref.of(group), Ref.of(live)]  # by operator, then kind
    assert {f.campaign_year for f in got} == {2026}
    assert facts.operator_ids(got) == [both.pk]  # one operator, two enrolments
    everyone = facts.enrolments(campaign_2026.pk, enrolled_only=False)
    assert Ref.of(left) in {f.ref for f in everyone}
    assert list(Enrolment.objects.enrolled()) == list(Enrolment.objects.exclude(pk=left.pk))


def test_training_invited_attended_and_window_edges():
    came, stayed_away, walked_in = OperatorFactory(), OperatorFactory(), OperatorFactory()
    first = session(WINDOW.start, invited=[came, stayed_away], attended=[came, walked_in])
    last = session(WINDOW.end, invited=[came], attended=[came])
    for on in OUTSIDE:
        session(on, invited=[came], attended=[came])
    got = facts.training([came.pk, stayed_away.pk, walked_in.pk], WINDOW)
    assert [(f.held_on, f.invited, f.attended) for f in got[came.pk]] == [
        (INSIDE[0], True, True),
        (INSIDE[1], True, True),
    ]
    assert [f.ref for f in got[came.pk]] == [Ref.of(first), Ref.of(last)]
    ((absent,),) = [got[stayed_away.pk]]
    assert (absent.invited, absent.attended) == (True, False)
    ((uninvited,),) = [got[walked_in.pk]]
    assert (uninvited.invited, uninvited.attended) == (False, True)


def test_bulk_in_constant_queries(campaign_2026):
    def trained():
        operator = OperatorFactory()
        session(WINDOW.start, invited=[operator], attended=[operator])
        return operator

    assert assert_constant_queries(facts.training, trained) == 2
    for n in (1, 30):
        Enrolment.objects.bulk_create(
            Enrolment(campaign=campaign_2026, operator=OperatorFactory(), kind="livestream")
            for _ in range(n)
        )
        count, got = counted(lambda: facts.enrolments(campaign_2026.pk))
        assert count == 1 and got
