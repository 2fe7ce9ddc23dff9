"""Which monitoring rows each role sees (``fangxin.core.scoping``); imported once by the app.

The office and the responsible station see material, results and licence-display checks; a
monitor what it handed in or checked; the operator none of it (it sees the confirmed findings,
as findings, and what a failed check cost it in its ledger).
"""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models import Hit, LicenceCheck, Material, RuleSet


def nothing(user) -> Q:
    return Q(pk__in=[])


def everything(user) -> Q:
    return Q()


def own_material(user) -> Q:
    return Q(uploaded_by=user)


def hits_in_own_material(user) -> Q:
    return Q(material__uploaded_by=user)


def own_checks(user) -> Q:
    return Q(checked_by=user)


scoping.register(
    Material, area="operator__area", roles={Role.MONITOR: own_material, Role.OPERATOR: nothing}
)
scoping.register(
    Hit,
    area="material__operator__area",
    roles={Role.MONITOR: hits_in_own_material, Role.OPERATOR: nothing},
)
scoping.register(RuleSet, roles={Role.MONITOR: everything, Role.STATION: everything})
# A licence-display check like material: the office all, a station its area, a monitor the
# checks it made; the operator reads what a failed check cost it in its ledger.
scoping.register(
    LicenceCheck, area="operator__area", roles={Role.MONITOR: own_checks, Role.OPERATOR: nothing}
)
