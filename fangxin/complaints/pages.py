"""The pages of complaint rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import Complaint

    links.register(Complaint, lambda c: reverse("complaints:detail", args=[c.pk]))
