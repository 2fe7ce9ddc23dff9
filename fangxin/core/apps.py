from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from django.apps import apps

    from .roles import sync_role_groups

    # post_migrate fires once per app; only after the last one does every permission exist.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        from . import periods

        sync_role_groups()
        # Statutory periods ship as data; missing versions are added, edited ones kept.
        periods.load()


class CoreConfig(AppConfig):
    name = "fangxin.core"
    label = "core"
    verbose_name = _("基础设置")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Station,
            models.Area,
            models.PartnerDepartment,
            models.CalendarYear,
            models.CalendarDay,
            models.PeriodRule,
        ):
            auditlog.register(model)
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
        )
        post_migrate.connect(_sync_roles, dispatch_uid="fangxin.sync_roles")

        from . import permissions  # noqa: F401 - registers core's action permissions
