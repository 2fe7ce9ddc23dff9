"""The use cases of public-opinion incidents (舆情事件): record, judge, hold the interview
(约谈) with a rectification deadline, close. Each checks who may act and whether the state
table allows the move, writes the incident's line on the operator's timeline, in one
transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core import params
from fangxin.core.permissions import require
from fangxin.core.uploads import check_evidence
from fangxin.registry.models import OperatorEvent
from fangxin.registry.services import move, record_event
from fangxin.supervision import services as supervision
from fangxin.supervision.models import Measure, RectificationOrder

from . import states
from .models import Incident, IncidentEvidence

S = Incident.Status
KIND = OperatorEvent.Kind.PUBLIC_OPINION


def _outside() -> str:
    return _("该经营主体不在您的管辖范围内。")


def _check_date(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError({field: _("请填写日期。")})
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    return params.check_date(day, field)


def _check_link(link: str) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as exc:
            raise ValidationError(
                {"link": _("链接须为以 http:// 或 https:// 开头的网址。")}
            ) from exc
    return link


def add_evidence(user, incident: Incident, uploads=()) -> list[IncidentEvidence]:
    """Keep checked files (JPG, PNG, PDF within the size limit) with the incident."""
    require(user, "oversight.record_incident", incident, _outside())
    kept = []
    for upload in uploads:
        checked = check_evidence(upload)
        kept.append(IncidentEvidence(incident=incident).keep(upload, checked))
    return kept


@transaction.atomic
def record_incident(
    user,
    operator,
    *,
    source: str,
    occurred_on: date,
    summary: str,
    link: str = "",
    uploads=(),
) -> Incident:
    """A station (its own area) or the office records an incident about an operator."""
    require(user, "oversight.record_incident", operator, _outside())
    if source not in Incident.Source.values:
        raise ValidationError({"source": _("请选择舆情来源。")})
    _check_date(occurred_on, "occurred_on")
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写舆情摘要。")})
    incident = Incident.objects.create(
        operator=operator,
        source=source,
        link=_check_link(link),
        occurred_on=occurred_on,
        summary=summary.strip(),
        recorded_by=user,
    )
    add_evidence(user, incident, uploads)
    record_event(
        operator,
        KIND,
        _("登记舆情事件（%(source)s）：%(text)s")
        % {"source": incident.get_source_display(), "text": incident.summary},
        user,
        {"incident": incident.pk},
        about=incident,
    )
    return incident


@transaction.atomic
def judge_incident(user, incident: Incident, major: bool, reason: str) -> Incident:
    """The office judges whether the incident has a major social impact (较大社会影响)."""
    require(user, "oversight.judge_incident", incident, _("只有领导小组办公室可以研判舆情。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写研判意见。")})
    incident.judgement_reason = reason.strip()
    incident.judged_by, incident.judged_at = user, timezone.now()
    move(
        incident,
        S.MAJOR if major else S.NOT_MAJOR,
        table=states.INCIDENT,
        by=user,
        kind=KIND,
        summary=(
            _("舆情研判：有较大社会影响（%s）") if major else _("舆情研判：无较大社会影响（%s）")
        )
        % incident.judgement_reason,
    )
    return incident


@transaction.atomic
def hold_interview(
    user,
    incident: Incident,
    *,
    held_on: date,
    summary: str,
    requirement: str,
    area: str,
    working_days: int | None = None,
    kind: str | None = None,
    number: str = "",
) -> Incident:
    """约谈 on an incident judged of major social impact, with a rectification order whose
    deadline counts working days from the interview (supervision's Measure and
    RectificationOrder on the basis ``public_opinion``, their basis note naming the incident).
    Refused for an incident not (or not yet) judged major."""
    require(user, "oversight.hold_interview", incident, _outside())
    if incident.status != S.MAJOR:
        raise ValidationError(_("只有经研判有较大社会影响的舆情事件才能进行约谈。"))
    _check_date(held_on, "held_on")
    note = _("舆情事件 #%(pk)d（%(day)s）：%(text)s") % {
        "pk": incident.pk,
        "day": incident.occurred_on,
        "text": incident.summary,
    }
    incident.measure = supervision.record_measure_on_basis(
        user,
        incident.operator,
        Measure.Basis.PUBLIC_OPINION,
        note,
        Measure.Kind.INTERVIEW,
        held_on,
        summary,
    )
    incident.order = supervision.issue_order_on_basis(
        user,
        incident.operator,
        RectificationOrder.Basis.PUBLIC_OPINION,
        note,
        requirement,
        area,
        kind=kind,
        working_days=working_days,
        issued_on=held_on,
        number=number,
    )
    move(
        incident,
        S.INTERVIEWED,
        table=states.INCIDENT,
        by=user,
        kind=KIND,
        summary=_("因舆情事件约谈，整改期限至%(due)s") % {"due": incident.order.due_on},
        data={"measure": incident.measure.pk, "order": incident.order.pk},
    )
    return incident


@transaction.atomic
def close_incident(user, incident: Incident, note: str) -> Incident:
    """Close a judged incident: one not of major impact at once, an interviewed one once its
    order is verified (销号)."""
    require(user, "oversight.close_incident", incident, _outside())
    order = incident.order
    if incident.status == S.INTERVIEWED and order and order.status != order.Status.VERIFIED:
        raise ValidationError(_("整改尚未核查销号，不能办结。"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写办结说明。")})
    incident.closing_note = note.strip()
    incident.closed_on = timezone.localdate()
    move(
        incident,
        S.CLOSED,
        table=states.INCIDENT,
        by=user,
        kind=KIND,
        summary=_("舆情事件办结：%s") % incident.closing_note,
    )
    return incident
