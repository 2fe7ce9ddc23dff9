"""The incident's status table (no Django) and one typed event row per move."""

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.oversight import incidents, states
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory

T = states.INCIDENT


def test_the_table():
    assert T.allows("recorded", "major") and T.allows("recorded", "not_major")
    assert T.allows("major", "interviewed") and T.allows("interviewed", "closed")
    assert T.allows("not_major", "closed")
    # No interview without a major judgement, no re-judging, a closed incident is final.
    for current, target in [
        ("recorded", "interviewed"),
        ("not_major", "interviewed"),
        ("recorded", "closed"),
        ("major", "closed"),
        ("major", "not_major"),
        ("not_major", "major"),
        ("closed", "recorded"),
    ]:
        assert not T.allows(current, target), (current, target)
    assert T.targets("closed") == frozenset()


@pytest.mark.django_db
def test_each_move_writes_one_typed_event_row(make_user, office):
    operator = OperatorFactory()
    station = make_user(Role.STATION, station=operator.area.station)
    incident = incidents.record_incident(
        station, operator, source="media", occurred_on=timezone.localdate(), summary="报道"
    )
    incidents.judge_incident(office, incident, False, "影响较小")
    incidents.close_incident(station, incident, "已回访")
    moves = [
        (e.data["from"], e.data["to"], e.data["model"], e.kind)
        for e in OperatorEvent.objects.filter(operator=operator, data__field="status").order_by(
            "pk"
        )
    ]
    assert moves == [
        ("recorded", "not_major", "oversight.incident", "public_opinion"),
        ("not_major", "closed", "oversight.incident", "public_opinion"),
    ]
