"""The pages of self-inspection rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import SelfInspection

    # Answers and evidence link to their self-inspection through their key.
    links.register(SelfInspection, lambda s: reverse("selfcheck:review", args=[s.pk]))
