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

        from .models import Operator, OperatorEvent

        auditlog.register(Operator, mask_fields=["legal_rep_id_number", "contact_phone"])

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
        scoping.register(OperatorEvent, area="operator__area", operator="operator_id")
