from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "fangxin.titles"
    label = "titles"
    verbose_name = _("称号")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Notice, models.Objection, models.Title):
            auditlog.register(model)
        from . import (
            contributions,
            permissions,  # noqa: F401 - registers the named permissions
            scopes,  # noqa: F401 - registers who sees which rows
        )

        contributions.register_navigation()
