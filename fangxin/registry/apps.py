from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "fangxin.registry"
    label = "registry"
    verbose_name = _("培育对象")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core import scoping
        from fangxin.core.roles import Role

        from .models import (
            GroupLeader,
            Licence,
            Operator,
            OperatorEvent,
            PickupPoint,
            PlatformAccount,
            ProfileChange,
            Studio,
        )

        auditlog.register(Operator, mask_fields=["legal_rep_id_number", "contact_phone"])
        auditlog.register(Licence)
        auditlog.register(PlatformAccount)
        auditlog.register(Studio)
        auditlog.register(PickupPoint, mask_fields=["contact_phone"])
        auditlog.register(GroupLeader, mask_fields=["phone"])
        auditlog.register(ProfileChange)

        def active_pool(user):
            return Q(status=Operator.Status.ACTIVE)

        # Outside roles see the pool of active operators (names and kinds; personal data stays
        # masked, see fangxin.registry.masking); the public sees none of the registry itself.
        outside = {
            Role.PARTNER: active_pool,
            Role.EVALUATOR: active_pool,
            Role.ASSOCIATION: active_pool,
            Role.MONITOR: active_pool,
        }
        scoping.register(Operator, area="area", operator="pk", roles=outside)
        for child in (
            OperatorEvent,
            Licence,
            PlatformAccount,
            Studio,
            PickupPoint,
            GroupLeader,
            ProfileChange,
        ):
            scoping.register(child, area="operator__area", operator="operator_id")

        from . import pages

        pages.register()
