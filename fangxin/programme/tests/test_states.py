"""An enrolment moves only along its table, each move writing one structured timeline line."""

import pytest
from django.core.exceptions import ValidationError

from fangxin.core.roles import Role
from fangxin.programme import services, states
from fangxin.programme.models import Enrolment, PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def moves(enrolment) -> list[tuple[str, str]]:
    rows = OperatorEvent.objects.filter(
        data__model="programme.enrolment", data__id=enrolment.pk, data__field="status"
    ).order_by("pk")
    return [(row.data["from"], row.data["to"]) for row in rows]


def test_approving_an_application_is_one_move(office, make_user):
    operator = OperatorFactory(livestream=True)
    campaign = services.create_campaign(office, 2024)
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    enrolment = services.apply_to_enrol(
        make_user(Role.OPERATOR, operator=operator), campaign, "livestream"
    )
    station = make_user(Role.STATION, station=operator.area.station)
    count = operator.events.count()
    services.approve_enrolment(station, enrolment)
    assert operator.events.count() == count + 1
    assert moves(enrolment) == [("applied", "enrolled")]
    assert operator.events.latest("pk").kind == OperatorEvent.Kind.ENROLLED
    assert all(states.ENROLMENT.allows(*move) for move in moves(enrolment))

    # Approving it again is a move the table does not list: refused, nothing written.
    with pytest.raises(ValidationError) as refused:
        services.approve_enrolment(station, enrolment)
    assert refused.value.messages == ["状态为“已纳入”的培育对象名单不能变为“已纳入”。"]
    assert operator.events.count() == count + 1
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED


def test_enrolling_again_moves_only_a_withdrawn_enrolment(office):
    operator = OperatorFactory(livestream=True)
    campaign = services.create_campaign(office, 2024)
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    services.enrol(office, campaign, [operator], "livestream")
    enrolment = operator.enrolments.get()
    assert moves(enrolment) == []  # created enrolled: a line, not a move
    services.enrol(office, campaign, [operator], "livestream")
    assert moves(enrolment) == []  # already enrolled: skipped, no move
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    services.enrol(office, campaign, [operator], "livestream")
    assert moves(enrolment) == [("withdrawn", "enrolled")]
    assert operator.events.filter(kind=OperatorEvent.Kind.ENROLLED).count() == 2
