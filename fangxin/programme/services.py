"""Campaign use cases: create and copy campaigns, move phase dates, enrol operators, training."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fangxin.core.permissions import require
from fangxin.core.scoping import visible
from fangxin.registry import services as registry_services
from fangxin.registry.models import Operator, OperatorEvent, Studio
from fangxin.registry.services import move, record_event
from fangxin.registry.validators import uscc_region_warnings

from . import guides, states
from .models import PHASE_ORDER, Campaign, Enrolment, Kind, Phase, PhaseCode, Training
from .scopes import training_station

# The seed plan's 2024 schedule, as (month, day) pairs; copied campaigns shift the year.
DEFAULT_SCHEDULE = {
    PhaseCode.MOBILISATION: ((6, 1), (6, 30)),
    PhaseCode.SELF_INSPECTION: ((7, 1), (7, 31)),
    PhaseCode.GOVERNANCE: ((8, 1), (9, 30)),
    PhaseCode.EVALUATION: ((10, 1), (11, 30)),
    PhaseCode.SUMMARY: ((12, 1), (12, 30)),
}


def _require_office(user, perm: str) -> None:
    require(user, perm, message=_("只有领导小组办公室可以执行此操作。"))


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
    _require_office(user, "programme.create_campaign")
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
    _require_office(user, "programme.create_campaign")
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
    _require_office(user, "programme.adjust_phase")
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
    _require_office(user, "programme.adjust_phase")
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
    _require_office(user, "programme.edit_guide")
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


def _require_enroller(user) -> None:
    require(user, "programme.enrol", message=_("您无权确定培育对象。"))


NO_FIXED_STUDIO = gettext_noop(
    "直播营销类培育对象须有固定直播场所（实施方案对培育对象的条件），该经营主体尚未登记固定直播间。"
)


def refusal_reason(operator: Operator, kind: str) -> str:
    """Why ``operator`` cannot be enrolled for ``kind``, or "" when it can."""
    if operator.status != Operator.Status.ACTIVE:
        return _("经营主体状态为“%s”，须为培育中。") % operator.get_status_display()
    if not getattr(operator, kind):
        return _("经营主体未登记该经营类型。")
    if kind == Kind.LIVESTREAM and not operator.studios.filter(is_fixed=True).exists():
        return _(NO_FIXED_STUDIO)
    return ""


@dataclass
class EnrolReport:
    """What an enrolment did (or, as a preview, would do), operator by operator."""

    campaign: Campaign
    kind: str
    enrolled: list[Operator] = field(default_factory=list)
    already: list[Operator] = field(default_factory=list)
    refused: list[tuple[Operator, str]] = field(default_factory=list)
    created: int = 0  # enrolments newly created (the others were withdrawn or applied)


def _sorted(user, campaign: Campaign, operators, kind: str) -> EnrolReport:
    """Split the operators the user may see into to-enrol, already enrolled and refused."""
    ids = [getattr(o, "pk", o) for o in operators]
    chosen = (
        visible(user, Operator)
        .filter(pk__in=ids)
        .annotate(
            has_fixed_studio=Exists(Studio.objects.filter(operator=OuterRef("pk"), is_fixed=True))
        )
        .order_by("name", "pk")
    )
    enrolled = set(
        Enrolment.objects.filter(
            campaign=campaign, kind=kind, status=Enrolment.Status.ENROLLED
        ).values_list("operator_id", flat=True)
    )
    report = EnrolReport(campaign, kind)
    for operator in chosen:
        if operator.pk in enrolled:
            report.already.append(operator)
        elif operator.status != Operator.Status.ACTIVE or not getattr(operator, kind):
            report.refused.append((operator, refusal_reason(operator, kind)))
        elif kind == Kind.LIVESTREAM and not operator.has_fixed_studio:
            report.refused.append((operator, _(NO_FIXED_STUDIO)))
        else:
            report.enrolled.append(operator)
    return report


def check_enrolment_window(user, campaign: Campaign, reason: str, today: date) -> str:
    """Refuse after the campaign; a station enrolling after mobilisation must say why."""
    state = campaign.enrolment_state(today)
    if state == Campaign.ENROLMENT_CLOSED:
        raise ValidationError(
            _("%(year)s年度培育活动已于%(end)s结束，不能再纳入培育对象。")
            % {"year": campaign.year, "end": campaign.ends_on}
        )
    if (
        state == Campaign.ENROLMENT_LATE
        and not reason
        and not user.has_perm("programme.enrol_late_without_reason")
    ):
        raise ValidationError(
            {
                "reason": _("动员部署阶段已于%(end)s结束，补录培育对象须填写补录原因。")
                % {"end": campaign.phase(PhaseCode.MOBILISATION).effective_end}
            }
        )
    return state


def enrol_preview(user, campaign: Campaign, operators, kind: str, reason: str = "") -> EnrolReport:
    """What ``enrol`` would do, without doing it (for the confirmation step); refused at once
    when ``enrol`` would be."""
    _require_enroller(user)
    kind = _kind_field(kind)
    check_enrolment_window(user, campaign, (reason or "").strip(), timezone.localdate())
    return _sorted(user, campaign, operators, kind)


@transaction.atomic
def enrol(
    user, campaign: Campaign, operators, kind: str, *, reason: str = "", today: date | None = None
) -> EnrolReport:
    """Enrol the operators the user may see that qualify for the kind: active, registered for
    it and, for live-stream, with a fixed studio. The report says who was enrolled, who already
    was and who was refused, with the reason. After mobilisation a station must give a reason
    (kept on the enrolment and the timeline); after the campaign nobody may enrol."""
    _require_enroller(user)
    kind = _kind_field(kind)
    reason = (reason or "").strip()[:200]
    state = check_enrolment_window(user, campaign, reason, today or timezone.localdate())
    late = state == Campaign.ENROLMENT_LATE
    report = _sorted(user, campaign, operators, kind)
    kept_reason = reason if late else ""
    for operator in report.enrolled:
        enrolment, created = Enrolment.objects.get_or_create(
            campaign=campaign,
            operator=operator,
            kind=kind,
            defaults={"enrolled_by": user, "late_reason": kept_reason},
        )
        report.created += created
        summary = _("纳入%(year)s年度培育对象名单（%(kind)s）") % {
            "year": campaign.year,
            "kind": Kind(kind).label,
        }
        if kept_reason:
            summary += _("，补录原因：%s") % kept_reason
        data = {"late": late, "reason": kept_reason}
        if not created:
            enrolment.enrolled_by = user
            enrolment.late_reason = kept_reason
        if not created and enrolment.status != Enrolment.Status.ENROLLED:
            move(
                enrolment,
                Enrolment.Status.ENROLLED,
                table=states.ENROLMENT,
                by=user,
                kind=OperatorEvent.Kind.ENROLLED,
                summary=summary,
                data=data,
                save=False,
            )
            enrolment.save(update_fields=["status", "enrolled_by", "late_reason"])
            continue
        if not created:
            enrolment.save(update_fields=["enrolled_by", "late_reason"])
        record_event(operator, OperatorEvent.Kind.ENROLLED, summary, user, data, about=enrolment)
    return report


def enrol_all_pool(user, kind: str, area=None):
    """The operators "enrol all" would consider: the kind's active operators the user sees."""
    kind = _kind_field(kind)
    pool = visible(user, Operator).filter(status=Operator.Status.ACTIVE, **{kind: True})
    if area is not None:
        pool = pool.filter(area=area)
    return pool


def enrol_all(user, campaign: Campaign, kind: str, area=None, *, reason: str = "") -> EnrolReport:
    """All active operators of a kind, optionally of one area, that the user may see."""
    return enrol(user, campaign, list(enrol_all_pool(user, kind, area)), kind, reason=reason)


@transaction.atomic
def apply_to_enrol(user, campaign: Campaign, kind: str) -> Enrolment:
    """An operator asks to take part; allowed during mobilisation only."""
    require(user, "programme.apply_to_enrol", message=_("只有经营主体可以申请参加。"))
    if not user.operator_id:
        raise PermissionDenied(_("只有经营主体可以申请参加。"))
    require_phase(campaign, PhaseCode.MOBILISATION)
    kind = _kind_field(kind)
    operator = user.operator
    if operator.status != Operator.Status.ACTIVE:
        raise ValidationError(_("经营主体确认纳入培育后才能申请参加本年度活动。"))
    refused = refusal_reason(operator, kind)
    if refused:
        raise ValidationError(refused)
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
    _require_enroller(user)
    require(
        user, "programme.enrol", enrolment.operator, message=_("该经营主体不在您的管辖范围内。")
    )
    refused = refusal_reason(enrolment.operator, enrolment.kind)
    if refused:
        raise ValidationError(refused)
    move(
        enrolment,
        Enrolment.Status.ENROLLED,
        table=states.ENROLMENT,
        by=user,
        kind=OperatorEvent.Kind.ENROLLED,
        summary=_("纳入%d年度培育对象名单") % enrolment.campaign.year,
        save=False,
    )
    enrolment.save(update_fields=["status"])
    return enrolment


@dataclass
class Onboarding:
    """What confirming an application did: always the confirmation, and the enrolment in
    the campaign open today for each of the operator's kinds, or why not."""

    operator: Operator
    campaign: Campaign | None = None
    enrolled: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def confirm_application(
    user, operator: Operator, reason: str = "", today: date | None = None
) -> Onboarding:
    """A station confirms an online application: the operator joins the registry's pool and,
    while a campaign takes operators, that campaign's list for each of its kinds. After
    mobilisation a station enrols only with a reason (else the outcome says so and how)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    registry_services.confirm_application(user, operator)
    outcome = Onboarding(operator, warnings=uscc_region_warnings(operator.uscc))
    campaign = Campaign.enrolling(today)
    outcome.campaign = campaign
    if campaign is None:
        outcome.not_done.append(_("当前没有接受纳入的培育年度，未纳入任何年度的培育对象名单。"))
        return outcome
    late = campaign.enrolment_state(today) == Campaign.ENROLMENT_LATE
    if late and not reason and not user.has_perm("programme.enrol_late_without_reason"):
        outcome.not_done.append(
            _(
                "%(year)s年度动员部署阶段已于%(end)s结束，未自动纳入该年度培育对象名单；"
                "如需补录，请在培育对象名单页填写补录原因后纳入。"
            )
            % {"year": campaign.year, "end": campaign.phase(PhaseCode.MOBILISATION).effective_end}
        )
        return outcome
    for kind in Kind:
        if not getattr(operator, kind.value):
            continue
        report = enrol(user, campaign, [operator], kind.value, reason=reason, today=today)
        if report.enrolled or report.already:
            outcome.enrolled.append(str(kind.label))
        for _operator, why in report.refused:
            outcome.not_done.append(
                _("未纳入%(year)s年度培育对象名单（%(kind)s）：%(why)s")
                % {"year": campaign.year, "kind": kind.label, "why": why}
            )
    return outcome


@transaction.atomic
def record_training(user, *, held_on, topic, place, invited=(), attended=(), campaign=None):
    require(user, "programme.record_training", message=_("您无权登记培训。"))
    station = training_station(user)
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
