from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_grounds(sender, **kwargs) -> None:
    from . import reasons

    # The grounds for not accepting ship as data; missing versions are added, edited ones kept.
    reasons.load()


def _unconfirmed_grounds(on) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from . import reasons

    unchecked = reasons.unconfirmed_in_force(on)
    if not unchecked:
        return []
    first = unchecked[0]
    return [
        {
            "name": _("不予受理情形（%d项）") % len(unchecked),
            "effective_from": first.effective_from,
            "source": first.source,
            "note": first.note,
            "url": reverse("admin:complaints_notacceptedground_changelist") + "?confirmed__exact=0",
        }
    ]


class ComplaintsConfig(AppConfig):
    name = "fangxin.complaints"
    label = "complaints"
    verbose_name = _("投诉举报")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fangxin.core import periods
        from fangxin.core.recompute import deadlines_changed

        from . import deadlines
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
        deadlines_changed.connect(
            deadlines.on_deadlines_changed, dispatch_uid="fangxin.complaints.deadlines"
        )
        post_migrate.connect(_load_grounds, sender=self, dispatch_uid="fangxin.complaints.grounds")
        if _unconfirmed_grounds not in periods.OTHER_UNCONFIRMED:
            periods.OTHER_UNCONFIRMED.append(_unconfirmed_grounds)

        from . import (
            pages,
            permissions,  # noqa: F401 - registers who may do what
            scopes,  # noqa: F401 - registers who sees which rows
        )

        pages.register()
