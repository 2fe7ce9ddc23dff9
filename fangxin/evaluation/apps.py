from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "fangxin.evaluation"
    label = "evaluation"
    verbose_name = _("评价")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Ledger entries are audited by the services that write by hand (``services.audit``):
        # the automatic lines are derived data, replaced wholesale by each recomputation.
        for model in (models.Rubric, models.ScoringClosure, models.PanelScore):
            auditlog.register(model)
        from . import (
            contributions,
            pages,
            permissions,  # noqa: F401 - registers the named permissions
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
        contributions.register_navigation()
