"""The pages of the registry's rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import Operator

    # Licences, accounts, studios and the rest link to their operator's page through their key.
    links.register(Operator, lambda o: reverse("registry:operator-detail", args=[o.pk]))
