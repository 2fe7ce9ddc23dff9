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
        from fangxin.core.roles import Role

        from .models import ConflictOfInterest, Draw, DrawPlan, WatchEntry

        for model in (WatchEntry, ConflictOfInterest, DrawPlan):
            auditlog.register(model)
        auditlog.register(Draw, exclude_fields=["secret"])
        scoping.register(WatchEntry, area="operator__area", operator="operator_id")

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
