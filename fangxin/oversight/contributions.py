"""What oversight adds to other apps' pages (found by ``fangxin.core.discovery``) and its entries
in the staff navigation."""

from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """Oversight's staff pages, before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items: list[NavItem] = []
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)


def _register_dashboard_navigation() -> None:
    """The campaign dashboard (and the summary report from it), before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    if any(item.url_name == "oversight:dashboard" for item in NAV_ITEMS):
        return
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    NAV_ITEMS.insert(at, NavItem(_("年度统计"), "oversight:dashboard", "oversight.view_dashboard"))


_nav_before_dashboard = register_navigation


def register_navigation() -> None:
    _nav_before_dashboard()
    _register_dashboard_navigation()
