from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfcheckConfig(AppConfig):
    name = "fangxin.selfcheck"
    label = "selfcheck"
    verbose_name = _("自查自纠")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core import scoping

        from .models import Answer, Evidence, SelfInspection

        for model in (SelfInspection, Answer, Evidence):
            auditlog.register(model)
        scoping.register(
            SelfInspection, area="enrolment__operator__area", operator="enrolment__operator_id"
        )
        scoping.register(
            Answer,
            area="inspection__enrolment__operator__area",
            operator="inspection__enrolment__operator_id",
        )
        scoping.register(
            Evidence,
            area="answer__inspection__enrolment__operator__area",
            operator="answer__inspection__enrolment__operator_id",
        )

        from . import pages

        pages.register()
