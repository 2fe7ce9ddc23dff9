"""The pages of monitoring rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import LicenceCheck, Material, RuleSet

    links.register(Material, lambda m: reverse("monitoring:material-detail", args=[m.pk]))
    links.register(RuleSet, lambda r: reverse("monitoring:ruleset-detail", args=[r.pk]))
    links.register(
        LicenceCheck,
        lambda c: reverse("monitoring:licence-checks") + f"?operator={c.operator_id}#check-{c.pk}",
    )
