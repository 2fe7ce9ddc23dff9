"""What supervision shows on other apps' pages (found by ``fangxin.core.discovery``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core.scoping import visible

from .models import Inspection, RectificationOrder


def home_cards(user) -> list[dict]:
    cards = []
    if user.has_perm("supervision.record_inspection"):
        # An inspector's own tasks (visible() narrows an inspector to the inspections he is
        # assigned to); for a station or the office, its tasks not yet recorded.
        waiting = visible(user, Inspection).filter(status=Inspection.Status.PLANNED).count()
        cards.append(
            {
                "label": _("待检查的任务"),
                "value": waiting,
                "url": reverse("supervision:inspection-list") + "?status=planned",
            }
        )
    if user.has_perm("supervision.answer_order"):
        orders = visible(user, RectificationOrder)
        overdue = orders.overdue(timezone.localdate()).count()
        cards.append(
            {
                "label": _("待整改的通知"),
                "value": orders.filter(status__in=RectificationOrder.AWAITING_OPERATOR).count(),
                "url": reverse("supervision:order-list") + "?status=issued",
            }
        )
        if overdue:
            cards.append(
                {
                    "label": _("已逾期的整改"),
                    "value": overdue,
                    "url": reverse("supervision:order-list") + "?overdue=true",
                }
            )
    return cards
