"""What the public site adds to other apps' pages (found by ``fangxin.core.discovery``) and its
entries in the public navigation bar."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """The front door first, then finding a seller and verifying a certificate."""
    from fangxin.core.navigation import PUBLIC_ITEMS, NavItem

    names = {item.url_name for item in PUBLIC_ITEMS}
    items = [
        NavItem(_("首页"), "front"),
        NavItem(_("查找放心商家"), "disclosure:sellers"),
        NavItem(_("证书核验"), "public-titles:verify-query"),
    ]
    for item in reversed(items):
        if item.url_name not in names:
            PUBLIC_ITEMS.insert(0, item)


def verification_page(request, certificate_no: str) -> str:
    """Under a certificate's verification page: its live badge and the snippet a storefront
    copies to show it."""
    from .views import public_url

    return render_to_string(
        "disclosure/_badge_snippet.html",
        {
            "certificate_no": certificate_no,
            "svg_url": public_url(request, "disclosure:badge-svg", certificate_no),
            "png_url": public_url(request, "disclosure:badge-png", certificate_no),
            "verify_url": public_url(request, "public-titles:verify", certificate_no),
        },
        request=request,
    )
