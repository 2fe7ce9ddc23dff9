"""The use cases of publicity records (宣传活动, 工作会议, 走访调研) and the campaign's awareness
and participation figures (知晓率, 参与度), plus the incident and publicity lines of the
summary report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.facts import Window
from fangxin.core.permissions import require
from fangxin.core.uploads import check_evidence
from fangxin.programme import facts as programme_facts
from fangxin.ratings import facts as ratings_facts
from fangxin.registry.models import Operator

from .models import (
    FieldVisit,
    Incident,
    Meeting,
    MeetingFile,
    PublicityActivity,
    PublicityMaterial,
)

DATE_FIELDS = {PublicityActivity: "held_on", Meeting: "held_on", FieldVisit: "visited_on"}


def _outside() -> str:
    return _("该记录不属于您所在的监管所。")


@transaction.atomic
def save_record(user, row, uploads=()):
    """Create or change a publicity activity, meeting or field visit (``row``, filled from the
    form). A station keeps its own station's records (the station is set to its own); the office
    any station's or the county's. Dates may not lie in the future; files are checked."""
    if not user.has_perm("oversight.choose_record_station"):
        if row.pk is not None and row.station_id != user.station_id:
            raise PermissionDenied(_outside())
        row.station_id = user.station_id
    require(user, "oversight.manage_publicity", row if row.pk else None, _outside())
    field = DATE_FIELDS[type(row)]
    day = getattr(row, field)
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if isinstance(row, PublicityActivity) and (row.audience is None or row.audience < 0):
        raise ValidationError({"audience": _("受众人数不能为负数。")})
    if (
        isinstance(row, FieldVisit)
        and row.operator_id
        and row.station_id
        and row.operator.area.station_id != row.station_id
    ):
        raise ValidationError({"operator": _("走访的经营主体不在该监管所辖区。")})
    if row.pk is None:
        row.created_by = user
    row.full_clean()
    row.save()
    checked = [(upload, check_evidence(upload)) for upload in uploads]
    for upload, check in checked:
        if isinstance(row, PublicityActivity):
            PublicityMaterial(activity=row).keep(upload, check)
        elif isinstance(row, Meeting):
            MeetingFile(meeting=row).keep(upload, check)
    return row


def _station_q(station, path: str = "station") -> Q:
    return Q(**{f"{path}_id": station.pk}) if station is not None else Q()


# --- awareness and participation ----------------------------------------------------------------


@dataclass(frozen=True)
class AwarenessFigures:
    """知晓率: the survey answers that knew of the campaign, of those that answered the question.
    参与度: the operators enrolled in the campaign, of the operators of the programme's kinds on
    the register (those not merely applying or refused). A rate is None without a denominator."""

    answered: int
    aware: int
    awareness_rate: Decimal | None
    enrolled: int
    eligible: int
    participation_rate: Decimal | None


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _eligible(station=None):
    qs = Operator.objects.filter(Q(livestream=True) | Q(group_buying=True)).exclude(
        status__in=[Operator.Status.APPLIED, Operator.Status.REJECTED]
    )
    return qs.filter(_station_q(station, "area__station"))


def awareness_figures(campaign, station=None) -> AwarenessFigures:
    """The campaign's awareness and participation, for the county or one station's area."""
    eligible = _eligible(station)
    eligible_ids = set(eligible.values_list("pk", flat=True))
    enrolled = {
        pk
        for pk in programme_facts.operator_ids(programme_facts.enrolments(campaign.id))
        if station is None or pk in eligible_ids
    }
    counted = ratings_facts.awareness(
        campaign.id, sorted(eligible_ids) if station is not None else None
    )
    return AwarenessFigures(
        answered=counted.answered,
        aware=counted.aware,
        awareness_rate=_percent(counted.aware, counted.answered),
        enrolled=len(enrolled),
        eligible=len(eligible_ids),
        participation_rate=_percent(len(enrolled & eligible_ids), len(eligible_ids)),
    )


def _rate(value: Decimal | None) -> str:
    return f"{value}%" if value is not None else "—"


def summary_figures(campaign, station=None) -> list[tuple[str, int | str]]:
    """The campaign year's incident and publicity lines for the summary report (translated
    labels): incidents, major ones, interviews, publicity activities and their audience,
    meetings, field visits, the awareness and the participation rates. ``campaign``: anything
    with the campaign's ``id`` and ``year`` (a Campaign, or the report's Period)."""
    window = Window.year(campaign.year)
    incidents = Incident.objects.filter(occurred_on__range=window.range).filter(
        _station_q(station, "operator__area__station")
    )
    S = Incident.Status
    major = incidents.filter(
        Q(status__in=[S.MAJOR, S.INTERVIEWED]) | Q(status=S.CLOSED, measure__isnull=False)
    )
    activities = PublicityActivity.objects.filter(campaign_id=campaign.id).filter(
        _station_q(station)
    )
    figures = awareness_figures(campaign, station)
    return [
        (_("舆情事件"), incidents.count()),
        (_("有较大社会影响的舆情"), major.count()),
        (_("舆情约谈"), incidents.filter(measure__isnull=False).count()),
        (_("宣传活动"), activities.count()),
        (_("宣传受众人次"), activities.aggregate(n=Sum("audience"))["n"] or 0),
        (
            _("工作会议"),
            Meeting.objects.filter(campaign_id=campaign.id).filter(_station_q(station)).count(),
        ),
        (
            _("走访调研"),
            FieldVisit.objects.filter(campaign_id=campaign.id).filter(_station_q(station)).count(),
        ),
        (_("知晓率"), _rate(figures.awareness_rate)),
        (_("参与度"), _rate(figures.participation_rate)),
    ]
