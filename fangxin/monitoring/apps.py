from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "fangxin.monitoring"
    label = "monitoring"
    verbose_name = _("第三方监测")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models import Q

        from fangxin.core import scoping
        from fangxin.core.roles import Role

        from .models import Hit, Material, RuleSet

        auditlog.register(RuleSet, exclude_fields=["files"])
        auditlog.register(Material)
        auditlog.register(Hit)
        nothing = Q(pk__in=[])
        # The office and the responsible station see material and results; a monitor what it
        # handed in; the operator none of it (it sees the confirmed findings, as findings).
        scoping.register(
            Material,
            area="operator__area",
            roles={
                Role.MONITOR: lambda u: Q(uploaded_by=u),
                Role.OPERATOR: lambda u: nothing,
            },
        )
        scoping.register(
            Hit,
            area="material__operator__area",
            roles={
                Role.MONITOR: lambda u: Q(material__uploaded_by=u),
                Role.OPERATOR: lambda u: nothing,
            },
        )
        scoping.register(
            RuleSet,
            roles={Role.MONITOR: lambda u: Q(), Role.STATION: lambda u: Q()},
        )

        from . import pages

        pages.register()
