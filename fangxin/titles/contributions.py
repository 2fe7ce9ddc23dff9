"""What titles adds to other apps' pages (found by ``fangxin.core.discovery``) and its entries
in the navigation bar.

``decide_veto`` is the office's veto decision as supervision's pages and API take it:
supervision sits below titles and cannot import it, so its veto list page and its
``veto-events/<pk>/decide/`` action call ``supervision.services.take_veto_decision``, which
hands the decision to this hook when titles is installed (a confirmation then revokes the
holder's titles in the same transaction) and records the bare decision otherwise.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """The office's notices and the operator's titles, before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items = [
        NavItem(_("称号公示"), "titles:notices", "titles.publish_notice"),
        NavItem(_("称号管理"), "titles:register", "titles.view_titles"),
        NavItem(_("我的称号"), "titles:mine", "titles.view_own_titles"),
    ]
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)


def decide_veto(user, event, confirm: bool, reason: str):
    from . import services

    return services.decide_veto(user, event, confirm, reason)


def home_cards(user) -> list[dict]:
    """The office: objections waiting for a decision; an operator: its valid titles."""
    from .models import Objection, Reevaluation, Reply, Title

    if user.has_perm("titles.resolve_objection"):
        cards = []
        waiting = Objection.objects.filter(status=Objection.Status.OPEN)
        first = waiting.order_by("pk").first()
        if first is not None:
            cards.append(
                {
                    "label": _("待处理的公示异议"),
                    "value": waiting.count(),
                    "url": reverse("titles:notice", args=[first.candidate.notice_id]),
                }
            )
        if user.has_perm("titles.decide_reevaluation"):
            open_rows = Reevaluation.objects.filter(status=Reevaluation.Status.OPEN).count()
            if open_rows:
                cards.append(
                    {
                        "label": _("待决定的复核申请"),
                        "value": open_rows,
                        "url": reverse("titles:reevaluations"),
                    }
                )
        if user.has_perm("titles.decide_reply"):
            pending = Reply.objects.filter(status=Reply.Status.PENDING).count()
            if pending:
                cards.append(
                    {"label": _("待审核的申辩"), "value": pending, "url": reverse("titles:replies")}
                )
        return cards
    if not user.operator_id:
        return []

    valid = Title.objects.filter(operator_id=user.operator_id, status=Title.Status.VALID)
    count = valid.count()
    if not count:
        return []
    return [{"label": _("有效称号"), "value": count, "url": reverse("titles:mine")}]
