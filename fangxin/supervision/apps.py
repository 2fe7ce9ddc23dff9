from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "fangxin.supervision"
    label = "supervision"
    verbose_name = _("集中治理")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core.recompute import deadlines_changed

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
        from . import (
            pages,
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
