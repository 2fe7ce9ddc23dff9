from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "fangxin.programme"
    label = "programme"
    verbose_name = _("培育年度")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core import scoping

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
        everyone = Q()
        # Campaigns and the guide are public programme documents.
        scoping.register(models.Campaign, public=everyone, roles=_all_roles(everyone))
        scoping.register(
            models.Enrolment,
            area="operator__area",
            operator="operator_id",
            roles=_outside_roles(),
        )
        scoping.register(models.Training, roles=_training_roles())

        from . import pages

        pages.register()


def _all_roles(q):
    from fangxin.core.roles import Role

    return {role: (lambda user, q=q: q) for role in Role}


def _outside_roles():
    from fangxin.core.roles import Role

    def enrolled(user):
        return Q(status="enrolled")

    return {r: enrolled for r in (Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR)}


def _training_roles():
    from fangxin.core.roles import Role

    def station(user):
        # Sessions the office organises concern every station.
        return Q(station_id=user.station_id) | Q(station__isnull=True)

    def operator(user):
        return Q(invited=user.operator_id) | Q(attended=user.operator_id)

    return {Role.STATION: station, Role.INSPECTOR: station, Role.OPERATOR: operator}
