"""Self-inspection use cases: fill in, submit, review, return, resubmit, rectify, remind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.calendar import add_working_days
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.core.uploads import check_evidence
from fangxin.programme import guides
from fangxin.programme.models import Enrolment, Phase, PhaseCode
from fangxin.registry.models import OperatorEvent
from fangxin.registry.services import move, record_event

from . import states
from .models import Answer, Evidence, SelfInspection

S = SelfInspection.Status
R = Answer.Result
REMINDER_WORKING_DAYS = 3


def _require_operator_of(user, enrolment: Enrolment, perm: str = "selfcheck.fill") -> None:
    require(user, perm, enrolment, message=_("只有经营主体本身可以填写自查。"))


def _require_reviewer_of(user, inspection: SelfInspection) -> None:
    require(user, "selfcheck.review", message=_("只有监管所可以审核自查。"))
    require(user, "selfcheck.review", inspection, message=_("该经营主体不在您的管辖范围内。"))


def _operator_users(inspection: SelfInspection):
    return inspection.enrolment.operator.users.filter(is_active=True)


@dataclass(frozen=True)
class Window:
    """Where today stands against the campaign's self-inspection phase, and whom to ask."""

    phase: Phase
    state: str  # "before", "open" or "after"
    station: object  # the operator's station: it asks the office for an extension

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def has_opened(self) -> bool:
        return self.state != "before"

    def refusal(self) -> str:
        """Why nothing can be submitted now, with the dates and whom to ask."""
        if self.state == "before":
            text = _("自查自纠阶段尚未开始（%(start)s 至 %(end)s），届时才能填写和提交。")
        else:
            text = _(
                "自查自纠阶段已于%(end)s结束（%(start)s 至 %(end)s），不能再提交。"
                "如需延长，请联系%(station)s%(phone)s，由其报请县领导小组办公室延长阶段。"
            )
        phone = self.station.phone
        return text % {
            "start": self.phase.starts_on,
            "end": self.phase.effective_end,
            "station": self.station.name,
            "phone": _("（电话%s）") % phone if phone else "",
        }


def window(enrolment: Enrolment, today: date | None = None) -> Window:
    today = today or timezone.localdate()
    phase = enrolment.campaign.phases.get(code=PhaseCode.SELF_INSPECTION)
    if today < phase.starts_on:
        state = "before"
    elif today > phase.effective_end:
        state = "after"
    else:
        state = "open"
    return Window(phase, state, enrolment.operator.area.station)


@transaction.atomic
def start(user, enrolment: Enrolment) -> SelfInspection:
    """The operator's self-inspection for this enrolment, created with one answer per item.

    Not before the phase opens: until then the office may still revise the guide, and answers
    started early would hold the old wording."""
    _require_operator_of(user, enrolment)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("尚未纳入本年度培育对象名单，不能开始自查。"))
    existing = SelfInspection.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    current = window(enrolment)
    if not current.has_opened:
        raise ValidationError(current.refusal())
    inspection, created = SelfInspection.objects.get_or_create(enrolment=enrolment)
    if created:
        requirements = guides.requirements_for(enrolment.campaign.guide, enrolment.kind)
        Answer.objects.bulk_create(
            Answer(inspection=inspection, requirement=req) for req in requirements
        )
        record_event(
            enrolment.operator,
            "selfcheck",
            _("开始%(year)s年度自查（%(kind)s）")
            % {"year": enrolment.campaign.year, "kind": enrolment.get_kind_display()},
            user,
            about=inspection,
        )
    return inspection


def _check_answer(answer: Answer, errors: dict) -> None:
    code = answer.requirement.code
    if not answer.result:
        errors.setdefault(code, []).append(_("未填写自查结果"))
        return
    if answer.result == R.NON_COMPLIANT:
        if not answer.plan.strip():
            errors.setdefault(code, []).append(_("不符合项须填写整改措施"))
        if answer.target_date is None:
            errors.setdefault(code, []).append(_("不符合项须填写整改期限"))


@transaction.atomic
def save_answers(user, inspection: SelfInspection, answers: dict[int, dict]) -> SelfInspection:
    """Save a draft: ``answers`` maps answer id → {result, note, plan, target_date}.

    All or nothing. A draft is kept after the phase has closed too: it is the operator's own
    working copy, nobody reviews it, and an operator whose phase ended while typing must not
    lose the work; only submitting is bound to the phase (see ``submit``)."""
    _require_operator_of(user, inspection.enrolment)
    if not inspection.editable:
        raise ValidationError(_("自查已提交，等待监管所审核，暂不能修改。"))
    current = window(inspection.enrolment)
    if not current.has_opened:
        raise ValidationError(current.refusal())
    today = timezone.localdate()
    by_id = {a.pk: a for a in inspection.answers.select_related("requirement")}
    errors: dict[str, list[str]] = {}
    for answer_id, data in answers.items():
        try:
            answer = by_id.get(int(answer_id))
        except (TypeError, ValueError):
            answer = None
        if answer is None:
            raise ValidationError(_("自查项不属于本次自查。"))
        result = data.get("result", answer.result) or ""
        if result and result not in R.values:
            errors.setdefault(answer.requirement.code, []).append(_("自查结果无效"))
            continue
        answer.result = result
        answer.note = data.get("note", answer.note) or ""
        answer.plan = data.get("plan", answer.plan) or ""
        target = data.get("target_date", answer.target_date)
        if target and target < today and target != answer.target_date:
            errors.setdefault(answer.requirement.code, []).append(_("整改期限不能早于今天"))
            continue
        answer.target_date = target or None
        if answer.result != R.NON_COMPLIANT:
            answer.plan, answer.target_date = "", None
        answer.save()
    if errors:
        raise ValidationError(
            [f"{code}：{'；'.join(msgs)}" for code, msgs in sorted(errors.items())]
        )
    if inspection.status == S.DRAFT:
        inspection.save(update_fields=["updated_at"])
    return inspection


@transaction.atomic
def submit(user, inspection: SelfInspection) -> SelfInspection:
    """Submit for review. Refused with the list of what is missing."""
    _require_operator_of(user, inspection.enrolment, "selfcheck.submit")
    if not inspection.editable:
        raise ValidationError(_("自查已提交，请勿重复提交。"))
    current = window(inspection.enrolment)
    if not current.is_open:
        raise ValidationError(current.refusal())
    errors: dict[str, list[str]] = {}
    # In guide order, so the list reads like the form.
    for answer in inspection.answers.select_related("requirement"):
        _check_answer(answer, errors)
    if errors:
        raise ValidationError(
            [_("以下项目尚未完成：")]
            + [f"{code}：{'；'.join(msgs)}" for code, msgs in errors.items()]
        )
    resubmission = inspection.status == S.RETURNED
    inspection.submitted_at = timezone.now()
    operator = inspection.enrolment.operator
    move(
        inspection,
        S.SUBMITTED,
        table=states.SELF_INSPECTION,
        by=user,
        kind=OperatorEvent.Kind.SELFCHECK,
        summary=_("重新提交自查") if resubmission else _("提交自查"),
        operator=operator,
    )
    stations = User.objects.filter(
        role=Role.STATION, station_id=operator.area.station_id, is_active=True
    )
    transaction.on_commit(
        lambda: notify_users(
            stations,
            _("自查待审核：%s") % operator.name,
            _("%s 提交了自查，请审核。") % operator.name,
            link=reverse("selfcheck:review", args=[inspection.pk]),
        )
    )
    return inspection


@transaction.atomic
def review(
    user,
    inspection: SelfInspection,
    *,
    accept: bool,
    comment: str = "",
    item_comments: dict[int, str] | None = None,
) -> SelfInspection:
    """Accept, or return with comments per item (at least one comment to return)."""
    _require_reviewer_of(user, inspection)
    if inspection.status != S.SUBMITTED:
        raise ValidationError(_("只有已提交的自查可以审核。"))
    try:
        item_comments = {
            int(k): str(v).strip() for k, v in (item_comments or {}).items() if str(v).strip()
        }
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("逐项意见的项目编号无效。")) from exc
    if not accept and not (item_comments or comment.strip()):
        raise ValidationError(_("退回时请至少填写一条意见。"))
    # Each review replaces the last one's item comments: stale ones would mislead.
    for answer in inspection.answers.all():
        new_comment = item_comments.get(answer.pk, "")
        if answer.review_comment != new_comment:
            answer.review_comment = new_comment
            answer.save(update_fields=["review_comment"])
    inspection.review_comment = comment.strip()
    inspection.reviewed_at = timezone.now()
    inspection.reviewed_by = user
    operator = inspection.enrolment.operator
    summary = _("自查已通过审核") if accept else _("自查被退回：%s") % (comment or _("见逐项意见"))
    move(
        inspection,
        S.ACCEPTED if accept else S.RETURNED,
        table=states.SELF_INSPECTION,
        by=user,
        kind=OperatorEvent.Kind.SELFCHECK,
        summary=summary,
        operator=operator,
    )
    if not accept:
        transaction.on_commit(
            lambda: notify_users(
                _operator_users(inspection),
                _("自查被退回，请修改后重新提交"),
                _("监管所退回了您的自查。意见：%s") % (comment or _("见逐项意见")),
                link=reverse("selfcheck:fill", args=[inspection.enrolment_id]),
            )
        )
    return inspection


@transaction.atomic
def add_evidence(user, answer: Answer, upload, purpose: str = Evidence.Purpose.ANSWER) -> Evidence:
    _require_operator_of(user, answer.inspection.enrolment)
    if purpose == Evidence.Purpose.ANSWER and not answer.inspection.editable:
        raise ValidationError(_("自查已提交，暂不能补充佐证。"))
    checked = check_evidence(upload)
    return Evidence(answer=answer, purpose=purpose, uploaded_by=user).keep(upload, checked)


@transaction.atomic
def mark_rectified(user, answer: Answer, note: str, upload=None) -> Answer:
    """The operator reports a non-compliant item fixed, with a note and optional evidence."""
    _require_operator_of(user, answer.inspection.enrolment, "selfcheck.report_rectification")
    if answer.result != R.NON_COMPLIANT:
        raise ValidationError(_("只有不符合项需要整改。"))
    if answer.inspection.status not in (S.SUBMITTED, S.ACCEPTED):
        raise ValidationError(_("自查提交后才能报告整改完成。"))
    if answer.rectified_at:
        raise ValidationError(_("该项已报告整改完成。"))
    if not note.strip():
        raise ValidationError(_("请说明整改情况。"))
    if upload is not None:
        add_evidence(user, answer, upload, Evidence.Purpose.RECTIFICATION)
    answer.rectified_at = timezone.now()
    answer.rectification_note = note.strip()
    answer.save(update_fields=["rectified_at", "rectification_note"])
    record_event(
        answer.inspection.enrolment.operator,
        "selfcheck",
        _("报告整改完成：%s") % answer.requirement.code,
        user,
        about=answer.inspection,
    )
    return answer


def progress(inspections, enrolments) -> dict:
    """Counts per state; enrolments without a self-inspection count as not started."""
    counts = dict(inspections.values_list("status").annotate(n=Count("pk")))
    started = inspections.values("enrolment_id")
    counts[S.NOT_STARTED] = enrolments.exclude(pk__in=started).count()
    total = sum(counts.values())
    return {
        "total": total,
        "counts": {s.value: counts.get(s.value, 0) for s in S},
        "percent": {
            s.value: round(100 * counts.get(s.value, 0) / total, 1) if total else 0.0 for s in S
        },
    }


def overdue_answers(answers, today: date):
    return answers.filter(result=R.NON_COMPLIANT, rectified_at__isnull=True, target_date__lt=today)


def send_due_reminders(today: date | None = None) -> int:
    """Tell operators three working days before a rectification target date. At most once:
    the row is claimed by a conditional update before anybody is told."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, REMINDER_WORKING_DAYS).value
    due = Answer.objects.filter(
        result=R.NON_COMPLIANT,
        rectified_at__isnull=True,
        reminder_sent_at__isnull=True,
        target_date__gte=today,
        target_date__lte=horizon,
    ).select_related("requirement", "inspection__enrolment__operator")
    sent = 0
    for answer in due:
        claimed = Answer.objects.filter(pk=answer.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:
            continue
        operator = answer.inspection.enrolment.operator
        notify_users(
            operator.users.filter(is_active=True),
            _("整改期限将至：%s") % answer.requirement.code,
            _("自查项“%(item)s”的整改期限为%(date)s，请按期完成并报告整改情况。")
            % {"item": answer.requirement.text, "date": answer.target_date},
            link=reverse("selfcheck:fill", args=[answer.inspection.enrolment_id]),
        )
        sent += 1
    return sent


def open_issue_filter() -> Q:
    return Q(result=R.NON_COMPLIANT, rectified_at__isnull=True)
