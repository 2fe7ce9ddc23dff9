"""Evaluation panels' use cases (考评组): the office forms panels, names members and assigns
enrolments; members score the department dimension's criteria; the members' scores combine by
the rubric's rule into the ledger's panel entries, and the enrolment is recomputed.

Concurrency: each member writes only his own rows (``PanelScore``, unique per member,
enrolment and criterion); the combination is rebuilt from every member's rows inside the same
transaction after the enrolment's row is locked (``select_for_update``), so two members saving
at once are serialised on the combination and neither's scores are lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.permissions import require
from fangxin.programme.models import Campaign, Enrolment, PhaseCode
from fangxin.supervision import facts as supervision_facts

from . import permissions, services
from . import rubric as rubric_data
from .models import LedgerEntry
from .models_panels import Panel, PanelAssignment, PanelMember, PanelScore

CENT = Decimal("0.01")
Source = LedgerEntry.Source


# --- the office: panels, members, assignments -----------------------------------------------


def _manage(user) -> None:
    require(user, "evaluation.manage_panels", message=_("只有领导小组办公室可以组建考评组。"))


def _can_be_member(member) -> bool:
    return bool(member and member.is_active and member.has_perm("evaluation.score_as_member"))


@transaction.atomic
def create_panel(user, campaign: Campaign, name: str, leader=None) -> Panel:
    """A new panel of the campaign; its leader (if named) is its first member."""
    _manage(user)
    services._refuse_when_closed(campaign)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写考评组名称。")})
    if Panel.objects.filter(campaign=campaign, name=name).exists():
        raise ValidationError({"name": _("本年度已有名为“%(name)s”的考评组。") % {"name": name}})
    if leader is not None and not _can_be_member(leader):
        raise ValidationError({"leader": _("组长须为考评组成员或协作部门人员。")})
    panel = Panel.objects.create(campaign=campaign, name=name[:100], leader=leader)
    if leader is not None:
        PanelMember.objects.create(panel=panel, user=leader)
    return panel


@transaction.atomic
def add_member(user, panel: Panel, member) -> PanelMember:
    _manage(user)
    services._refuse_when_closed(panel.campaign)
    if not _can_be_member(member):
        raise ValidationError(_("只能选择考评组成员（评审人员）或协作部门人员。"))
    found, created = PanelMember.objects.get_or_create(panel=panel, user=member)
    if not created:
        raise ValidationError(_("%(name)s 已是该考评组成员。") % {"name": _name(member)})
    return found


@transaction.atomic
def remove_member(user, panel: Panel, member_id: int) -> None:
    _manage(user)
    services._refuse_when_closed(panel.campaign)
    deleted, _rows = PanelMember.objects.filter(panel=panel, user_id=member_id).delete()
    if not deleted:
        raise ValidationError(_("该用户不是此考评组成员。"))
    # His scores no longer count: recombine the panel's enrolments he scored.
    scored = PanelScore.objects.filter(
        member_id=member_id, enrolment__panel_assignment__panel=panel
    ).values_list("enrolment_id", flat=True)
    for enrolment in Enrolment.objects.filter(pk__in=list(scored)).select_related("campaign"):
        _lock(enrolment)
        combine(enrolment, user)


@dataclass(frozen=True)
class Assigned:
    added: int
    skipped: tuple[str, ...]  # operators already in another panel (by area / by kind)


@transaction.atomic
def assign(user, panel: Panel, *, area=None, kind: str = "", enrolment_ids=()) -> Assigned:
    """Assign the campaign's enrolments to the panel: those of operators in ``area``, those of
    ``kind``, or the ones named. An enrolment is in at most one panel: by area or kind those
    already in another panel are left where they are (and named); by hand it is refused."""
    _manage(user)
    services._refuse_when_closed(panel.campaign)
    rows = Enrolment.objects.filter(campaign=panel.campaign).enrolled().select_related("operator")
    by_hand = bool(enrolment_ids)
    if area is not None:
        rows = rows.filter(operator__area=area)
    if kind:
        rows = rows.filter(kind=kind)
    if by_hand:
        wanted = {int(pk) for pk in enrolment_ids}
        rows = rows.filter(pk__in=wanted)
        missing = wanted - {e.pk for e in rows}
        if missing:
            raise ValidationError(_("所选培育对象不在本年度名单中。"))
    elif area is None and not kind:
        raise ValidationError(_("请选择乡镇（街道）、类型或具体的培育对象。"))
    taken = dict(
        PanelAssignment.objects.filter(enrolment__in=rows)
        .exclude(panel=panel)
        .values_list("enrolment_id", "panel__name")
    )
    if by_hand and taken:
        names = [f"{e.operator.name}（{taken[e.pk]}）" for e in rows if e.pk in taken]
        raise ValidationError(
            _("以下培育对象已分配给其他考评组：%(names)s") % {"names": "、".join(names)}
        )
    already = set(
        PanelAssignment.objects.filter(panel=panel, enrolment__in=rows).values_list(
            "enrolment_id", flat=True
        )
    )
    new = [
        PanelAssignment(panel=panel, enrolment=e)
        for e in rows
        if e.pk not in taken and e.pk not in already
    ]
    try:
        with transaction.atomic():
            PanelAssignment.objects.bulk_create(new)
    except IntegrityError as exc:  # another office user assigned one meanwhile
        raise ValidationError(_("有培育对象刚被分配给其他考评组，请刷新后重试。")) from exc
    skipped = tuple(sorted(e.operator.name for e in rows if e.pk in taken))
    return Assigned(len(new), skipped)


@transaction.atomic
def unassign(user, panel: Panel, enrolment_id: int) -> None:
    """Take an enrolment off the panel; its members' scores stop counting."""
    _manage(user)
    services._refuse_when_closed(panel.campaign)
    assignment = PanelAssignment.objects.filter(panel=panel, enrolment_id=enrolment_id).first()
    if assignment is None:
        raise ValidationError(_("该培育对象不在此考评组。"))
    enrolment = assignment.enrolment
    _lock(enrolment)
    assignment.delete()
    combine(enrolment, user)


# --- who scores what ------------------------------------------------------------------------


def _name(user) -> str:
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Seat:
    """A panel member for one enrolment: ``conflicted`` when he declared a conflict with its
    operator (he is left out for it)."""

    user: object
    conflicted: bool

    @property
    def name(self) -> str:
        return _name(self.user)


def seats(panel: Panel, enrolments) -> dict[int, list[Seat]]:
    """{enrolment id: its panel's members, each with whether he is left out} (two queries)."""
    members = [m.user for m in panel.members.select_related("user")]
    enrolments = list(enrolments)
    conflicts = supervision_facts.declared_conflicts(
        user_ids=[u.pk for u in members], operator_ids=[e.operator_id for e in enrolments]
    )
    return {
        e.pk: [Seat(u, (u.pk, e.operator_id) in conflicts) for u in members] for e in enrolments
    }


def scoring_members(enrolment: Enrolment) -> list[int]:
    """The ids of the members whose scores count for the enrolment: members of its panel
    without a declared conflict with its operator."""
    assignment = PanelAssignment.objects.filter(enrolment=enrolment).select_related("panel")
    assignment = assignment.first()
    if assignment is None:
        return []
    found = seats(assignment.panel, [enrolment])[enrolment.pk]
    return [s.user.pk for s in found if not s.conflicted]


def department(parsed: rubric_data.Rubric) -> tuple[str, tuple[rubric_data.Criterion, ...]]:
    """The dimension the panels score and its criteria (those of input ``panel``)."""
    for dimension in parsed.dimensions:
        criteria = tuple(c for c in dimension.criteria if c.input == "panel")
        if criteria:
            return dimension.code, criteria
    return "", ()


def in_scoring_time(campaign: Campaign, today: date | None = None) -> str:
    """Why members may not score now ("" when they may): during the evaluation phase, before
    scoring closes."""
    if services.is_closed(campaign):
        return _("%(year)s年度评分已截止，得分已冻结。") % {"year": campaign.year}
    phase = campaign.phases.filter(code=PhaseCode.EVALUATION).first()
    if phase is None or not phase.is_open(today or timezone.localdate()):
        return _("只能在评价公示阶段内评分。")
    return ""


# --- a member's score sheet -----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One criterion of a member's sheet as typed."""

    points: object
    comment: str = ""
    evidence: tuple[str, ...] = ()


def _lock(enrolment: Enrolment) -> None:
    """Serialise the combination of one enrolment: lock its row (the score row may not exist
    yet, the enrolment's always does)."""
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()


@transaction.atomic
def save_sheet(
    user,
    enrolment: Enrolment,
    entries: dict[str, Entry],
    *,
    allowed_evidence: frozenset[str] = frozenset(),
    today: date | None = None,
) -> int:
    """A member's scores for every criterion of the department dimension (replacing his
    previous ones), then the panel's combination and the enrolment's recomputation. The
    number of criteria saved."""
    require(
        user,
        "evaluation.score_as_member",
        enrolment,
        message=_("只有该培育对象所在考评组的成员可以评分（已申报回避的成员除外）。"),
    )
    why = in_scoring_time(enrolment.campaign, today)
    if why:
        raise ValidationError(why)
    row = services.current_rubric(enrolment.campaign, enrolment.kind)
    dimension, criteria = department(row.parsed())
    if not criteria:
        raise ValidationError(_("考评细则没有由考评组评分的评分项。"))
    errors, clean = [], []
    for criterion in criteria:
        typed = entries.get(criterion.code)
        points = None
        if typed is not None and str(typed.points).strip() != "":
            try:
                points = Decimal(str(typed.points).strip())
                if not points.is_finite():
                    points = None
            except (InvalidOperation, ValueError):
                points = None
        if points is None or not (0 <= points <= criterion.points):
            errors.append(
                _("“%(name)s”的评分须在 0 至 %(max)s 分之间。")
                % {"name": criterion.name, "max": criterion.points}
            )
            continue
        evidence = tuple(dict.fromkeys(typed.evidence))
        if any(item not in allowed_evidence for item in evidence):
            errors.append(_("“%(name)s”的佐证不是该经营主体的记录。") % {"name": criterion.name})
            continue
        clean.append((criterion.code, points.quantize(CENT, ROUND_HALF_UP), typed, evidence))
    if errors:
        raise ValidationError(errors)
    _lock(enrolment)
    for code, points, typed, evidence in clean:
        PanelScore.objects.update_or_create(
            member=user,
            enrolment=enrolment,
            dimension=dimension,
            criterion=code,
            defaults={
                "points": points,
                "comment": (typed.comment or "").strip()[:500],
                "evidence": list(evidence),
            },
        )
    combine(enrolment, user)
    return len(clean)


def combine(enrolment: Enrolment, user=None) -> None:
    """Rebuild the enrolment's panel entries from the counting members' rows (the caller holds
    the enrolment's lock, inside its transaction) and recompute the enrolment."""
    row = services.current_rubric(enrolment.campaign, enrolment.kind)
    parsed = row.parsed()
    dimension, criteria = department(parsed)
    members = scoring_members(enrolment)
    scores: dict[str, list[Decimal]] = {}
    for criterion, points in PanelScore.objects.filter(
        enrolment=enrolment, dimension=dimension, member_id__in=members
    ).values_list("criterion", "points"):
        scores.setdefault(criterion, []).append(Decimal(points))
    LedgerEntry.objects.filter(enrolment=enrolment, source=Source.PANEL).delete()
    entries = []
    for criterion in criteria:
        given = scores.get(criterion.code)
        combined = parsed.panel.apply(given or [])
        if combined is None:
            continue
        combined = min(combined.quantize(CENT, ROUND_HALF_UP), criterion.points)
        trimmed = parsed.panel.combine == "trimmed_mean" and len(given) >= max(
            parsed.panel.trim_from, 3
        )
        entries.append(
            LedgerEntry(
                enrolment=enrolment,
                rubric=row,
                dimension=dimension,
                criterion=criterion.code,
                points=combined,
                source=Source.PANEL,
                automatic=False,
                detail={
                    "members": len(given),
                    "rule": "trimmed_mean" if trimmed else "mean",
                    "scores": [str(s) for s in sorted(given)],
                },
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
        )
    LedgerEntry.objects.bulk_create(entries)
    services.recompute_enrolment(enrolment)


# --- reading ---------------------------------------------------------------------------------


def member_candidates():
    return permissions.panel_member_candidates()
