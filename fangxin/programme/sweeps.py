"""Periodic work for campaigns: tell operators when a phase opens (once per phase)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.roles import Role
from fangxin.registry.models import Operator

from .models import Enrolment, Phase, PhaseCode


def send_phase_openings(today: date) -> int:
    sent = 0
    opened = Phase.objects.filter(
        starts_on__lte=today, ends_on__gte=today, opened_notice_sent_at__isnull=True
    ).select_related("campaign")
    for phase in opened:
        if not Phase.objects.filter(pk=phase.pk, opened_notice_sent_at__isnull=True).update(
            opened_notice_sent_at=timezone.now()
        ):
            continue  # another worker claimed it
        if phase.code == PhaseCode.MOBILISATION:
            operators = Operator.objects.filter(status=Operator.Status.ACTIVE)
        else:
            operators = Operator.objects.filter(
                enrolments__campaign=phase.campaign,
                enrolments__status=Enrolment.Status.ENROLLED,
            )
        users = User.objects.filter(
            role=Role.OPERATOR, is_active=True, operator__in=operators
        ).distinct()
        notify_users(
            users,
            _("%(year)s年度“%(phase)s”阶段开始")
            % {"year": phase.campaign.year, "phase": phase.get_code_display()},
            _("“%(phase)s”阶段自%(start)s起至%(end)s止，请按工作指南要求做好相关工作。")
            % {
                "phase": phase.get_code_display(),
                "start": phase.starts_on,
                "end": phase.effective_end,
            },
            link=reverse("programme:campaign-detail", args=[phase.campaign.year]),
        )
        sent += 1
    return sent


def run(today: date) -> dict[str, int]:
    return {"phase_openings": send_phase_openings(today)}
