"""What evaluation adds to other apps' pages (found by ``fangxin.core.discovery``) and its
entries in the navigation bar."""

from django.utils.translation import gettext_lazy as _

from fangxin.core.roles import Role


def register_navigation() -> None:
    """The office's results page and the operator's own scores, before the inbox entry."""
    from fangxin.core.navigation import NAV_ITEMS, NavItem

    names = {item.url_name for item in NAV_ITEMS}
    items = [
        NavItem(_("考评结果"), "evaluation:results-current", "evaluation.view_results"),
        NavItem(_("我的评分"), "evaluation:mine", roles=frozenset({Role.OPERATOR})),
    ]
    at = next((i for i, item in enumerate(NAV_ITEMS) if item.url_name == "inbox"), len(NAV_ITEMS))
    for item in reversed(items):
        if item.url_name not in names:
            NAV_ITEMS.insert(at, item)
