from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "fangxin.programme"
    label = "programme"
    verbose_name = _("培育年度")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Campaign,
            models.Phase,
            models.GuideVersion,
            models.RequirementArea,
            models.Requirement,
            models.Enrolment,
            models.Training,
        ):
            auditlog.register(model)
        from . import (
            pages,
            permissions,  # noqa: F401 - registers the action permissions
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
