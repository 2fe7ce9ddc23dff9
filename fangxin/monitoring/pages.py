"""The pages of monitoring rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import Material, RuleSet

    links.register(Material, lambda m: reverse("monitoring:material-detail", args=[m.pk]))
    links.register(RuleSet, lambda r: reverse("monitoring:ruleset-detail", args=[r.pk]))
