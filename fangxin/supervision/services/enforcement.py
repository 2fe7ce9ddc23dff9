"""After a finding: interviews and guidance, rectification orders, cases and veto events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core import discovery, periods
from fangxin.core.calendar import add_working_days
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.registry.models import OperatorEvent
from fangxin.registry.services import move, record_event

from .. import attribution, states
from ..models import (
    Case,
    Finding,
    Measure,
    OrderResponse,
    RectificationOrder,
    VetoEvent,
)
from ..models.enforcement import VetoKind
from .inspections import _evidence

O = RectificationOrder.Status  # noqa: E741
C = Case.Status


def _outside_jurisdiction() -> str:
    return _("该经营主体不在您的管辖范围内。")


def check_order_issuer(user, operator) -> None:
    """Refuse unless ``user`` may issue an order to ``operator`` (the page asks before it
    offers the form; the issuing services ask again)."""
    require(user, "supervision.issue_order", operator, _outside_jurisdiction())


def _station_users(operator):
    return User.objects.filter(
        role=Role.STATION, station_id=operator.area.station_id, is_active=True
    )


@transaction.atomic
def record_measure(user, finding: Finding, kind: str, held_on: date, summary: str) -> Measure:
    require(user, "supervision.record_measure", finding, _outside_jurisdiction())
    if kind not in Measure.Kind.values:
        raise ValidationError({"kind": _("方式应为约谈或行政指导。")})
    if not summary.strip():
        raise ValidationError({"summary": _("请填写约谈或指导内容。")})
    measure = Measure.objects.create(
        finding=finding,
        operator=finding.operator,
        kind=kind,
        held_on=held_on,
        summary=summary.strip(),
        created_by=user,
    )
    record_event(
        finding.operator,
        "measure",
        _("%(kind)s：%(text)s") % {"kind": measure.get_kind_display(), "text": measure.summary},
        user,
        about=finding,
    )
    return measure


@transaction.atomic
def record_measure_on_basis(
    user, operator, basis: str, basis_note: str, kind: str, held_on: date, summary: str
) -> Measure:
    """约谈 or 行政指导 on a ground other than a finding (public opinion, an evaluation result,
    the watch list, another ground said in ``basis_note``)."""
    require(user, "supervision.record_measure", operator, _outside_jurisdiction())
    if basis == Measure.Basis.FINDING or basis not in Measure.Basis.values:
        raise ValidationError(
            {"basis": _("请选择依据类型（检查发现的问题请在该问题的页面处理）。")}
        )
    if not (basis_note or "").strip():
        raise ValidationError({"basis_note": _("请说明约谈或行政指导的依据。")})
    if kind not in Measure.Kind.values:
        raise ValidationError({"kind": _("方式应为约谈或行政指导。")})
    if not summary.strip():
        raise ValidationError({"summary": _("请填写约谈或指导内容。")})
    measure = Measure(
        basis=basis,
        basis_note=basis_note.strip(),
        operator=operator,
        kind=kind,
        held_on=held_on,
        summary=summary.strip(),
        created_by=user,
    )
    measure.clean()
    measure.save()
    record_event(
        operator,
        "measure",
        _("%(kind)s：%(text)s") % {"kind": measure.get_kind_display(), "text": measure.summary},
        user,
        {"basis": basis},
        about=measure,
    )
    return measure


@transaction.atomic
def issue_order(
    user,
    finding: Finding,
    requirement: str,
    working_days: int | None = None,
    issued_on: date | None = None,
    number: str = "",
) -> RectificationOrder:
    """责令整改 with a deadline in working days (the configured default unless given)."""
    require(user, "supervision.issue_order", finding, _outside_jurisdiction())
    if finding.severity != Finding.Severity.MINOR:
        raise ValidationError(_("严重问题应立案查处，不适用责令整改。"))
    return _create_order(
        user,
        finding.operator,
        requirement,
        working_days,
        issued_on,
        number,
        basis=RectificationOrder.Basis.FINDING,
        finding=finding,
    )


@transaction.atomic
def issue_order_on_basis(
    user,
    operator,
    basis: str,
    basis_note: str,
    requirement: str,
    area: str,
    kind: str | None = None,
    working_days: int | None = None,
    issued_on: date | None = None,
    number: str = "",
) -> RectificationOrder:
    """责令整改 on a ground other than a finding (a public-opinion incident, an evaluation
    result, a watch-list entry, another ground said in ``basis_note``): the area (a code of
    the work guide) is chosen, the kind too for an operator of both kinds (none: both)."""
    from .inspections import _kind, area_for

    require(user, "supervision.issue_order", operator, _outside_jurisdiction())
    if basis == RectificationOrder.Basis.FINDING:
        raise ValidationError({"basis": _("依据为检查发现的整改请在该问题的页面下达。")})
    if basis not in RectificationOrder.Basis.values:
        raise ValidationError({"basis": _("请选择整改依据。")})
    if not (basis_note or "").strip():
        raise ValidationError({"basis_note": _("请说明责令整改的依据。")})
    if not area:
        raise ValidationError({"area": _("请选择整改涉及的要求方面。")})
    issued_on = issued_on or timezone.localdate()
    only = attribution.operator_kinds(operator.livestream, operator.group_buying)
    return _create_order(
        user,
        operator,
        requirement,
        working_days,
        issued_on,
        number,
        basis=basis,
        basis_note=basis_note.strip(),
        area=area_for(area, issued_on),
        # The chosen kind must be one of the operator's; none chosen: its only kind, or both.
        kind=_kind(operator, None, kind or None, required=False)
        or (only[0] if len(only) == 1 else None),
    )


def _create_order(
    user, operator, requirement, working_days, issued_on, number, **basis
) -> RectificationOrder:
    """The part every order shares: the deadline, the row, the timeline line, the notice."""
    if not requirement.strip():
        raise ValidationError({"requirement": _("请填写整改要求。")})
    issued_on = issued_on or timezone.localdate()
    if working_days is None:
        working_days = periods.rule_for("rectification_default", issued_on).days
    if working_days < 1:
        raise ValidationError({"working_days": _("整改期限至少为1个工作日。")})
    due = add_working_days(issued_on, working_days)
    order = RectificationOrder(
        operator=operator,
        number=number.strip(),
        requirement=requirement.strip(),
        issued_on=issued_on,
        working_days=working_days,
        due_on=due.value,
        due_provisional=due.provisional,
        issued_by=user,
        **basis,
    )
    order.clean()
    order.save()
    record_event(
        operator,
        "order",
        _("责令限期整改，期限至%(due)s：%(text)s") % {"due": due.value, "text": order.requirement},
        user,
        {"order": order.pk, "basis": order.basis},
        about=order,
    )
    transaction.on_commit(
        lambda: notify_users(
            operator.users.filter(is_active=True),
            _("责令整改通知"),
            _("请于%(due)s前完成整改并在系统中回复：%(text)s")
            % {"due": due.value, "text": order.requirement},
            link=reverse("supervision:order-detail", args=[order.pk]),
        )
    )
    return order


@transaction.atomic
def answer_order(user, order: RectificationOrder, text: str, uploads=()) -> OrderResponse:
    """The operator reports what it did, with evidence."""
    require(user, "supervision.answer_order", order, _("只有被责令整改的经营主体可以回复。"))
    if order.status not in (O.ISSUED, O.REJECTED):
        raise ValidationError(_("该整改通知当前不需要回复。"))
    if not text.strip():
        raise ValidationError({"text": _("请说明整改情况。")})
    response = OrderResponse.objects.create(order=order, text=text.strip(), submitted_by=user)
    for upload in uploads:
        _evidence(user, upload, None, response=response)
    move(
        order,
        O.ANSWERED,
        table=states.ORDER,
        by=user,
        kind=OperatorEvent.Kind.ORDER,
        summary=_("回复整改情况：%s") % response.text,
        save=False,
    )
    order.save(update_fields=["status"])
    transaction.on_commit(
        lambda: notify_users(
            _station_users(order.operator),
            _("整改回复待核查：%s") % order.operator.name,
            response.text,
            link=reverse("supervision:order-detail", args=[order.pk]),
        )
    )
    return response


@transaction.atomic
def verify_order(
    user, order: RectificationOrder, accept: bool, note: str = ""
) -> RectificationOrder:
    require(user, "supervision.verify_order", order, _outside_jurisdiction())
    if order.status != O.ANSWERED:
        raise ValidationError(_("只有已回复的整改可以核查。"))
    if not accept and not note.strip():
        raise ValidationError({"note": _("核查未通过时请说明原因。")})
    order.verification_note = note.strip()
    if accept:
        order.verified_on = timezone.localdate()
    summary = (
        _("整改核查通过，销号") if accept else _("整改核查未通过：%s") % order.verification_note
    )
    move(
        order,
        O.VERIFIED if accept else O.REJECTED,
        table=states.ORDER,
        by=user,
        kind=OperatorEvent.Kind.ORDER,
        summary=summary,
    )
    if not accept:
        transaction.on_commit(
            lambda: notify_users(
                order.operator.users.filter(is_active=True),
                _("整改核查未通过"),
                order.verification_note,
                link=reverse("supervision:order-detail", args=[order.pk]),
            )
        )
    return order


def mark_overdue_orders(today: date) -> int:
    """Orders past their deadline turn overdue once; the station and the operator are told."""
    count = 0
    for order in (
        RectificationOrder.objects.overdue(on=today)
        .filter(overdue_since__isnull=True)
        .select_related("operator__area")
    ):
        claimed = RectificationOrder.objects.filter(pk=order.pk, overdue_since__isnull=True).update(
            overdue_since=today
        )
        if not claimed:
            continue
        record_event(
            order.operator, "order", _("整改逾期（期限%s）") % order.due_on, None, about=order
        )
        notify_users(
            list(_station_users(order.operator))
            + list(order.operator.users.filter(is_active=True)),
            _("整改逾期：%s") % order.operator.name,
            _("整改期限%(due)s已过，尚未完成核查销号。") % {"due": order.due_on},
            link=reverse("supervision:order-detail", args=[order.pk]),
        )
        count += 1
    return count


# --- cases -----------------------------------------------------------------------------------


@transaction.atomic
def open_case(user, operator, summary: str, clue_received_on: date, finding=None) -> Case:
    require(user, "supervision.open_case", operator, _outside_jurisdiction())
    if not summary.strip():
        raise ValidationError({"summary": _("请填写案情摘要。")})
    if finding is not None and finding.operator_id != operator.pk:
        raise ValidationError({"finding": _("案件关联的问题必须属于同一经营主体。")})
    due = periods.deadline("case_clue_verification", clue_received_on)
    case = Case.objects.create(
        operator=operator,
        finding=finding,
        summary=summary.strip(),
        clue_received_on=clue_received_on,
        decide_filing_by=due.due,
        decide_filing_provisional=due.provisional,
        created_by=user,
    )
    record_event(
        operator, "case", _("案件线索核查：%s") % case.summary, user, {"case": case.pk}, about=case
    )
    return case


@transaction.atomic
def extend_filing(user, case: Case, reason: str) -> Case:
    require(user, "supervision.extend_filing", case, _outside_jurisdiction())
    if case.status != C.CLUE or case.filing_extended:
        raise ValidationError(_("立案决定期限只能延长一次。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延长理由。")})
    due = periods.deadline("case_clue_verification", case.clue_received_on, extended=True)
    case.decide_filing_by, case.decide_filing_provisional = due.due, due.provisional
    case.filing_extended = True
    case.save(update_fields=["decide_filing_by", "decide_filing_provisional", "filing_extended"])
    record_event(
        case.operator,
        "case",
        _("立案决定期限延长至%(due)s：%(reason)s")
        % {"due": case.decide_filing_by, "reason": reason.strip()},
        user,
        {"case": case.pk},
        about=case,
    )
    return case


@transaction.atomic
def decide_filing(user, case: Case, file: bool, on: date, reason: str = "") -> Case:
    require(user, "supervision.decide_filing", case, _outside_jurisdiction())
    if case.status != C.CLUE:
        raise ValidationError(_("只有线索核查中的案件可以作出立案决定。"))
    if file:
        case.filed_on = on
        case.decide_by = periods.deadline("case_decision", on).due
        summary = _("立案查处")
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("请填写不予立案理由。")})
        case.no_case_reason = reason.strip()
        summary = _("不予立案：%s") % case.no_case_reason
    move(
        case,
        C.FILED if file else C.NO_CASE,
        table=states.CASE,
        by=user,
        kind=OperatorEvent.Kind.CASE,
        summary=summary,
        data={"case": case.pk},
    )
    return case


@transaction.atomic
def suspend_case(user, case: Case, days: int, reason: str) -> Case:
    """Record a suspension (testing, appraisal …): its days do not count against the decision
    deadline, which moves back by as many days."""
    require(user, "supervision.suspend_case", case, _outside_jurisdiction())
    if case.status not in (C.FILED, C.INVESTIGATING):
        raise ValidationError(_("只有已立案的案件可以中止计算期限。"))
    if days < 1:
        raise ValidationError({"days": _("中止天数至少为1天。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写中止理由。")})
    case.suspended_days += days
    case.decide_by = case.decide_by + timedelta(days=days)
    case.save(update_fields=["suspended_days", "decide_by"])
    record_event(
        case.operator,
        "case",
        _("案件中止%(days)d天（%(reason)s），处理决定期限顺延至%(due)s")
        % {"days": days, "reason": reason.strip(), "due": case.decide_by},
        user,
        {"case": case.pk},
        about=case,
    )
    return case


@transaction.atomic
def decide_case(
    user,
    case: Case,
    *,
    decided_on: date,
    penalty: str,
    decision_number: str,
    amount: Decimal | None = None,
    veto_kind: str = "",
) -> Case:
    """The decision; a case that establishes a veto situation proposes a veto event."""
    require(user, "supervision.decide_case", case, _outside_jurisdiction())
    if case.status not in (C.FILED, C.INVESTIGATING):
        raise ValidationError(_("只有已立案的案件可以作出处理决定。"))
    if not (penalty.strip() and decision_number.strip()):
        raise ValidationError(_("请填写处罚内容和决定书文号。"))
    if veto_kind and veto_kind not in VetoKind.values:
        raise ValidationError({"veto_kind": _("未知的取消称号情形。")})
    case.decided_on = decided_on
    case.penalty, case.decision_number, case.amount = (
        penalty.strip(),
        decision_number.strip(),
        amount,
    )
    case.veto_kind = veto_kind
    move(
        case,
        C.DECIDED,
        table=states.CASE,
        by=user,
        kind=OperatorEvent.Kind.CASE,
        summary=_("作出行政处罚决定（%(number)s）：%(penalty)s")
        % {"number": case.decision_number, "penalty": case.penalty},
        data={"case": case.pk},
    )
    if veto_kind:
        propose_veto(
            user,
            case.operator,
            veto_kind,
            case.summary,
            decided_on,
            VetoEvent.Source.CASE,
            case=case,
        )
    return case


# --- veto events -----------------------------------------------------------------------------


@transaction.atomic
def propose_veto(
    user, operator, kind: str, description: str, occurred_on: date, source: str, case=None
) -> VetoEvent:
    if user is not None:
        require(user, "supervision.propose_veto", operator, _outside_jurisdiction())
    if kind not in VetoKind.values:
        raise ValidationError({"kind": _("未知的取消称号情形。")})
    if source not in VetoEvent.Source.values:
        raise ValidationError({"source": _("未知的情形来源。")})
    if not description.strip():
        raise ValidationError({"description": _("请填写事实。")})
    event = VetoEvent.objects.create(
        operator=operator,
        kind=kind,
        source=source,
        case=case,
        description=description.strip(),
        occurred_on=occurred_on,
        proposed_by=user,
    )
    record_event(
        operator,
        "veto",
        _("报请认定取消称号情形：%s") % event.get_kind_display(),
        user,
        {"veto": event.pk},
        about=event,
    )
    offices = User.objects.filter(role=Role.OFFICE, is_active=True)
    transaction.on_commit(
        lambda: notify_users(
            offices,
            _("取消称号情形待认定：%s") % operator.name,
            event.description,
            link=reverse("supervision:veto-list"),
        )
    )
    return event


@transaction.atomic
def decide_veto(user, event: VetoEvent, confirm: bool, reason: str) -> VetoEvent:
    require(user, "supervision.decide_veto", event, _("只有领导小组办公室可以认定取消称号情形。"))
    if event.status != VetoEvent.Status.PROPOSED:
        raise ValidationError(_("该情形已认定。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写认定理由。")})
    event.decided_by, event.decided_at = user, timezone.now()
    event.decision_reason = reason.strip()
    summary = (_("认定取消称号情形：%s") if confirm else _("不予认定取消称号情形：%s")) % (
        event.get_kind_display()
    )
    move(
        event,
        VetoEvent.Status.CONFIRMED if confirm else VetoEvent.Status.REJECTED,
        table=states.VETO_EVENT,
        by=user,
        kind=OperatorEvent.Kind.VETO,
        summary=summary,
        data={"veto": event.pk},
    )
    return event


def take_veto_decision(user, event: VetoEvent, confirm: bool, reason: str) -> VetoEvent:
    """The office's decision on a veto event as the pages and the API take it.

    The use case belongs to the app above that holds the titles (issue 12 item 10b): a
    confirmation revokes the holder's title in the same transaction. Supervision cannot import
    it, so it is found by name (``contributions.decide_veto``, ``core.discovery``); without
    such an app the bare decision is recorded.
    """
    for hook in discovery.contributions("decide_veto"):
        return hook(user, event, confirm, reason)
    return decide_veto(user, event, confirm, reason)
