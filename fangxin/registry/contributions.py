"""What the registry shows on other apps' pages (found by ``fangxin.core.discovery``)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core.scoping import visible

from .models import Licence, Operator


def home_cards(user) -> list[dict]:
    operators = visible(user, Operator)
    cards = []
    if user.has_perm("registry.view_own_profile"):
        operator = operators.select_related("area__station").first()
        if operator:
            mine = reverse("registry:my-operator")
            cards.append(
                {"label": _("我的状态"), "value": operator.get_status_display(), "url": mine}
            )
            cards.append(
                {"label": _("负责监管所"), "value": operator.area.station.name, "url": mine}
            )
        return cards
    listed = reverse("registry:operator-list")
    cards.append(
        {
            "label": _("培育中的经营主体"),
            "value": operators.filter(status="active").count(),
            "url": f"{listed}?status=active",
        }
    )
    if user.has_perm("registry.confirm_operator"):
        cards.append(
            {
                "label": _("待确认的申请"),
                "value": operators.filter(status="applied").count(),
                "url": f"{listed}?status=applied",
            }
        )
    cards.append(
        {
            "label": _("直播营销"),
            "value": operators.filter(livestream=True).count(),
            "url": f"{listed}?kind=livestream",
        }
    )
    cards.append(
        {
            "label": _("社区团购"),
            "value": operators.filter(group_buying=True).count(),
            "url": f"{listed}?kind=group_buying",
        }
    )
    return cards


def home_panels(user) -> list[dict]:
    alerts = licence_alerts(user)
    if not alerts:
        return []
    return [{"template": "registry/home_licence_alerts.html", "licences": alerts}]


def licence_alerts(user, limit: int = 20) -> list[Licence]:
    """Licences expired or expiring within 30 days, in the user's jurisdiction, soonest first."""
    if not user.has_perm("registry.browse_operators"):
        return []
    soon = timezone.localdate() + timedelta(days=Licence.EXPIRY_WARNING_DAYS)
    return list(
        visible(user, Licence)
        .filter(valid_to__lte=soon, operator__status__in=["active", "applied", "suspended"])
        .select_related("operator")
        .order_by("valid_to")[:limit]
    )
