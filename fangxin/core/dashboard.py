"""The counts on each role's home page, all read through the scoping gate."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.registry.models import Licence, Operator

from .models import Station
from .roles import Role
from .scoping import visible


def home_cards(user) -> list[dict]:
    operators = visible(user, Operator)
    cards = []
    if user.role == Role.OPERATOR:
        operator = operators.select_related("area__station").first()
        if operator:
            mine = reverse("registry:my-operator")
            cards.append(
                {"label": _("我的状态"), "value": operator.get_status_display(), "url": mine}
            )
            cards.append(
                {"label": _("负责监管所"), "value": operator.area.station.name, "url": mine}
            )
            from fangxin.selfcheck.models import SelfInspection

            latest = visible(user, SelfInspection).order_by("-enrolment__campaign__year").first()
            if latest:
                cards.append(
                    {
                        "label": _("自查自纠"),
                        "value": latest.get_status_display(),
                        "url": reverse("selfcheck:mine"),
                    }
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
    if user.is_office or user.role == Role.STATION:
        from fangxin.selfcheck.models import SelfInspection

        cards.append(
            {
                "label": _("待审核的自查"),
                "value": visible(user, SelfInspection)
                .filter(status=SelfInspection.Status.SUBMITTED)
                .count(),
                "url": reverse("selfcheck:dashboard") + "?status=submitted#selfcheck-operators",
            }
        )
    if user.is_office:
        # The stations are kept in the administration pages (with their towns and streets).
        cards.append(
            {
                "label": _("基层监管所"),
                "value": Station.objects.count(),
                "url": reverse("admin:core_station_changelist") if user.is_staff else "",
            }
        )
    return cards


def licence_alerts(user, limit: int = 20) -> list[Licence]:
    """Licences expired or expiring within 30 days, in the user's jurisdiction, soonest first."""
    if not user.has_perm("registry.view_operator"):
        return []
    soon = timezone.localdate() + timedelta(days=Licence.EXPIRY_WARNING_DAYS)
    return list(
        visible(user, Licence)
        .filter(valid_to__lte=soon, operator__status__in=["active", "applied", "suspended"])
        .select_related("operator")
        .order_by("valid_to")[:limit]
    )
