from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fangxin.supervision"
    label = "supervision"
    verbose_name = _("集中治理")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core import scoping
        from fangxin.core.recompute import deadlines_changed
        from fangxin.core.roles import Role

        from . import (
            deadlines,
            permissions,  # noqa: F401 - registers the action predicates
        )
        from .models import (
            Case,
            ConflictOfInterest,
            Contradiction,
            Draw,
            DrawPlan,
            Finding,
            Inspection,
            InspectionItem,
            Measure,
            OrderResponse,
            RectificationOrder,
            Sample,
            SupervisionEvidence,
            VetoEvent,
            WatchEntry,
        )

        for model in (
            WatchEntry,
            ConflictOfInterest,
            DrawPlan,
            Inspection,
            InspectionItem,
            Sample,
            Finding,
            Contradiction,
            Measure,
            RectificationOrder,
            OrderResponse,
            Case,
            VetoEvent,
            SupervisionEvidence,
        ):
            auditlog.register(model)
        auditlog.register(Draw, exclude_fields=["secret"])
        deadlines_changed.connect(
            deadlines.on_deadlines_changed, dispatch_uid="fangxin.supervision.deadlines"
        )
        scoping.register(WatchEntry, area="operator__area", operator="operator_id")

        nothing = Q(pk__in=[])

        def own_tasks(user):
            return Q(inspectors=user)

        def joint(user):
            return Q(partner_departments=user.partner_department_id)

        # An inspector sees his own tasks; a partner department the joint inspections it joins.
        scoping.register(
            Inspection,
            area="operator__area",
            operator="operator_id",
            roles={Role.INSPECTOR: own_tasks, Role.PARTNER: joint},
        )
        scoping.register(
            Finding,
            area="operator__area",
            operator="operator_id",
            roles={
                Role.INSPECTOR: lambda user: Q(inspection__inspectors=user),
                Role.PARTNER: lambda user: Q(
                    inspection__partner_departments=user.partner_department_id
                ),
            },
        )
        for model in (Sample, RectificationOrder, Contradiction):
            scoping.register(model, area="operator__area", operator="operator_id")
        # Cases and veto proposals are the regulator's until decided and published.
        scoping.register(Case, area="operator__area", roles={Role.OPERATOR: lambda u: nothing})
        scoping.register(
            VetoEvent,
            area="operator__area",
            operator="operator_id",
            roles={Role.OPERATOR: lambda u: Q(operator_id=u.operator_id, status="confirmed")},
        )

        def own_station_plans(user):
            return Q(station_id=user.station_id)

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

        from . import pages

        pages.register()
