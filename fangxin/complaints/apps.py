from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "fangxin.complaints"
    label = "complaints"
    verbose_name = _("投诉举报")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models import Q

        from fangxin.core import scoping
        from fangxin.core.roles import Role

        from . import states
        from .models import Complaint, ComplaintEvidence, FollowUp

        # The audit trail is permanent: the complainant's data goes in masked, and the PIN an
        # anonymous informant was shown once not at all.
        auditlog.register(
            Complaint,
            mask_fields=["complainant_name", "complainant_phone"],
            exclude_fields=["lookup_tail"],
        )
        auditlog.register(FollowUp)
        auditlog.register(ComplaintEvidence)

        def handling_station(user):
            return Q(station_id=user.station_id) if user.station_id else Q(pk__in=[])

        def operator_side(user):
            # An operator sees the complaints against it once accepted, to take part in
            # mediation; never a tip-off, whose informant the law protects.
            return Q(
                operator_id=user.operator_id,
                kind=states.COMPLAINT,
                status__in=[
                    states.ACCEPTED,
                    states.MEDIATING,
                    states.MEDIATED,
                    states.MEDIATION_FAILED,
                    states.CLOSED,
                ],
            ) & Q(decided_on__isnull=False, not_accepted_reason="")

        roles = {
            Role.STATION: handling_station,
            Role.INSPECTOR: handling_station,
            Role.OPERATOR: operator_side,
        }
        scoping.register(Complaint, roles=roles)
        scoping.register(
            FollowUp,
            roles={
                Role.STATION: lambda u: Q(complaint__station_id=u.station_id),
                Role.INSPECTOR: lambda u: Q(complaint__station_id=u.station_id),
            },
        )
        scoping.register(
            ComplaintEvidence,
            roles={
                Role.STATION: lambda u: Q(complaint__station_id=u.station_id),
                Role.INSPECTOR: lambda u: Q(complaint__station_id=u.station_id),
            },
        )

        from . import pages

        pages.register()
