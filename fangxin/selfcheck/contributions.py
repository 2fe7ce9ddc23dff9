"""What self-inspection shows on other apps' pages (found by ``fangxin.core.discovery``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fangxin.core.scoping import visible

from .models import SelfInspection


def home_cards(user) -> list[dict]:
    if user.has_perm("selfcheck.fill"):
        latest = visible(user, SelfInspection).order_by("-enrolment__campaign__year").first()
        if not latest:
            return []
        return [
            {
                "label": _("自查自纠"),
                "value": latest.get_status_display(),
                "url": reverse("selfcheck:mine"),
            }
        ]
    if user.has_perm("selfcheck.review"):
        return [
            {
                "label": _("待审核的自查"),
                "value": visible(user, SelfInspection)
                .filter(status=SelfInspection.Status.SUBMITTED)
                .count(),
                "url": reverse("selfcheck:dashboard") + "?status=submitted#selfcheck-operators",
            }
        ]
    return []
