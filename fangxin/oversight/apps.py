from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Oversight and the year's end: the red and black list, the watch list from results,
    credit risk classes, credit punishment, public-opinion incidents, publicity records,
    dashboards and the summary report. It sits above titles and reads the apps below it
    through their facts; the public site (disclosure) sits above it."""

    name = "fangxin.oversight"
    label = "oversight"
    verbose_name = _("监督总结")

    def ready(self) -> None:
        from . import (
            contributions,
            permissions,  # noqa: F401 - registers the named permissions
        )

        contributions.register_navigation()
        from auditlog.registry import auditlog

        from . import (
            incident_wiring,
            scopes,  # noqa: F401 - registers who sees which rows
        )
        from .models import lists

        incident_wiring.register()

        for model in (lists.ListRule, lists.ListSettings, lists.ListPublication, lists.ListEntry):
            auditlog.register(model)
        auditlog.register(lists.BlackListExit)
