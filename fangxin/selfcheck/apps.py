from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfcheckConfig(AppConfig):
    name = "fangxin.selfcheck"
    label = "selfcheck"
    verbose_name = _("自查自纠")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Answer, Evidence, SelfInspection

        for model in (SelfInspection, Answer, Evidence):
            auditlog.register(model)
        from . import (
            pages,
            permissions,  # noqa: F401 - registers the action permissions
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
