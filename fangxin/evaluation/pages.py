"""The pages of evaluation's rows, for links from the audit log and the inbox."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import LedgerEntry, Rubric, Score

    links.register(Rubric, lambda r: reverse("evaluation:rubric", args=[r.campaign.year, r.kind]))
    links.register(LedgerEntry, lambda e: reverse("evaluation:ledger", args=[e.enrolment_id]))
    links.register(Score, lambda s: reverse("evaluation:ledger", args=[s.enrolment_id]))
