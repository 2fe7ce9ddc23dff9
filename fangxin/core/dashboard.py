"""The counts and panels on each role's home page, gathered from the apps.

Each app contributes ``home_cards(user)`` (a list of ``{"label", "value", "url"}``) and
``home_panels(user)`` (a list of ``{"template", …}`` rendered under the cards) in its
``contributions`` module, reading through the scoping gate; core adds its own last.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .discovery import contributions
from .models import Station


def home_cards(user) -> list[dict]:
    cards = [card for contribute in contributions("home_cards") for card in contribute(user)]
    if user.has_perm("core.manage_areas"):
        # The stations are kept in the administration pages (with their towns and streets).
        cards.append(
            {
                "label": _("基层监管所"),
                "value": Station.objects.count(),
                "url": reverse("admin:core_station_changelist") if user.is_staff else "",
            }
        )
    return cards


def home_panels(user) -> list[dict]:
    return [panel for contribute in contributions("home_panels") for panel in contribute(user)]
