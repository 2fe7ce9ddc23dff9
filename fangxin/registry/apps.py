from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "fangxin.registry"
    label = "registry"
    verbose_name = _("培育对象")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import (
            GroupLeader,
            Licence,
            Operator,
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

        from . import (
            pages,
            permissions,  # noqa: F401 - registers the action permissions
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
