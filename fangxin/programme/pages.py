"""The pages of the programme's rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import Campaign, Enrolment, Training

    links.register(Campaign, lambda c: reverse("programme:campaign-detail", args=[c.year]))
    links.register(Enrolment, lambda e: reverse("programme:enrolments", args=[e.campaign.year]))
    links.register(Training, lambda t: reverse("programme:trainings"))
