"""Oversight's demo data (``fangxin demo`` calls ``build``). Each part is its own function so
the helpers working on oversight can add theirs."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def build(log=print) -> None:
    build_targets(log)


def build_targets(log=print) -> None:
    """The watch list from the closed campaigns' results (with the orders), the risk classes
    from the facts, one office override, and punishment measures on credit listings in force.
    Running it again adds nothing."""
    from fangxin.core.facts import Ref
    from fangxin.core.models import User
    from fangxin.core.roles import Role
    from fangxin.evaluation import facts as evaluation_facts
    from fangxin.programme.models import Campaign
    from fangxin.registry.models import Operator
    from fangxin.supervision.models import CreditListing

    from . import punishment, risk_classes, targets
    from .models import Punishment, RiskClassRecord

    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("oversight targets: no office user, skipped")
        return
    today = timezone.localdate()
    watches = orders = 0
    for campaign in Campaign.objects.order_by("year"):
        if evaluation_facts.scoring_closed(campaign.pk):
            outcome = targets.watch_from_evaluation(office, campaign.pk, today)
            watches, orders = watches + outcome.watches, orders + outcome.orders
    watches += targets.watch_from_samples_and_orders(office, today).watches
    changed = risk_classes.recompute(today)
    if not RiskClassRecord.objects.filter(locked=True).exists():
        operator = (
            Operator.objects.filter(status=Operator.Status.ACTIVE, risk_class="B")
            .order_by("pk")
            .first()
        )
        if operator is not None:
            risk_classes.override(
                office, operator, "C", "县局通报该主体直播间存在夸大宣传苗头，人工调高一级"
            )
    punished = 0
    for listing in CreditListing.objects.in_force(today).select_related("operator")[:3]:
        for code in ("no_titles", "more_inspections"):
            if Punishment.objects.filter(
                operator=listing.operator, measure=code, ground_id=listing.pk
            ).exists():
                continue
            punishment.record(
                office,
                listing.operator,
                code,
                Punishment.Ground.CREDIT_LISTING,
                Ref.of(listing),
                f"{listing.get_kind_display()}（{listing.listed_on.isoformat()}）",
                max(listing.listed_on, today - timedelta(days=30)),
                today + timedelta(days=365),
            )
            punished += 1
    punished += _punish_revoked_titles(office, today)
    log(
        f"oversight targets: {watches} watch entries from results, {orders} orders, "
        f"{changed} risk classes changed, {punished} punishment measures"
    )


def _punish_revoked_titles(office, today) -> int:
    """The titles the demo revoked: no title while the ground stands (the catalogue's measure)."""
    from django.apps import apps

    from fangxin.core.facts import Ref

    from . import punishment
    from .models import Punishment

    if not apps.is_installed("fangxin.titles"):
        return 0
    title_model = apps.get_model("titles", "Title")
    made = 0
    for title in title_model.objects.filter(status="revoked").select_related("operator")[:3]:
        ref = Ref.of(title)
        if Punishment.objects.filter(
            operator=title.operator, ground_label=ref.label, ground_id=ref.pk
        ).exists():
            continue
        punishment.record(
            office,
            title.operator,
            "no_titles",
            Punishment.Ground.REVOKED_TITLE,
            ref,
            f"“长兴放心电商”称号被撤销（证书编号{title.certificate_no}）",
            today,
            today + timedelta(days=365),
        )
        made += 1
    return made
