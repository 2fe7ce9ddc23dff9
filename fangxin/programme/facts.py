"""Programme's read interface: who is enrolled in a campaign, and training attendance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q

from fangxin.core.facts import Ref, Window, group_by_operator, operator_id_list

from .models import Campaign, Enrolment, Kind, Training


@dataclass(frozen=True)
class EnrolmentFact:
    """One operator in one campaign for one kind: the unit that is scored."""

    ref: Ref
    operator_id: int
    campaign_id: int
    campaign_year: int
    kind: str  # Kind: livestream / group_buying
    status: str  # Enrolment.Status


def enrolments(campaign_id: int, *, enrolled_only: bool = True) -> tuple[EnrolmentFact, ...]:
    """The campaign's enrolments (by default those taking part now), by operator then kind
    (one query). ``operator_ids(...)`` of the answer feeds the other apps' bulk functions."""
    qs = Enrolment.objects.filter(campaign_id=campaign_id)
    if enrolled_only:
        qs = qs.enrolled()
    rows = qs.order_by("operator_id", "kind", "pk").values(
        "pk", "operator_id", "campaign_id", "campaign__year", "kind", "status"
    )
    return tuple(
        EnrolmentFact(
            ref=Ref.to(Enrolment, row["pk"]),
            operator_id=row["operator_id"],
            campaign_id=row["campaign_id"],
            campaign_year=row["campaign__year"],
            kind=row["kind"],
            status=row["status"],
        )
        for row in rows
    )


def operator_ids(enrolment_facts: Iterable[EnrolmentFact]) -> list[int]:
    """The operators behind the enrolments, once each (an operator of both kinds has two)."""
    return list(dict.fromkeys(fact.operator_id for fact in enrolment_facts))


@dataclass(frozen=True)
class TrainingFact:
    """One operator and one training session it was invited to or attended."""

    ref: Ref  # the training session
    operator_id: int
    held_on: date
    topic: str
    campaign_id: int | None
    invited: bool
    attended: bool


def training(operator_ids: Iterable[int], window: Window) -> dict[int, tuple[TrainingFact, ...]]:
    """Sessions held in the window that each operator was invited to or attended (two
    queries: the invitations and the attendance lists)."""
    ids = operator_id_list(operator_ids)
    held = Training.objects.held_in(window)
    fields = ("training_id", "operator_id", "training__held_on", "training__topic")
    sessions: dict[tuple[int, int], dict] = {}
    lists = {}
    for name in ("invited", "attended"):
        through = getattr(Training, name).through
        rows = through.objects.filter(operator_id__in=ids, training__in=held).values(
            *fields, "training__campaign_id"
        )
        lists[name] = set()
        for row in rows:
            pair = (row["training_id"], row["operator_id"])
            lists[name].add(pair)
            sessions[pair] = row
    facts = sorted(
        (
            TrainingFact(
                ref=Ref.to(Training, row["training_id"]),
                operator_id=row["operator_id"],
                held_on=row["training__held_on"],
                topic=row["training__topic"],
                campaign_id=row["training__campaign_id"],
                invited=pair in lists["invited"],
                attended=pair in lists["attended"],
            )
            for pair, row in sessions.items()
        ),
        key=lambda fact: (fact.operator_id, fact.held_on, fact.ref.pk),
    )
    return group_by_operator(ids, facts)


def training_for(operator_id: int, window: Window) -> tuple[TrainingFact, ...]:
    return training([operator_id], window)[operator_id]


@dataclass(frozen=True)
class PhaseFact:
    """One phase of a campaign as the public reads it: its name and dates (the extension, if
    any, as its end)."""

    ref: Ref
    code: str  # PhaseCode
    label: str
    starts_on: date
    ends_on: date  # the effective end: extended_to when extended
    extended: bool


@dataclass(frozen=True)
class CampaignFact:
    """A campaign's year and name, with its phases in order and whether it has a work guide."""

    ref: Ref
    year: int
    name: str
    has_guide: bool
    phases: tuple[PhaseFact, ...]


def campaign_for(year: int) -> CampaignFact | None:
    """The campaign of ``year`` with its phases (two queries); without one, the latest before
    it, else the first after it; None when there is no campaign at all."""
    campaign = (
        Campaign.objects.filter(year__lte=year).order_by("-year").first()
        or Campaign.objects.filter(year__gt=year).order_by("year").first()
    )
    if campaign is None:
        return None
    phases = tuple(
        PhaseFact(
            ref=Ref.of(phase),
            code=phase.code,
            label=str(phase.get_code_display()),
            starts_on=phase.starts_on,
            ends_on=phase.effective_end,
            extended=phase.extended_to is not None,
        )
        for phase in campaign.phases.order_by("starts_on", "pk")
    )
    return CampaignFact(
        ref=Ref.of(campaign),
        year=campaign.year,
        name=campaign.name,
        has_guide=campaign.guide_id is not None,
        phases=phases,
    )


# -- aggregates for the oversight dashboard and the summary report ----------------------------

# The station an operator's row counts for: its area's responsible station.
STATION = "operator__area__station_id"


def enrolment_counts(campaign_id: int) -> dict[int | None, dict[str, int]]:
    """The campaign's enrolments counted per station (one query): operators taking part,
    enrolments of each kind, applications still waiting and withdrawals."""
    enrolled = Q(status=Enrolment.Status.ENROLLED)
    rows = (
        Enrolment.objects.filter(campaign_id=campaign_id)
        .values(station=F(STATION))
        .annotate(
            operators=Count("operator_id", filter=enrolled, distinct=True),
            livestream=Count("pk", filter=enrolled & Q(kind=Kind.LIVESTREAM)),
            group_buying=Count("pk", filter=enrolled & Q(kind=Kind.GROUP_BUYING)),
            applied=Count("pk", filter=Q(status=Enrolment.Status.APPLIED)),
            withdrawn=Count("pk", filter=Q(status=Enrolment.Status.WITHDRAWN)),
        )
        .order_by()
    )
    return {row.pop("station"): row for row in rows}


def campaign_years() -> list[int]:
    """Every campaign's year, newest first (one query)."""
    return list(Campaign.objects.order_by("-year").values_list("year", flat=True))


def previous_campaign(year: int) -> CampaignFact | None:
    """The latest campaign before ``year``, if any."""
    found = campaign_for(year - 1)
    return found if found is not None and found.year < year else None
