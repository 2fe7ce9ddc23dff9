"""What oversight adds to other apps' pages (found by ``fangxin.core.discovery``) and its entries
in the staff navigation."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """Oversight's staff pages, before the inbox entry: the campaign dashboard (and the summary
    report from it), public-opinion incidents, publicity and meetings, the red and black list,
    key supervision targets and risk classes, credit punishment."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items = [
        NavItem(_("年度统计"), "oversight:dashboard", "oversight.view_dashboard"),
        NavItem(_("舆情事件"), "oversight:incident-list", "oversight.view_incidents"),
        NavItem(_("宣传与会议"), "oversight:publicity", "oversight.view_publicity"),
        NavItem(_("红黑榜"), "oversight:lists", "oversight.view_lists"),
        NavItem(_("重点监管"), "oversight:targets", "oversight.view_targets"),
        NavItem(_("失信惩戒"), "oversight:punishments", "oversight.view_punishments"),
    ]
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)


def title_exclusions(operator_ids, on) -> dict[int, str]:
    """For titles (below oversight, so found by name): operators a ``no_titles`` measure keeps
    from a title on ``on``."""
    from .facts import excluded_by

    return excluded_by("no_titles", operator_ids, on)


def promotion_exclusions(operator_ids, on) -> dict[int, str]:
    """For the public site's good-practice stories: operators a ``no_promotion`` measure keeps
    from being promoted on ``on``."""
    from .facts import excluded_by

    return excluded_by("no_promotion", operator_ids, on)
