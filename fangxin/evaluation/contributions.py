"""What evaluation adds to other apps' pages (found by ``fangxin.core.discovery``) and its
entries in the navigation bar."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core.permissions import is_association
from fangxin.core.scoping import visible


def register_navigation() -> None:
    """The office's results page and the operator's own scores, before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items = [
        NavItem(_("考评结果"), "evaluation:results-current", "evaluation.view_results"),
        NavItem(_("我的评分"), "evaluation:mine", "evaluation.view_own_scores"),
        NavItem(_("考评组评分"), "evaluation:my-panels", "evaluation.score_as_member"),
        # The office holds score_industry too, and reaches the page from the results.
        NavItem(
            _("行业评议"),
            "evaluation:industry-current",
            "evaluation.score_industry",
            shown_to=is_association,
        ),
    ]
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)


def home_cards(user) -> list[dict]:
    """The office: this campaign's candidates for the title; an operator: its latest score."""
    from fangxin.programme.models import Campaign

    from .models import Score

    if user.has_perm("evaluation.view_results"):
        campaign = Campaign.current(timezone.localdate())
        if campaign is None:
            return []
        scores = Score.objects.filter(enrolment__campaign=campaign)
        if not scores.exists():
            return []
        return [
            {
                "label": _("%(year)s年度拟授牌") % {"year": campaign.year},
                "value": scores.filter(candidate=True).count(),
                "url": reverse("evaluation:results", args=[campaign.year]),
            }
        ]
    if user.operator_id:
        latest = (
            visible(user, Score)
            .select_related("enrolment__campaign")
            .order_by("-enrolment__campaign__year", "enrolment__kind")
            .first()
        )
        if latest is None:
            return []
        return [
            {
                "label": _("%(year)s年度评价得分") % {"year": latest.enrolment.campaign.year},
                "value": latest.published,
                "url": reverse("evaluation:ledger", args=[latest.enrolment_id]),
            }
        ]
    return []
