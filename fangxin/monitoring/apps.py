from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "fangxin.monitoring"
    label = "monitoring"
    verbose_name = _("第三方监测")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Hit, LicenceCheck, Material, RuleSet

        auditlog.register(RuleSet, exclude_fields=["files"])
        auditlog.register(Material)
        auditlog.register(Hit)
        auditlog.register(LicenceCheck)
        from . import (
            pages,
            permissions,  # noqa: F401 - registers who may do what
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
