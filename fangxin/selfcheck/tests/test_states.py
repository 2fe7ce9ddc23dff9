"""A self-inspection moves only along its table, each move writing one structured line."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.registry.models import OperatorEvent
from fangxin.registry.services import move
from fangxin.selfcheck import services, states
from fangxin.selfcheck.models import SelfInspection
from fangxin.selfcheck.tests.conftest import complete_answers

pytestmark = pytest.mark.django_db


def moves(inspection) -> list[tuple[str, str]]:
    rows = OperatorEvent.objects.filter(
        data__model="selfcheck.selfinspection", data__id=inspection.pk, data__field="status"
    ).order_by("pk")
    return [(row.data["from"], row.data["to"]) for row in rows]


def test_submit_return_resubmit_accept_are_four_moves_of_the_table(enrolled):
    user, station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    target = timezone.localdate() + timedelta(days=20)
    services.save_answers(user, inspection, complete_answers(inspection, True, target))
    operator = enrolment.operator
    count = operator.events.count()
    services.submit(user, inspection)
    services.review(station, inspection, accept=False, comment="请补充照片")
    services.submit(user, inspection)
    services.review(station, inspection, accept=True)
    assert moves(inspection) == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    assert operator.events.count() == count + 4
    assert set(operator.events.values_list("kind", flat=True)) == {
        OperatorEvent.Kind.ENROLLED,
        OperatorEvent.Kind.SELFCHECK,
    }
    assert all(states.SELF_INSPECTION.allows(*m) for m in moves(inspection))


def test_an_accepted_self_inspection_cannot_move_back(enrolled):
    user, station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    services.save_answers(user, inspection, complete_answers(inspection))
    services.submit(user, inspection)
    services.review(station, inspection, accept=True)
    count = OperatorEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        move(inspection, SelfInspection.Status.RETURNED, table=states.SELF_INSPECTION, kind="x")
    assert refused.value.messages == ["状态为“已通过”的自查自纠不能变为“已退回”。"]
    assert SelfInspection.objects.get(pk=inspection.pk).status == SelfInspection.Status.ACCEPTED
    assert OperatorEvent.objects.count() == count
