"""Which supervision rows each role sees (``fangxin.core.scoping``); imported once by the app."""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.models import Station
from fangxin.core.roles import STATION_ROLES, Role

from .models import (
    Case,
    Contradiction,
    DrawPlan,
    Finding,
    Inspection,
    Measure,
    RectificationOrder,
    Sample,
    VetoEvent,
    WatchEntry,
)

NOTHING = Q(pk__in=[])


def nothing(user) -> Q:
    return NOTHING


# An inspector sees his own tasks; a partner department the joint inspections it joins.
def own_tasks(user) -> Q:
    return Q(inspectors=user)


def joint(user) -> Q:
    return Q(partner_departments=user.partner_department_id)


def own_task_findings(user) -> Q:
    return Q(inspection__inspectors=user)


def joint_findings(user) -> Q:
    return Q(inspection__partner_departments=user.partner_department_id)


def confirmed_own_vetoes(user) -> Q:
    return Q(operator_id=user.operator_id, status=VetoEvent.Status.CONFIRMED)


def own_station_plans(user) -> Q:
    return Q(station_id=user.station_id)


scoping.register(WatchEntry, area="operator__area", operator="operator_id")
# A published inspection's result is a public record (结果公示).
scoping.register(
    Inspection,
    area="operator__area",
    operator="operator_id",
    public=Q(status=Inspection.Status.PUBLISHED),
    roles={Role.INSPECTOR: own_tasks, Role.PARTNER: joint},
)
scoping.register(
    Finding,
    area="operator__area",
    operator="operator_id",
    roles={Role.INSPECTOR: own_task_findings, Role.PARTNER: joint_findings},
)
for model in (Sample, RectificationOrder, Measure, Contradiction):
    scoping.register(model, area="operator__area", operator="operator_id")
# Cases and veto proposals are the regulator's until decided and published.
scoping.register(Case, area="operator__area", roles={Role.OPERATOR: nothing})
scoping.register(
    VetoEvent,
    area="operator__area",
    operator="operator_id",
    roles={Role.OPERATOR: confirmed_own_vetoes},
)
# Frozen and drawn plans are public records; drafts belong to their authors' station.
scoping.register(
    DrawPlan,
    public=Q(
        status__in=[
            DrawPlan.Status.FROZEN,
            DrawPlan.Status.DRAWN,
            DrawPlan.Status.CANCELLED,
        ]
    )
    & Q(draw__isnull=False),
    roles={Role.STATION: own_station_plans, Role.INSPECTOR: own_station_plans},
)


def dashboard_stations(user):
    """The stations a regulator's dashboard has a row for: a station's people see their own."""
    stations = Station.objects.order_by("code")
    if user.role in STATION_ROLES:
        stations = stations.filter(pk=user.station_id)
    return stations
