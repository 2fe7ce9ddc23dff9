"""Campaign use cases: create and copy campaigns, move phase dates, enrol operators, training."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.roles import Role
from fangxin.core.scoping import can_see, visible
from fangxin.registry.models import Operator
from fangxin.registry.services import record_event

from . import guides
from .models import PHASE_ORDER, Campaign, Enrolment, Kind, Phase, PhaseCode, Training

# The seed plan's 2024 schedule, as (month, day) pairs; copied campaigns shift the year.
DEFAULT_SCHEDULE = {
    PhaseCode.MOBILISATION: ((6, 1), (6, 30)),
    PhaseCode.SELF_INSPECTION: ((7, 1), (7, 31)),
    PhaseCode.GOVERNANCE: ((8, 1), (9, 30)),
    PhaseCode.EVALUATION: ((10, 1), (11, 30)),
    PhaseCode.SUMMARY: ((12, 1), (12, 30)),
}


def _require_office(user) -> None:
    if not (user.is_authenticated and user.is_office):
        raise PermissionDenied(_("只有领导小组办公室可以执行此操作。"))


def require_phase(campaign: Campaign, code: str, today: date | None = None) -> Phase:
    """Refuse, with the phase's dates, an action outside the phase that allows it."""
    today = today or timezone.localdate()
    phase = campaign.phases.get(code=code)
    if not phase.is_open(today):
        raise ValidationError(
            _("当前不在“%(phase)s”阶段（%(start)s 至 %(end)s），不能执行此操作。")
            % {
                "phase": phase.get_code_display(),
                "start": phase.starts_on,
                "end": phase.effective_end,
            }
        )
    return phase


@transaction.atomic
def create_campaign(user, year: int, name: str = "", guide=None) -> Campaign:
    _require_office(user)
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError({"year": _("%d年度的培育活动已存在。") % year})
    campaign = Campaign.objects.create(
        year=year,
        name=name or _("%d年度长兴放心电商示范培育") % year,
        guide=guide or guides.load(),
    )
    for code, ((m1, d1), (m2, d2)) in DEFAULT_SCHEDULE.items():
        Phase.objects.create(
            campaign=campaign, code=code, starts_on=date(year, m1, d1), ends_on=date(year, m2, d2)
        )
    return campaign


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_campaign(user, source: Campaign, year: int | None = None) -> Campaign:
    """Next year's campaign: dates shifted by the year difference, the guide as a new version."""
    _require_office(user)
    year = year or source.year + 1
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError({"year": _("%d年度的培育活动已存在。") % year})
    years = year - source.year
    campaign = Campaign.objects.create(
        year=year,
        name=source.name.replace(str(source.year), str(year)),
        guide=guides.copy_version(source.guide),
        copied_from=source,
    )
    for phase in source.phases.all():
        Phase.objects.create(
            campaign=campaign,
            code=phase.code,
            starts_on=_shift(phase.starts_on, years),
            ends_on=_shift(phase.ends_on, years),
        )
    return campaign


@transaction.atomic
def set_phase_dates(user, phase: Phase, starts_on: date, ends_on: date) -> Phase:
    _require_office(user)
    phase.starts_on, phase.ends_on = starts_on, ends_on
    if phase.extended_to and phase.extended_to <= ends_on:
        phase.extended_to = None
    phase.full_clean()
    siblings = {p.code: p for p in phase.campaign.phases.exclude(pk=phase.pk)}
    index = PHASE_ORDER.index(phase.code)
    before = siblings.get(PHASE_ORDER[index - 1]) if index else None
    after = siblings.get(PHASE_ORDER[index + 1]) if index + 1 < len(PHASE_ORDER) else None
    if before and starts_on <= before.ends_on:
        raise ValidationError({"starts_on": _("阶段不能早于上一阶段结束。")})
    if after and ends_on >= after.starts_on:
        raise ValidationError({"ends_on": _("阶段不能晚于下一阶段开始。")})
    phase.save()
    return phase


@transaction.atomic
def extend_phase(user, phase: Phase, until: date, reason: str) -> Phase:
    """Let a phase's actions go on past its end (e.g. late self-inspections)."""
    _require_office(user)
    if not reason.strip():
        raise ValidationError({"extension_reason": _("请填写延长原因。")})
    phase.extended_to = until
    phase.extension_reason = reason.strip()
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def revise_guide(user, campaign: Campaign, edits: dict[str, str], additions=()) -> Campaign:
    """The office revises the campaign's guide: always as a new version, never in place, so
    answers already given keep the wording they answered."""
    _require_office(user)
    edits = {code: text for code, text in edits.items()}
    current = {r.code: r.text for r in guides.requirements_all(campaign.guide)}
    changed = {code: text for code, text in edits.items() if current.get(code) != text}
    additions = [a for a in additions if a[2].strip()]
    if not changed and not additions:
        raise ValidationError(_("工作指南没有改动。"))
    campaign.guide = guides.copy_version(campaign.guide, changed, list(additions))
    campaign.save(update_fields=["guide"])
    return campaign


def _kind_field(kind: str) -> str:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("未知的经营类型。")})
    return kind


@transaction.atomic
def enrol(user, campaign: Campaign, operators, kind: str) -> int:
    """Enrol active operators (of that kind, in the user's jurisdiction); returns how many new."""
    if user.role not in (Role.OFFICE, Role.STATION) and not user.is_office:
        raise PermissionDenied(_("您无权确定培育对象。"))
    kind = _kind_field(kind)
    pool = visible(user, Operator).filter(status=Operator.Status.ACTIVE, **{kind: True})
    chosen = pool.filter(pk__in=[getattr(o, "pk", o) for o in operators])
    existing = set(
        Enrolment.objects.filter(campaign=campaign, kind=kind).values_list("operator_id", flat=True)
    )
    created = 0
    for operator in chosen:
        if operator.pk in existing:
            Enrolment.objects.filter(campaign=campaign, kind=kind, operator=operator).exclude(
                status=Enrolment.Status.ENROLLED
            ).update(status=Enrolment.Status.ENROLLED)
            continue
        Enrolment.objects.create(campaign=campaign, operator=operator, kind=kind, enrolled_by=user)
        record_event(
            operator,
            "enrolled",
            _("纳入%(year)s年度培育对象名单（%(kind)s）")
            % {"year": campaign.year, "kind": Kind(kind).label},
            user,
        )
        created += 1
    return created


def enrol_all(user, campaign: Campaign, kind: str, area=None) -> int:
    """All active operators of a kind, optionally of one area, that the user may see."""
    kind = _kind_field(kind)
    pool = visible(user, Operator).filter(status=Operator.Status.ACTIVE, **{kind: True})
    if area is not None:
        pool = pool.filter(area=area)
    return enrol(user, campaign, list(pool), kind)


@transaction.atomic
def apply_to_enrol(user, campaign: Campaign, kind: str) -> Enrolment:
    """An operator asks to take part; allowed during mobilisation only."""
    if user.role != Role.OPERATOR or not user.operator_id:
        raise PermissionDenied(_("只有经营主体可以申请参加。"))
    require_phase(campaign, PhaseCode.MOBILISATION)
    kind = _kind_field(kind)
    operator = user.operator
    if operator.status != Operator.Status.ACTIVE:
        raise ValidationError(_("经营主体确认纳入培育后才能申请参加本年度活动。"))
    if not getattr(operator, kind):
        raise ValidationError(_("经营主体未登记该经营类型。"))
    enrolment, created = Enrolment.objects.get_or_create(
        campaign=campaign,
        operator=operator,
        kind=kind,
        defaults={"status": Enrolment.Status.APPLIED, "enrolled_by": user},
    )
    if created:
        record_event(operator, "enrol_applied", _("申请参加%d年度培育") % campaign.year, user)
    return enrolment


@transaction.atomic
def approve_enrolment(user, enrolment: Enrolment) -> Enrolment:
    if user.role not in (Role.STATION,) and not user.is_office:
        raise PermissionDenied(_("您无权确定培育对象。"))
    if not can_see(user, enrolment.operator):
        raise PermissionDenied(_("该经营主体不在您的管辖范围内。"))
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.save(update_fields=["status"])
    record_event(
        enrolment.operator, "enrolled", _("纳入%d年度培育对象名单") % enrolment.campaign.year, user
    )
    return enrolment


@transaction.atomic
def record_training(user, *, held_on, topic, place, invited=(), attended=(), campaign=None):
    if user.role not in (Role.STATION,) and not user.is_office:
        raise PermissionDenied(_("您无权登记培训。"))
    station = user.station if user.role == Role.STATION else None
    training = Training(
        held_on=held_on,
        topic=topic,
        place=place,
        station=station,
        campaign=campaign,
        created_by=user,
    )
    training.full_clean()
    training.save()
    allowed = visible(user, Operator)
    training.invited.set(allowed.filter(pk__in=[getattr(o, "pk", o) for o in invited]))
    set_attendance(user, training, attended)
    return training


@transaction.atomic
def set_attendance(user, training: Training, attended) -> None:
    allowed = visible(user, Operator)
    new = set(allowed.filter(pk__in=[getattr(o, "pk", o) for o in attended]))
    before = set(training.attended.all())
    training.attended.set(new)
    for operator in new - before:
        record_event(
            operator,
            "training",
            _("参加培训：%(topic)s（%(date)s，%(place)s）")
            % {"topic": training.topic, "date": training.held_on, "place": training.place},
            user,
            about=training,
        )
