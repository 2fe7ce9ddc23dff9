"""What oversight adds to other apps' pages (found by ``fangxin.core.discovery``) and its entries
in the staff navigation."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """Oversight's staff pages, before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items: list[NavItem] = []
    # Key supervision targets from results, risk classes, credit punishment (issue 16 2-4).
    items += [
        NavItem(_("重点监管"), "oversight:targets", "oversight.view_targets"),
        NavItem(_("失信惩戒"), "oversight:punishments", "oversight.view_punishments"),
    ]
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)
