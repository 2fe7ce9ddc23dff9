"""The counts on each role's home page, all read through the scoping gate."""

from datetime import timedelta

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
            cards.append({"label": _("我的状态"), "value": operator.get_status_display()})
            cards.append({"label": _("负责监管所"), "value": operator.area.station.name})
            from fangxin.selfcheck.models import SelfInspection

            latest = visible(user, SelfInspection).order_by("-enrolment__campaign__year").first()
            if latest:
                cards.append({"label": _("自查自纠"), "value": latest.get_status_display()})
        return cards
    cards.append(
        {"label": _("培育中的经营主体"), "value": operators.filter(status="active").count()}
    )
    if user.has_perm("registry.confirm_operator"):
        cards.append(
            {"label": _("待确认的申请"), "value": operators.filter(status="applied").count()}
        )
    cards.append({"label": _("直播营销"), "value": operators.filter(livestream=True).count()})
    cards.append({"label": _("社区团购"), "value": operators.filter(group_buying=True).count()})
    if user.is_office or user.role == Role.STATION:
        from fangxin.selfcheck.models import SelfInspection

        cards.append(
            {
                "label": _("待审核的自查"),
                "value": visible(user, SelfInspection)
                .filter(status=SelfInspection.Status.SUBMITTED)
                .count(),
            }
        )
    if user.is_office:
        cards.append({"label": _("基层监管所"), "value": Station.objects.count()})
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
