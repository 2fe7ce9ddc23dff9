"""The pages of supervision rows, for links from the audit log, inbox and timeline."""

from django.urls import reverse

from fangxin.core import links


def register() -> None:
    from .models import Case, DrawPlan, Finding, Inspection, RectificationOrder, VetoEvent

    for model, name in (
        (DrawPlan, "supervision:plan-detail"),
        (Inspection, "supervision:inspection-detail"),
        (Finding, "supervision:finding-detail"),
        (RectificationOrder, "supervision:order-detail"),
        (Case, "supervision:case-detail"),
    ):
        links.register(model, lambda obj, name=name: reverse(name, args=[obj.pk]))
    links.register(VetoEvent, lambda event: reverse("supervision:veto-list"))
