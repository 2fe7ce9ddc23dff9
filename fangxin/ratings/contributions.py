"""What ratings adds to other pages (found by ``core.discovery``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import services
from .models import Rating, SurveyResponse


def home_cards(user) -> list[dict]:
    """The office's home: ratings and survey answers flagged and waiting for review."""
    if not user.has_perm("ratings.view"):
        return []
    campaign = services.current_campaign()
    if campaign is None:
        return []
    waiting = (
        Rating.objects.filter(campaign=campaign).pending_review().count()
        + SurveyResponse.objects.filter(campaign=campaign).pending_review().count()
    )
    return [
        {
            "label": _("待核查的评议"),
            "value": waiting,
            "url": f"{reverse('ratings:review')}?only=flagged",
        }
    ]
