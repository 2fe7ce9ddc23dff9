"""Complaint and tip-off use cases: intake, routing, the statutory moves, effects, privacy.

Every move checks who may make it and whether the state table allows it, writes its event row
in the same transaction, and tells people only after commit.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fangxin.core import calendar, params, periods
from fangxin.core.models import Station, User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.core.uploads import check_evidence
from fangxin.registry.models import Operator
from fangxin.registry.services import record_event
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision import services as supervision
from fangxin.supervision.attribution import COMPLAINT_CATEGORY_AREAS, DEFAULT_AREA
from fangxin.supervision.models import Finding, Inspection, WatchEntry

from . import reasons, states
from .models import (
    DEMAND_LIMIT,
    TEXT_LIMIT,
    Complaint,
    ComplaintEvent,
    ComplaintEvidence,
    FollowUp,
    PendingEvidence,
    PersonalDataAccess,
)

# No 0/O, 1/I/L: codes are read out over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
MAX_EVIDENCE_FILES = 5
DUE_SOON_WORKING_DAYS = 2
MAX_AMOUNT = Decimal("9999999999.99")

S = Complaint.Status


@dataclass(frozen=True)
class Receipt:
    complaint: Complaint
    # What the submitter needs besides the code on the status page: the phone's last four
    # digits, or a PIN shown once when no phone was given.
    lookup_hint: str
    pin: str


# --- who may do what ------------------------------------------------------------------------
# Each move asks for its named permission (``permissions.py``): the office, or the station the
# item is routed to.

HANDLER_ONLY = gettext_noop("只有承办监管所或领导小组办公室可以处理该投诉举报。")


def _move(user, complaint: Complaint, target: str, note: str = "") -> None:
    if not states.can_move(complaint.kind, complaint.status, target):
        raise ValidationError(
            _("当前状态“%(current)s”不能变更为“%(target)s”。")
            % {"current": complaint.get_status_display(), "target": S(target).label}
        )
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.STATUS,
        from_status=complaint.status,
        to_status=target,
        note=note[:1000],
        actor=user if getattr(user, "is_authenticated", False) else None,
    )
    complaint.status = target


def _station_users(station_id) -> QuerySet:
    if station_id is None:
        return User.objects.filter(role=Role.OFFICE, is_active=True)
    return User.objects.filter(role=Role.STATION, station_id=station_id, is_active=True)


def inspectors_of(station_id) -> QuerySet:
    """The active inspectors of a station, to send to an inspection of an item."""
    return User.objects.filter(role=Role.INSPECTOR, is_active=True, station_id=station_id).order_by(
        "username"
    )


def _deadline(code: str, start: date, complaint: Complaint, *, extended: bool = False) -> date:
    due = periods.deadline(code, start, extended=extended)
    # Which version (and its legal source) set each deadline, so every date can be explained
    # and recomputed when the office confirms or corrects the version or enters the year.
    complaint.periods_used[code] = {
        "rule": due.rule.pk,
        "days": due.rule.days + (due.rule.extension_days if extended else 0),
        "source": due.rule.source,
        "effective_from": due.rule.effective_from.isoformat(),
        "start": start.isoformat(),
        "extended": extended,
        "due": due.due.isoformat(),
        "provisional": due.provisional,
        "confirmed": due.rule.confirmed,
    }
    return due.due


def _refresh_due(complaint: Complaint) -> None:
    """The deadline the item is waiting on now, for lists, the sweep and the dashboards."""
    status = complaint.status
    if status in (S.RECEIVED, S.VERIFYING):
        due = complaint.decide_by
    elif status in (S.ACCEPTED, S.MEDIATING):
        due = complaint.mediation_ends_by
    elif status in (S.MEDIATION_FAILED, S.CASE_OPENED, S.NO_CASE) and not complaint.notified_on:
        due = complaint.notify_by
    else:
        due = None
    if due != complaint.due_on:
        # A new deadline starts unflagged; the next sweep judges it afresh.
        complaint.alert = Complaint.Alert.NONE
    complaint.due_on = due


# --- intake ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stash:
    """The files a form holds between attempts, and why any new upload was refused."""

    files: list[PendingEvidence]
    errors: list[str]


def pending_evidence(token: str) -> list[PendingEvidence]:
    return list(PendingEvidence.objects.filter(form_token=token)) if token else []


@transaction.atomic
def stash_evidence(token: str, uploads=(), *, remove=()) -> Stash:
    """Keep the accepted uploads of an intake form that may still be refused (a wrong CAPTCHA,
    a missing field), so the person does not choose the files again. Each upload is checked by
    its content like any evidence; ``remove`` drops earlier files of the same form only."""
    remove_ids = [int(pk) for pk in remove if str(pk).isdigit() and len(str(pk)) < 19]
    gone = list(PendingEvidence.objects.filter(form_token=token, pk__in=remove_ids))
    for item in gone:
        item.delete()
        transaction.on_commit(lambda name=item.file.name: _delete_file(name))
    files = pending_evidence(token)
    errors: list[str] = []
    for upload in uploads:
        try:
            checked = check_evidence(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if any(kept.sha256 == checked.sha256 for kept in files):
            # Chosen again after a refusal: the same file is kept once.
            continue
        if len(files) >= MAX_EVIDENCE_FILES:
            errors.append(
                _("证据材料最多%(n)d个，“%(name)s”未保存。")
                % {"n": MAX_EVIDENCE_FILES, "name": checked.name}
            )
            continue
        files.append(PendingEvidence(form_token=token).keep(upload, checked))
    return Stash(files, errors)


def _delete_file(name: str) -> None:
    default_storage.delete(name)


def sweep_pending_evidence(now=None) -> int:
    """Delete the files of forms left unfinished for longer than
    ``FANGXIN_COMPLAINT_PENDING_HOURS``; each row once, whoever else sweeps."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.FANGXIN_COMPLAINT_PENDING_HOURS)
    removed = 0
    for item in PendingEvidence.objects.filter(uploaded_at__lt=cutoff).only("pk", "file"):
        deleted, _rows = PendingEvidence.objects.filter(pk=item.pk).delete()
        if deleted:
            _delete_file(item.file.name)
            removed += 1
    return removed


def _new_code() -> str:
    while True:
        code = "TS" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not Complaint.objects.filter(tracking_code=code).exists():
            return code


def clean_phone(phone: str) -> str:
    phone = re.sub(r"[\s()（）]", "", phone or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not PHONE_RE.match(phone):
        raise ValidationError(
            {"phone": _("联系电话格式不正确：请填写11位手机号或带区号的固定电话。")}
        )
    return phone


def _validate_intake(
    *, kind, name, phone, operator, operator_text, category, description, demand, amount
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in Complaint.Kind.values:
        errors["kind"] = _("请选择投诉或举报。")
    if kind == Complaint.Kind.COMPLAINT and not (name and phone):
        # Order 20: a complaint needs the complainant's name and phone to be mediated.
        errors["name"] = _("投诉需要调解，请填写姓名和联系电话；不愿留名的请选择“举报”。")
    if len(name) > 50:
        errors["name"] = _("姓名不能超过50个字。")
    if operator is None and not operator_text:
        errors["operator_text"] = _("请选择或填写被投诉（举报）的经营者。")
    if len(operator_text) > 200:
        errors["operator_text"] = _("经营者名称不能超过200个字。")
    if category not in Complaint.Category.values:
        errors["category"] = _("请选择问题类别。")
    if not description:
        errors["description"] = _("请描述事实经过。")
    elif len(description) > TEXT_LIMIT:
        errors["description"] = _("事实经过不能超过%d个字。") % TEXT_LIMIT
    if len(demand) > DEMAND_LIMIT:
        errors["demand"] = _("诉求不能超过%d个字。") % DEMAND_LIMIT
    if amount is not None and (not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT):
        errors["amount_claimed"] = _("涉及金额应为0到99亿元之间的数字。")
    return errors


@transaction.atomic
def submit(
    *,
    kind: str,
    channel: str,
    description: str,
    category: str,
    name: str = "",
    phone: str = "",
    consent_contact: bool = False,
    operator: Operator | None = None,
    operator_text: str = "",
    platform: str = "",
    order_number: str = "",
    demand: str = "",
    amount_claimed: Decimal | None = None,
    evidence=(),
    pending=(),
    received_on: date | None = None,
    external_id: str = "",
    user=None,
    notify: bool = True,
    consent_survey: bool = False,
) -> Receipt:
    """Register a complaint or tip-off, route it, set its first deadline, tell the station
    (unless ``notify`` is off: a bulk import tells each station once, see notify_received).

    ``evidence`` are uploads, checked here; ``pending`` are files an intake form already
    checked and kept (``stash_evidence``): they become the item's evidence."""
    name, operator_text = (name or "").strip(), (operator_text or "").strip()
    description, demand = (description or "").strip(), (demand or "").strip()
    errors = {}
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(
        _validate_intake(
            kind=kind,
            name=name,
            phone=phone,
            operator=operator,
            operator_text=operator_text,
            category=category,
            description=description,
            demand=demand,
            amount=amount_claimed,
        )
    )
    evidence, pending = list(evidence), list(pending)
    if len(evidence) + len(pending) > MAX_EVIDENCE_FILES:
        errors["evidence"] = _("证据材料最多上传%d个文件。") % MAX_EVIDENCE_FILES
    checked = []
    for upload in evidence:
        try:
            checked.append((upload, check_evidence(upload)))
        except ValidationError as exc:
            errors["evidence"] = exc.messages[0]
    if received_on is not None and not params.date_in_range(received_on):
        errors["received_on"] = params.too_early_message()
    if errors:
        raise ValidationError(errors)
    received_on = received_on or timezone.localdate()
    pin = "" if phone else f"{secrets.randbelow(10000):04d}"
    complaint = Complaint(
        tracking_code=_new_code(),
        lookup_tail=phone[-4:] if phone else pin,
        kind=kind,
        channel=channel,
        external_id=external_id,
        received_on=received_on,
        complainant_name=name,
        complainant_phone=phone,
        consent_contact=bool(consent_contact and phone),
        # A survey needs someone to call.
        consent_survey=bool(consent_survey and phone),
        operator=operator,
        operator_text=operator_text if operator is None else "",
        platform=platform.strip()[:50],
        order_number=order_number.strip()[:64],
        category=category,
        description=description,
        demand=demand,
        amount_claimed=amount_claimed,
        station_id=operator.area.station_id if operator else None,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    code = "tipoff_verification" if complaint.is_tipoff else "complaint_acceptance"
    complaint.decide_by = _deadline(code, received_on, complaint)
    _refresh_due(complaint)
    complaint.save()
    for upload, info in checked:
        ComplaintEvidence(complaint=complaint).keep(upload, info)
    for kept in pending:
        kept.file_as(ComplaintEvidence(complaint=complaint))
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.RECEIVED,
        to_status=complaint.status,
        to_station_id=complaint.station_id,
        note=complaint.get_channel_display(),
        actor=complaint.created_by,
    )
    if notify:
        subject = _("新%(kind)s待处理：%(code)s") % {
            "kind": complaint.get_kind_display(),
            "code": complaint.tracking_code,
        }
        station_id = complaint.station_id
        transaction.on_commit(
            lambda: notify_users(
                _station_users(station_id), subject, complaint.respondent, link=_page(complaint)
            )
        )
    hint = _("手机号后四位") if phone else _("查询密码 %s") % pin
    return Receipt(complaint, hint, pin)


def _page(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def notify_received(complaints) -> None:
    """One message per station (the office for unrouted items) for a batch of new items."""
    by_station: dict[int | None, list[str]] = {}
    for complaint in complaints:
        by_station.setdefault(complaint.station_id, []).append(complaint.tracking_code)
    for station_id, codes in by_station.items():
        notify_users(
            _station_users(station_id),
            _("导入%d件新投诉举报待处理") % len(codes),
            "、".join(codes[:50]) + ("…" if len(codes) > 50 else ""),
            link=reverse("complaints:list") + "?status=received",
        )


def track(code: str, secret: str) -> Complaint | None:
    """The item for the public status page, or None: a wrong code and a wrong phone tail look
    the same, so the page never tells whether a code exists."""
    code, secret = (code or "").strip().upper(), (secret or "").strip()
    if not code or len(secret) != 4 or not (secret.isascii() and secret.isdigit()):
        return None
    complaint = Complaint.objects.filter(tracking_code=code).first()
    expected = complaint.lookup_tail if complaint else "----"
    if not secrets.compare_digest(expected, secret) or complaint is None:
        return None
    return complaint


# --- routing --------------------------------------------------------------------------------


@transaction.atomic
def assign(user, complaint: Complaint, *, station: Station | None, operator=None, note="") -> None:
    """Route to another station (or identify the operator during triage), keeping history."""
    require(
        user, "complaints.assign", complaint, message=_("只有领导小组办公室或承办监管所可以改派。")
    )
    if not complaint.is_open:
        raise ValidationError(_("已办结的投诉举报不能改派。"))
    if operator is not None:
        complaint.operator, complaint.operator_text = operator, ""
        station = station or operator.area.station
    if station is None:
        raise ValidationError({"station": _("请选择承办监管所。")})
    if not note.strip() and complaint.station_id is not None:
        raise ValidationError({"note": _("改派请填写理由。")})
    previous = complaint.station_id
    complaint.station = station
    complaint.save()
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.ROUTED,
        from_station_id=previous,
        to_station=station,
        note=note.strip()[:1000],
        actor=user,
    )
    subject = _("投诉举报已分派至本所：%s") % complaint.tracking_code
    transaction.on_commit(
        lambda: notify_users(
            _station_users(station.pk), subject, complaint.respondent, link=_page(complaint)
        )
    )


# --- complaints: acceptance, mediation -----------------------------------------------------


@transaction.atomic
def accept(user, complaint: Complaint, on: date | None = None) -> Complaint:
    require(user, "complaints.accept", complaint, message=_(HANDLER_ONLY))
    on = on or timezone.localdate()
    if complaint.operator_id is None:
        raise ValidationError(_("受理前请先确认被投诉经营主体。"))
    _move(user, complaint, S.ACCEPTED)
    complaint.decided_on = on
    complaint.mediation_ends_by = _deadline("complaint_mediation", on, complaint)
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def refuse(user, complaint: Complaint, reason_code: str, note: str = "", on=None) -> Complaint:
    require(user, "complaints.refuse", complaint, message=_(HANDLER_ONLY))
    # The grounds in force on the receipt date, as for the deadlines.
    reason = reasons.for_date(complaint.received_on).get(reason_code)
    if reason is None:
        raise ValidationError({"reason": _("请选择不予受理的法定情形。")})
    _move(user, complaint, S.NOT_ACCEPTED, f"{reason.source} {reason.text} {note}".strip())
    complaint.decided_on = on or timezone.localdate()
    complaint.not_accepted_reason = reason.code
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def start_mediation(user, complaint: Complaint) -> Complaint:
    require(user, "complaints.mediate", complaint, message=_(HANDLER_ONLY))
    _move(user, complaint, S.MEDIATING)
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def record_testing(user, complaint: Complaint, started_on: date, ended_on: date, note: str):
    """Time spent on testing, inspection or appraisal does not count against mediation."""
    require(user, "complaints.record_testing", complaint, message=_(HANDLER_ONLY))
    if complaint.status not in (S.ACCEPTED, S.MEDIATING):
        raise ValidationError(_("只有调解期间可以登记检测鉴定时间。"))
    if ended_on < started_on:
        raise ValidationError({"ended_on": _("结束日期不能早于开始日期。")})
    if started_on < complaint.decided_on or ended_on > timezone.localdate():
        raise ValidationError({"started_on": _("检测鉴定期间应在受理之后、今天之前。")})
    earlier = complaint.periods_used.setdefault("testing", [])
    if any(
        started_on.isoformat() <= end and start <= ended_on.isoformat() for start, end in earlier
    ):
        raise ValidationError({"started_on": _("与已登记的检测鉴定期间重叠。")})
    if not note.strip():
        raise ValidationError({"note": _("请填写检测鉴定事项。")})
    earlier.append([started_on.isoformat(), ended_on.isoformat()])
    days = calendar.working_days_between(started_on - timedelta(days=1), ended_on).value
    if days < 1:
        raise ValidationError(_("该期间没有工作日，调解期限不变。"))
    complaint.testing_days += days
    complaint.mediation_ends_by = calendar.add_working_days(complaint.mediation_ends_by, days).value
    _refresh_due(complaint)
    complaint.save()
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.TESTING,
        note=_("%(note)s：%(start)s至%(end)s，%(days)d个工作日不计入调解期限")
        % {"note": note.strip(), "start": started_on, "end": ended_on, "days": days},
        actor=user,
    )
    return complaint


@transaction.atomic
def end_mediation(
    user,
    complaint: Complaint,
    *,
    agreed: bool,
    agreement: str,
    amount_recovered: Decimal = Decimal(0),
    on: date | None = None,
) -> Complaint:
    require(user, "complaints.mediate", complaint, message=_(HANDLER_ONLY))
    on = on or timezone.localdate()
    if not agreement.strip():
        raise ValidationError({"agreement": _("请填写调解结果。")})
    if (
        not amount_recovered.is_finite()
        or amount_recovered < 0
        or amount_recovered > MAX_AMOUNT
        or amount_recovered != amount_recovered.quantize(Decimal("0.01"))
    ):
        raise ValidationError(
            {"amount_recovered": _("挽回金额应为0到99亿元之间、最多两位小数的数字。")}
        )
    _move(user, complaint, S.MEDIATED if agreed else S.MEDIATION_FAILED, agreement)
    complaint.mediation_ended_on = on
    complaint.agreement = agreement.strip()[:1000]
    complaint.amount_recovered = amount_recovered if agreed else Decimal(0)
    if not agreed:
        complaint.notify_by = _deadline("complaint_mediation_notice", on, complaint)
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def record_notice(user, complaint: Complaint, on: date | None = None, note: str = ""):
    """The parties (or the named informant) were told of the decision."""
    require(user, "complaints.record_notice", complaint, message=_(HANDLER_ONLY))
    if complaint.notify_by is None or complaint.notified_on is not None:
        raise ValidationError(_("当前没有待告知的事项。"))
    complaint.notified_on = on or timezone.localdate()
    _refresh_due(complaint)
    complaint.save()
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.NOTICE, note=note.strip()[:1000], actor=user
    )
    return complaint


# --- tip-offs -------------------------------------------------------------------------------


@transaction.atomic
def start_verification(user, complaint: Complaint) -> Complaint:
    require(user, "complaints.verify", complaint, message=_(HANDLER_ONLY))
    if complaint.operator_id is None:
        raise ValidationError(_("核查前请先确认被举报经营主体。"))
    _move(user, complaint, S.VERIFYING)
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def extend_verification(user, complaint: Complaint, reason: str) -> Complaint:
    require(user, "complaints.extend_verification", complaint, message=_(HANDLER_ONLY))
    if not complaint.is_tipoff or complaint.status not in (S.RECEIVED, S.VERIFYING):
        raise ValidationError(_("只有核查中的举报可以延长期限。"))
    if complaint.decision_extended:
        raise ValidationError(_("核查期限只能延长一次。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写延长理由。")})
    complaint.decide_by = _deadline(
        "tipoff_verification", complaint.received_on, complaint, extended=True
    )
    complaint.decision_extended, complaint.extension_reason = True, reason.strip()[:300]
    _refresh_due(complaint)
    complaint.save()
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.EXTENDED, note=reason.strip(), actor=user
    )
    return complaint


@transaction.atomic
def decide_tipoff(user, complaint: Complaint, *, open_case: bool, reason: str = "", on=None):
    """Open a case from the tip-off, or decide not to with a reason; a named informant is told
    within the notice period."""
    require(user, "complaints.decide", complaint, message=_(HANDLER_ONLY))
    on = on or timezone.localdate()
    if open_case:
        _move(user, complaint, S.CASE_OPENED)
        case = supervision.open_case(
            user,
            complaint.operator,
            _("举报%(code)s：%(text)s")
            % {"code": complaint.tracking_code, "text": complaint.description[:200]},
            complaint.received_on,
        )
        supervision.decide_filing(user, case, True, on)
        complaint.case = case
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("请填写不予立案理由。")})
        _move(user, complaint, S.NO_CASE, reason)
        complaint.no_case_reason = reason.strip()[:500]
    complaint.decided_on = on
    if complaint.complainant_name and complaint.complainant_phone:
        complaint.notify_by = _deadline("tipoff_informant_notice", on, complaint)
    _refresh_due(complaint)
    complaint.save()
    return complaint


@transaction.atomic
def merge(user, complaint: Complaint, into: Complaint, note: str = "") -> Complaint:
    """A repeated tip-off on the same facts is handled once, with the first one."""
    require(user, "complaints.merge", complaint, message=_(HANDLER_ONLY))
    if into.pk == complaint.pk or not into.is_tipoff or not complaint.is_tipoff:
        raise ValidationError(_("只能合并到另一件举报。"))
    if complaint.operator_id is None or into.operator_id != complaint.operator_id:
        raise ValidationError(_("只能合并到同一经营主体的举报；请先确认被举报经营主体。"))
    if into.merged_into_id:
        raise ValidationError(_("只能合并到同一经营主体、尚未被合并的举报。"))
    _move(user, complaint, S.MERGED, note or into.tracking_code)
    complaint.merged_into = into
    complaint.closed_on = timezone.localdate()
    _refresh_due(complaint)
    complaint.save()
    return complaint


def possible_duplicates(complaint: Complaint) -> QuerySet:
    if not complaint.is_tipoff or complaint.operator_id is None:
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(
            kind=Complaint.Kind.TIPOFF,
            operator_id=complaint.operator_id,
            merged_into__isnull=True,
            received_on__gte=complaint.received_on - timedelta(days=90),
        )
        .exclude(pk=complaint.pk)
        .exclude(status=S.MERGED)
    )


# --- links to supervision -------------------------------------------------------------------


@transaction.atomic
def spawn_finding(user, complaint: Complaint, *, description: str, severity: str, on=None):
    require(user, "complaints.record_finding", complaint, message=_(HANDLER_ONLY))
    if complaint.operator_id is None:
        raise ValidationError(_("请先确认被投诉经营主体。"))
    finding = supervision.create_finding(
        user,
        complaint.operator,
        source=Finding.Source.COMPLAINT,
        description=description,
        severity=severity,
        found_on=on or timezone.localdate(),
        # The complaint's category says the area; its kind, for an operator doing both, stays
        # open: the finding counts for both enrolments (fangxin.supervision.attribution).
        area_code=COMPLAINT_CATEGORY_AREAS.get(complaint.category, DEFAULT_AREA),
    )
    complaint.finding = finding
    complaint.save(update_fields=["finding"])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.LINK,
        note=_("登记问题：%s") % finding.description[:200],
        actor=user,
    )
    return finding


@transaction.atomic
def spawn_inspection(user, complaint: Complaint, *, inspectors, planned_on: date):
    require(user, "complaints.order_inspection", complaint, message=_(HANDLER_ONLY))
    if complaint.operator_id is None:
        raise ValidationError(_("请先确认被投诉经营主体。"))
    inspection = supervision.create_inspection(
        user,
        complaint.operator,
        source=Inspection.Source.COMPLAINT,
        inspectors=inspectors,
        planned_on=planned_on,
        free_items=[_("核查投诉举报%s反映的问题") % complaint.tracking_code],
    )
    complaint.inspection = inspection
    complaint.save(update_fields=["inspection"])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.LINK,
        note=_("安排检查：%s") % planned_on,
        actor=user,
    )
    return inspection


# --- closing, effects -----------------------------------------------------------------------


@transaction.atomic
def close(user, complaint: Complaint, *, substantiated: bool, note: str = "", on=None):
    """Close with the classification the consumer evaluation reads; a third substantiated
    complaint within the window makes the operator a key supervision target."""
    require(user, "complaints.close", complaint, message=_(HANDLER_ONLY))
    on = on or timezone.localdate()
    if complaint.notify_by and not complaint.notified_on:
        raise ValidationError(_("请先登记告知当事人的情况，再办结。"))
    _move(user, complaint, S.CLOSED, note)
    complaint.closed_on = on
    complaint.substantiated = bool(substantiated)
    complaint.close_note = note.strip()[:1000]
    _refresh_due(complaint)
    complaint.save()
    if complaint.operator_id:
        verdict = _("属实") if complaint.substantiated else _("不属实")
        record_event(
            complaint.operator,
            "complaint",
            _("%(kind)s%(code)s办结（%(verdict)s）")
            % {
                "kind": complaint.get_kind_display(),
                "code": complaint.tracking_code,
                "verdict": verdict,
            },
            user,
            {"complaint": complaint.pk, "substantiated": complaint.substantiated},
            about=complaint,
        )
        if complaint.substantiated and complaint.kind == Complaint.Kind.COMPLAINT:
            _watch_if_repeated(complaint.operator, on)
    return complaint


def substantiated_complaints(operator, start: date, end: date) -> QuerySet:
    """Substantiated complaints received in [start, end]: what the consumer dimension reads."""
    return Complaint.objects.substantiated().filter(
        operator=operator, received_on__range=(start, end)
    )


def _watch_if_repeated(operator: Operator, on: date) -> WatchEntry | None:
    count_needed = settings.FANGXIN_COMPLAINT_WATCH_COUNT
    window = settings.FANGXIN_COMPLAINT_WATCH_DAYS
    recent = substantiated_complaints(operator, on - timedelta(days=window), on)
    count = recent.count()
    if count < count_needed:
        return None
    targets = supervision_facts.key_targets_for(operator.pk, on)
    if any(target.source == WatchEntry.Source.COMPLAINTS for target in targets):
        return None
    codes = "、".join(recent.order_by("received_on").values_list("tracking_code", flat=True))
    entry = supervision.add_watch_entry(
        None,
        operator,
        _("%(days)d日内属实投诉%(count)d件（%(codes)s）")
        % {"days": window, "count": count, "codes": codes},
        on,
        source=WatchEntry.Source.COMPLAINTS,
    )
    subject = _("%s已列为重点监管对象") % operator.name
    station_id = operator.area.station_id
    link = reverse("registry:operator-detail", args=[operator.pk])
    transaction.on_commit(
        lambda: notify_users(_station_users(station_id), subject, entry.reason, link=link)
    )
    return entry


@transaction.atomic
def add_follow_up(user, complaint: Complaint, *, visited_on, method, satisfaction, note=""):
    require(user, "complaints.follow_up", complaint, message=_(HANDLER_ONLY))
    if complaint.status not in (S.CLOSED, S.MEDIATED, S.MEDIATION_FAILED, S.NO_CASE):
        raise ValidationError(_("处理完毕后才能回访。"))
    if method not in FollowUp.Method.values or satisfaction not in FollowUp.Satisfaction.values:
        raise ValidationError(_("请选择回访方式和评价。"))
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("回访日期不能晚于今天。")})
    follow_up = FollowUp.objects.create(
        complaint=complaint,
        visited_on=visited_on,
        method=method,
        satisfaction=satisfaction,
        note=note.strip()[:500],
        created_by=user,
    )
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.FOLLOW_UP,
        note=f"{follow_up.get_method_display()}：{follow_up.get_satisfaction_display()}",
        actor=user,
    )
    return follow_up


# --- privacy --------------------------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """Only the first three digits: the last four are the status page's second factor."""
    return phone[:3] + "*" * (len(phone) - 3) if phone else ""


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def complainant(user, complaint: Complaint, *, via: str) -> dict[str, str]:
    """Name and phone as ``user`` may see them; seeing them unmasked is logged."""
    if not (complaint.complainant_name or complaint.complainant_phone):
        return {"name": _("匿名"), "phone": "", "masked": False}
    if user is not None and user.has_perm("complaints.see_complainant", complaint):
        PersonalDataAccess.objects.create(complaint=complaint, user=user, via=via)
        return {
            "name": complaint.complainant_name,
            "phone": complaint.complainant_phone,
            "masked": False,
        }
    return {
        "name": mask_name(complaint.complainant_name),
        "phone": mask_phone(complaint.complainant_phone),
        "masked": True,
    }


# --- the sweep ------------------------------------------------------------------------------


def sweep(today: date) -> int:
    """Mark items due soon or overdue, each change once (conditional update), and tell the
    station when an item turns overdue."""
    changed = 0
    soon_limit = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).value
    open_items = Complaint.objects.exclude(status__in=states.FINAL).exclude(due_on__isnull=True)
    for item in open_items.only("pk", "due_on", "alert", "station_id", "tracking_code"):
        if item.due_on < today:
            alert = Complaint.Alert.OVERDUE
        elif item.due_on <= soon_limit:
            alert = Complaint.Alert.DUE_SOON
        else:
            alert = Complaint.Alert.NONE
        if alert == item.alert:
            continue
        updated = Complaint.objects.filter(pk=item.pk, alert=item.alert).update(alert=alert)
        if not updated:
            continue
        changed += 1
        if alert:
            ComplaintEvent.objects.create(
                complaint_id=item.pk, kind=ComplaintEvent.Kind.ALERT, note=alert
            )
        if alert == Complaint.Alert.OVERDUE:
            notify_users(
                _station_users(item.station_id),
                _("投诉举报已超期：%s") % item.tracking_code,
                _("期限：%s") % item.due_on,
                link=_page(item),
            )
    return changed
