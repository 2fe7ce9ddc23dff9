"""Titles' use cases: publish the notice, take and resolve objections, award, confirm a veto
(which revokes), expire. Each owns its transaction and asks its permission once."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fangxin.core import otp
from fangxin.core.calendar import add_working_days
from fangxin.core.discovery import contributions
from fangxin.core.facts import Window
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.core.uploads import check_evidence
from fangxin.evaluation import facts as evaluation_facts
from fangxin.evaluation import services as evaluation
from fangxin.programme.models import Campaign, Enrolment, Kind
from fangxin.registry.masking import mask_phone
from fangxin.registry.services import move
from fangxin.registry.validators import clean_phone
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision import services as supervision
from fangxin.supervision.models import VetoEvent

from . import states
from .models import (
    REPLY_MAX,
    Candidate,
    CertificateCounter,
    Notice,
    Objection,
    ObjectionEvidence,
    PendingObjectionEvidence,
    Reevaluation,
    ReevaluationEvidence,
    Reply,
    Title,
    TitleEvent,
)

# -- settings --------------------------------------------------------------------------------


def notice_working_days() -> int:
    """The default notice period in working days (``FANGXIN_TITLE_NOTICE_WORKING_DAYS``)."""
    return int(getattr(settings, "FANGXIN_TITLE_NOTICE_WORKING_DAYS", 5))


def certificate_prefix() -> str:
    """The county's certificate prefix (``FANGXIN_CERTIFICATE_PREFIX``, default ``CXFX``)."""
    return str(getattr(settings, "FANGXIN_CERTIFICATE_PREFIX", "CXFX") or "CXFX")


def validity_years() -> int:
    return int(getattr(settings, "FANGXIN_TITLE_VALID_YEARS", 1))


def valid_until(awarded_on: date, years: int | None = None) -> date:
    """The last day of validity: the day before the same date ``years`` later (29 February
    goes to 28 February)."""
    years = validity_years() if years is None else years
    try:
        same_day = awarded_on.replace(year=awarded_on.year + years)
    except ValueError:
        same_day = awarded_on.replace(year=awarded_on.year + years, day=28)
    return same_day - timedelta(days=1)


def public_base_url() -> str:
    """The public address printed certificates' QR codes link to (``FANGXIN_PUBLIC_BASE_URL``),
    without a trailing slash; empty when it is not configured."""
    return str(getattr(settings, "FANGXIN_PUBLIC_BASE_URL", "") or "").strip().rstrip("/")


def base_url_refusal(base_url: str | None = None) -> str | None:
    """Why no title can be awarded while the public address is missing, in words; None when
    it is configured. A printed certificate lasts: its QR code must link to the public
    verification page by an address that stays, not to whichever host served the print."""
    address = public_base_url() if base_url is None else base_url.strip()
    if not address:
        return _(
            "尚未配置公开访问地址（设置项 FANGXIN_PUBLIC_BASE_URL，例如 "
            "https://fangxin.example.gov.cn），证书上的二维码无法指向核验页面，暂不能授予称号。"
            "请系统管理员配置后再授予。"
        )
    return None


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# -- the public notice (公示) ----------------------------------------------------------------


def current_notice(campaign: Campaign, kind: str) -> Notice | None:
    """The notice of a campaign and kind in force: the latest, not corrected by another."""
    return (
        Notice.objects.filter(campaign=campaign, kind=kind, corrections__isnull=True)
        .order_by("-pk")
        .first()
    )


def _accounts(operator) -> list[str]:
    return [f"{a.get_platform_display()}：{a.handle}" for a in operator.accounts.all()]


@transaction.atomic
def publish_notice(
    user,
    campaign: Campaign,
    kind: str,
    *,
    working_days: int | None = None,
    corrects: Notice | None = None,
    note: str = "",
    today: date | None = None,
) -> Notice:
    """Publish the candidates of ``kind`` (from evaluation's results) as one notice, all or
    nothing. A second notice for the same campaign and kind must be a correction of the one in
    force, saying what it corrects; candidates withdrawn on an upheld objection stay withdrawn."""
    require(user, "titles.publish_notice", message=_("只有领导小组办公室可以发布称号公示。"))
    today = _today(today)
    # Two office users publishing at once: the second waits and then sees the first's notice.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    if kind not in Kind.values:
        raise ValidationError({"kind": _("未知的经营类型。")})
    if not evaluation_facts.scoring_closed(campaign.pk):
        raise ValidationError(
            _("%(year)s年度评分尚未截止，不能发布公示。") % {"year": campaign.year}
        )
    days = notice_working_days() if working_days is None else working_days
    if not 1 <= days <= 30:
        raise ValidationError({"working_days": _("公示期应为1至30个工作日。")})
    in_force = current_notice(campaign, kind)
    note = note.strip()
    withdrawn: dict[int, str] = {}
    if corrects is None:
        if in_force is not None:
            raise ValidationError(
                _("本年度该类型已发布公示，不能重复发布；如需更正，请发布更正公示。")
            )
    else:
        if in_force is None or corrects.pk != in_force.pk:
            raise ValidationError(_("只能更正现行的公示。"))
        if not note:
            raise ValidationError({"note": _("请说明更正的内容。")})
        if Title.objects.filter(candidate__notice=corrects).exists():
            raise ValidationError(_("该公示已授予称号，不能更正。"))
        if Objection.objects.filter(
            candidate__notice=corrects, status=Objection.Status.OPEN
        ).exists():
            raise ValidationError(_("原公示还有未处理的异议，请先处理。"))
        withdrawn = dict(
            corrects.candidates.filter(withdrawn=True).values_list(
                "enrolment_id", "withdrawn_reason"
            )
        )
    facts = evaluation_facts.candidates(campaign.pk, kind)
    if not facts:
        raise ValidationError(_("没有达到授牌条件的对象，无法发布公示。"))
    # A credit punishment in force keeps a candidate from the title: shown withdrawn, with why.
    excluded = title_exclusions([fact.operator_id for fact in facts], today)
    for fact in facts:
        if fact.operator_id in excluded and fact.ref.pk not in withdrawn:
            withdrawn[fact.ref.pk] = excluded[fact.operator_id]
    notice = Notice.objects.create(
        campaign=campaign,
        kind=kind,
        starts_on=today,
        ends_on=add_working_days(today, days).value,
        working_days=days,
        corrects=corrects,
        correction_note=note,
        published_by=user,
    )
    enrolments = Enrolment.objects.select_related("operator__area").prefetch_related(
        "operator__accounts"
    )
    by_pk = enrolments.in_bulk([fact.ref.pk for fact in facts])
    Candidate.objects.bulk_create(
        [
            Candidate(
                notice=notice,
                enrolment_id=fact.ref.pk,
                operator_id=fact.operator_id,
                name=by_pk[fact.ref.pk].operator.name,
                area_name=by_pk[fact.ref.pk].operator.area.name,
                accounts=_accounts(by_pk[fact.ref.pk].operator),
                score=fact.published,
                withdrawn=fact.ref.pk in withdrawn,
                withdrawn_reason=withdrawn.get(fact.ref.pk, ""),
            )
            for fact in facts
        ]
    )
    return notice


def title_exclusions(operator_ids: list[int], on: date) -> dict[int, str]:
    """Operators an app above titles keeps from a title on ``on`` (oversight's credit
    punishment), each with the reason in words; found by name (``core.discovery``), as titles
    may not import the apps above it."""
    found: dict[int, str] = {}
    for exclusions in contributions("title_exclusions"):
        for operator_id, reason in exclusions(operator_ids, on).items():
            found.setdefault(operator_id, reason)
    return found


# -- objections (异议) -----------------------------------------------------------------------


def _tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "YY" + "".join(secrets.choice(alphabet) for _i in range(10))


def objection_refusal(candidate: Candidate, today: date) -> str | None:
    """Why no objection to ``candidate`` is taken today, in words; None when one is."""
    notice = candidate.notice
    if today < notice.starts_on:
        return _("公示尚未开始。")
    if today > notice.ends_on:
        return _("公示已于%(date)s结束，不再受理异议。") % {"date": notice.ends_on.isoformat()}
    if notice.corrections.exists():
        return _("该公示已被更正，请对更正后的公示提出异议。")
    if candidate.withdrawn:
        return _("该对象已撤回公示。")
    return None


@transaction.atomic
def submit_objection(
    candidate: Candidate, *, name: str, phone: str, facts: str, today: date | None = None
) -> Objection:
    """Anyone objects to a candidate during the period of a notice in force."""
    today = _today(today)
    notice = candidate.notice
    refusal = objection_refusal(candidate, today)
    if refusal:
        raise ValidationError(refusal)
    errors = {}
    if not name.strip():
        errors["name"] = _("请填写真实姓名。")
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    else:
        if not phone:
            errors["phone"] = _("请填写联系电话。")
    if not facts.strip():
        errors["facts"] = _("请填写异议事实。")
    if errors:
        raise ValidationError(errors)
    code = _tracking_code()
    while Objection.objects.filter(tracking_code=code).exists():
        code = _tracking_code()
    objection = Objection.objects.create(
        candidate=candidate,
        name=name.strip(),
        phone=phone,
        facts=facts.strip(),
        tracking_code=code,
    )
    offices = User.objects.filter(role=Role.OFFICE, is_active=True)
    transaction.on_commit(
        lambda: notify_users(
            offices,
            _("称号公示收到异议：%s") % candidate.name,
            objection.facts[:200],
            link=reverse("titles:notice", args=[notice.pk]),
        )
    )
    return objection


OBJECTION_PURPOSE = "title-objection"
MAX_OBJECTION_FILES = 5


def objection_purpose(candidate: Candidate) -> str:
    """The one-time code confirms the phone for objecting to this candidate only."""
    return f"{OBJECTION_PURPOSE}:{candidate.pk}"


def send_objection_code(request, candidate: Candidate, phone: str) -> None:
    """Send the objector a one-time code (refused without an SMS backend, rate-limited per IP
    and per phone by ``core.otp``)."""
    otp.issue(request, phone, objection_purpose(candidate))


def _check_objection_phone_rate(request, phone: str) -> None:
    if is_ratelimited(
        request,
        group="titles.objection.phone",
        key=lambda group, request: otp.phone_hash(phone),
        rate=settings.FANGXIN_COMPLAINT_RATE_PHONE,
        increment=True,
    ):
        raise ValidationError(_("该手机号今日提交异议次数已达上限，请明天再试。"))


def pending_objection_evidence(token: str) -> list[PendingObjectionEvidence]:
    """The files kept for the objection form named by ``token``."""
    return list(PendingObjectionEvidence.objects.filter(form_token=token)) if token else []


@transaction.atomic
def stash_objection_evidence(
    token: str, uploads=(), *, remove=()
) -> tuple[list[PendingObjectionEvidence], list[str]]:
    """Keep the accepted uploads of an objection form that may still be refused (a wrong or
    expired one-time code, a missing field), so the objector does not choose the files again.
    Each upload is checked by its content like every upload; ``remove`` drops earlier files
    of the same form only. The files kept, and why any new upload was refused."""
    remove_ids = [int(pk) for pk in remove if str(pk).isdigit() and len(str(pk)) < 19]
    for item in PendingObjectionEvidence.objects.filter(form_token=token, pk__in=remove_ids):
        item.delete()
        transaction.on_commit(lambda name=item.file.name: default_storage.delete(name))
    files = pending_objection_evidence(token)
    errors: list[str] = []
    for upload in uploads:
        try:
            checked = check_evidence(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if any(kept.sha256 == checked.sha256 for kept in files):
            continue  # chosen again after a refusal: kept once
        if len(files) >= MAX_OBJECTION_FILES:
            errors.append(
                _("证据材料最多%(n)d个，“%(name)s”未保存。")
                % {"n": MAX_OBJECTION_FILES, "name": checked.name}
            )
            continue
        files.append(PendingObjectionEvidence(form_token=token).keep(upload, checked))
    return files, errors


def sweep_pending_objection_evidence(now=None) -> int:
    """Delete the files of objection forms left unfinished for longer than
    ``FANGXIN_COMPLAINT_PENDING_HOURS`` (the public forms' one setting); each row once."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=int(getattr(settings, "FANGXIN_COMPLAINT_PENDING_HOURS", 24)))
    removed = 0
    stale = PendingObjectionEvidence.objects.filter(uploaded_at__lt=cutoff).only("pk", "file")
    for item in stale:
        if PendingObjectionEvidence.objects.filter(pk=item.pk).delete()[0]:
            default_storage.delete(item.file.name)
            removed += 1
    return removed


def submit_confirmed_objection(
    request,
    candidate: Candidate,
    *,
    name: str,
    phone: str,
    code: str,
    facts: str,
    evidence=(),
    pending=(),
    today: date | None = None,
) -> Objection:
    """The public form's objection: the phone confirmed by its one-time code, the evidence
    files checked like every upload. Refused when no SMS backend is configured. The files are
    checked and the fields judged before the code is spent, so a refused file costs no code.
    ``evidence`` are uploads, checked here; ``pending`` are files the form kept from an earlier
    attempt (``stash_objection_evidence``), filed with the objection."""
    if not otp.sms.available():
        raise ValidationError(_("短信验证服务未开通，暂不能提交异议。"))
    errors: dict[str, list[str]] = {}
    try:
        phone = otp.normalise_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    uploads = list(evidence)
    pending = list(pending)
    checked = []
    if len(uploads) + len(pending) > MAX_OBJECTION_FILES:
        errors["evidence"] = [_("证据材料最多%(n)s个文件。") % {"n": MAX_OBJECTION_FILES}]
    else:
        for upload in uploads:
            try:
                checked.append((upload, check_evidence(upload)))
            except ValidationError as exc:
                errors.setdefault("evidence", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    refusal = objection_refusal(candidate, _today(today))
    if refusal:
        raise ValidationError(refusal)
    _check_objection_phone_rate(request, phone)
    try:
        otp.verify(phone, objection_purpose(candidate), code)
    except otp.CodeError as exc:
        raise ValidationError({"code": exc.messages}) from exc
    with transaction.atomic():
        objection = submit_objection(candidate, name=name, phone=phone, facts=facts, today=today)
        for upload, found in checked:
            ObjectionEvidence(objection=objection).keep(upload, found)
        for kept in pending:
            kept.file_as(ObjectionEvidence(objection=objection))
    return objection


def objector(user, objection: Objection, *, reveal: bool = False) -> dict[str, str | bool]:
    """The objector's name and phone as ``user`` may see them: masked unless the office asks
    to reveal them, and each revealed view is written to the audit log."""
    if reveal and user.has_perm("titles.view_objections"):
        LogEntry.objects.log_create(
            objection,
            action=LogEntry.Action.ACCESS,
            changes={"name": ["None", "***"], "phone": ["None", "***"]},
            actor=user,
        )
        return {"name": objection.name, "phone": objection.phone, "masked": False}
    name = objection.name[:1] + "*" * max(len(objection.name) - 1, 1)
    return {"name": name, "phone": mask_phone(objection.phone), "masked": True}


@transaction.atomic
def resolve_objection(user, objection: Objection, upheld: bool, reason: str) -> Objection:
    """The office resolves an objection with a reason; upheld withdraws the candidate."""
    require(user, "titles.resolve_objection", message=_("只有领导小组办公室可以处理异议。"))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写处理理由。")})
    if Title.objects.filter(candidate__notice=objection.candidate.notice_id).exists():
        raise ValidationError(_("该公示已授予称号。"))
    objection.resolution = reason.strip()
    objection.resolved_by, objection.resolved_at = user, timezone.now()
    move(
        objection,
        Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED,
        table=states.OBJECTION,
        by=user,
    )
    if upheld:
        Candidate.objects.filter(pk=objection.candidate_id).update(
            withdrawn=True,
            withdrawn_reason=_("异议成立：%s") % objection.resolution,
        )
        # The ledger says why the candidate was withdrawn (a line without points).
        evaluation.record_decision(
            user,
            objection.candidate.enrolment,
            reason=_("公示异议成立，撤回公示（查询码%(code)s）：%(reason)s")
            % {"code": objection.tracking_code, "reason": objection.resolution},
            basis="titles.Objection",
            basis_pk=objection.pk,
        )
    return objection


# -- award -----------------------------------------------------------------------------------


def take_numbers(prefix: str, year: int, count: int) -> list[str]:
    """The next ``count`` certificate numbers of ``prefix`` and ``year``, under a row lock held
    until the caller's transaction ends: gapless, and a rollback gives them back."""
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(prefix=prefix, year=year)], ignore_conflicts=True
    )
    counter = CertificateCounter.objects.select_for_update().get(prefix=prefix, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{prefix}-{year}-{n:04d}" for n in range(first, first + count)]


def award_refusal(notice: Notice, today: date) -> str | None:
    """Why ``notice``'s titles cannot be awarded today, in words; None when they can."""
    if notice.corrections.exists():
        return _("该公示已被更正，请对更正后的公示授予称号。")
    if today <= notice.ends_on:
        return _("公示期至%(date)s结束，期满后才能授予称号。") % {
            "date": notice.ends_on.isoformat()
        }
    if Objection.objects.filter(candidate__notice=notice, status=Objection.Status.OPEN).exists():
        return _("还有未处理的异议，处理完毕后才能授予称号。")
    if Title.objects.filter(candidate__notice=notice).exists():
        return _("该公示的称号已经授予。")
    if not notice.candidates.filter(withdrawn=False).exists():
        return _("公示对象均已撤回，没有可授予的对象。")
    return None


def operator_users(operator_id: int):
    return User.objects.filter(operator_id=operator_id, is_active=True)


@transaction.atomic
def award(
    user, notice: Notice, today: date | None = None, *, base_url: str | None = None
) -> list[Title]:
    """Award the titles of a notice in one step, numbering the certificates. Refused while
    the public address the certificates' QR codes link to is empty: ``base_url``, else the
    setting ``FANGXIN_PUBLIC_BASE_URL`` (the demo passes its local server's)."""
    require(user, "titles.award", message=_("只有领导小组办公室可以授予称号。"))
    if refusal := base_url_refusal(base_url):
        raise ValidationError(refusal)
    today = _today(today)
    notice = Notice.objects.select_for_update().select_related("campaign").get(pk=notice.pk)
    refusal = award_refusal(notice, today)
    if refusal:
        raise ValidationError(refusal)
    lines = list(notice.candidates.filter(withdrawn=False).order_by("-score", "name", "pk"))
    # A credit punishment recorded during the notice period keeps the candidate from the title.
    excluded = title_exclusions([line.operator_id for line in lines], today)
    if excluded and all(line.operator_id in excluded for line in lines):
        raise ValidationError(_("公示对象均在失信惩戒期内，没有可授予的对象。"))
    for line in [line for line in lines if line.operator_id in excluded]:
        line.withdrawn, line.withdrawn_reason = True, excluded[line.operator_id]
        line.save(update_fields=["withdrawn", "withdrawn_reason"])
        lines.remove(line)
    year = notice.campaign.year
    numbers = take_numbers(certificate_prefix(), year, len(lines))
    until = valid_until(today)
    titles = []
    for line, number in zip(lines, numbers, strict=True):
        title = Title.objects.create(
            certificate_no=number,
            candidate=line,
            operator_id=line.operator_id,
            kind=notice.kind,
            holder_name=line.name,
            year=year,
            score=line.score,
            awarded_on=today,
            valid_until=until,
            awarded_by=user,
        )
        TitleEvent.objects.create(title=title, action=TitleEvent.Action.AWARDED, by=user)
        titles.append(title)

    def tell() -> None:
        for title in titles:
            notify_users(
                operator_users(title.operator_id),
                _("恭喜获得“长兴放心电商”称号（%s）") % title.get_kind_display(),
                _("证书编号%(no)s，有效期至%(until)s。")
                % {"no": title.certificate_no, "until": title.valid_until.isoformat()},
                link=reverse("titles:certificate", args=[title.certificate_no]),
            )

    transaction.on_commit(tell)
    return titles


# -- confirming a veto revokes the title (优进劣出) -----------------------------------------


def _veto_fact(event: VetoEvent):
    day = Window(event.occurred_on, event.occurred_on)
    facts = supervision_facts.confirmed_vetoes_for(event.operator_id, day)
    return next(f for f in facts if f.ref.pk == event.pk)


def revoke_for_veto(user, event: VetoEvent, reason: str, today: date | None = None) -> list[Title]:
    """Revoke the operator's valid titles the confirmed veto counts for (its kind's, or both
    when the veto concerns the operator as a whole). Inside the confirmation's transaction."""
    today = _today(today)
    fact = _veto_fact(event)
    revoked = []
    valid = Title.objects.select_for_update().filter(
        operator_id=event.operator_id, status=Title.Status.VALID
    )
    for title in valid.order_by("pk"):
        if not fact.counts_for(title.kind):
            continue
        title.revoked_on = today
        title.revocation_reason = reason
        title.veto_event = event
        move(title, Title.Status.REVOKED, table=states.TITLE, by=user)
        TitleEvent.objects.create(
            title=title,
            action=TitleEvent.Action.REVOKED,
            by=user,
            note=reason,
            data={"veto": event.pk, "situation": event.kind},
        )
        revoked.append(title)
    if revoked:
        station_id = event.operator.area.station_id
        stations = User.objects.filter(role=Role.STATION, station_id=station_id, is_active=True)

        def tell() -> None:
            for title in revoked:
                notify_users(
                    [*operator_users(title.operator_id), *stations],
                    _("“长兴放心电商”称号已撤销：%s") % title.holder_name,
                    _("证书编号%(no)s因%(situation)s撤销。")
                    % {"no": title.certificate_no, "situation": event.get_kind_display()},
                    link=reverse("public-titles:verify", args=[title.certificate_no]),
                )

        transaction.on_commit(tell)
    return revoked


@transaction.atomic
def confirm_veto(user, event: VetoEvent, reason: str, today: date | None = None) -> VetoEvent:
    """The office confirms a veto event: supervision records the decision, and the holder's
    titles it counts for are revoked, in one transaction (a failure undoes both)."""
    require(user, "titles.confirm_veto", message=_("只有领导小组办公室可以认定取消称号情形。"))
    event = supervision.decide_veto(user, event, True, reason)
    revoke_for_veto(user, event, event.decision_reason, today)
    return event


def decide_veto(user, event: VetoEvent, confirm: bool, reason: str) -> VetoEvent:
    """The office's decision on a veto event as the pages and the API take it (found by
    supervision through ``contributions.decide_veto``): a confirmation revokes."""
    if confirm:
        return confirm_veto(user, event, reason)
    require(user, "titles.confirm_veto", message=_("只有领导小组办公室可以认定取消称号情形。"))
    return supervision.decide_veto(user, event, False, reason)


@transaction.atomic
def reinstate(user, title: Title, reason: str) -> Title:
    """The office reverses a revocation (e.g. the case was overturned), with a reason; both
    moves stay in the title's history. A title past its validity is not reinstated."""
    require(user, "titles.reinstate", message=_("只有领导小组办公室可以恢复称号。"))
    title = Title.objects.select_for_update().get(pk=title.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写恢复称号的理由。")})
    if title.valid_until < timezone.localdate():
        raise ValidationError(_("该称号已过有效期，不能恢复。"))
    revoked = {"revoked_on": str(title.revoked_on), "veto": title.veto_event_id}
    title.revoked_on, title.revocation_reason, title.veto_event = None, "", None
    move(title, Title.Status.VALID, table=states.TITLE, by=user)
    TitleEvent.objects.create(
        title=title,
        action=TitleEvent.Action.REINSTATED,
        by=user,
        note=reason.strip(),
        data=revoked,
    )
    return title


# -- expiry ----------------------------------------------------------------------------------

EXPIRY_NOTICE_DAYS = 30


def tell_expiring(today: date) -> int:
    """Tell each holder, once, 30 days before its title's validity ends."""
    limit = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    due = Title.objects.filter(
        status=Title.Status.VALID,
        valid_until__lte=limit,
        valid_until__gte=today,
        expiry_notice_sent_on__isnull=True,
    )
    told = 0
    for title in due.order_by("pk"):
        # A conditional update: two sweeps at once tell the holder once.
        if not Title.objects.filter(pk=title.pk, expiry_notice_sent_on__isnull=True).update(
            expiry_notice_sent_on=today
        ):
            continue
        notify_users(
            operator_users(title.operator_id),
            _("“长兴放心电商”称号即将到期（%s）") % title.certificate_no,
            _("有效期至%(until)s；称号只能在下一培育年度重新评定取得。")
            % {"until": title.valid_until.isoformat()},
            link=reverse("titles:certificate", args=[title.certificate_no]),
        )
        told += 1
    return told


@transaction.atomic
def expire(today: date) -> int:
    """Valid titles past their last day become expired (idempotent: an expired title stays)."""
    done = 0
    due = Title.objects.select_for_update().filter(status=Title.Status.VALID, valid_until__lt=today)
    for title in due.order_by("pk"):
        move(title, Title.Status.EXPIRED, table=states.TITLE)
        TitleEvent.objects.create(title=title, action=TitleEvent.Action.EXPIRED)
        done += 1
    return done


# -- the operator's reply (申辩) ---------------------------------------------------------------


@transaction.atomic
def reply(user, enrolment: Enrolment, text: str, *, title: Title | None = None) -> Reply:
    """An operator's short reply beside its result (``enrolment``) or its title; public only
    once the office approves it."""
    require(user, "titles.reply", enrolment, message=_("只能对本经营主体的结果提出申辩。"))
    if title is not None:
        require(user, "titles.reply", title, message=_("只能对本经营主体的称号提出申辩。"))
        if title.candidate.enrolment_id != enrolment.pk:
            raise ValidationError(_("该称号不属于该培育对象。"))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写申辩内容。")})
    if len(text) > REPLY_MAX:
        raise ValidationError({"text": _("申辩内容最多%(n)s字。") % {"n": REPLY_MAX}})
    if Reply.objects.filter(enrolment=enrolment, title=title, status=Reply.Status.PENDING).exists():
        raise ValidationError(_("已有待审核的申辩，请等待审核结果。"))
    row = Reply.objects.create(
        operator_id=enrolment.operator_id,
        enrolment=enrolment,
        title=title,
        text=text,
        created_by=user,
    )
    offices = User.objects.filter(role=Role.OFFICE, is_active=True)
    transaction.on_commit(
        lambda: notify_users(
            offices,
            _("收到经营主体申辩，待审核"),
            text[:200],
            link=reverse("titles:replies"),
        )
    )
    return row


@transaction.atomic
def decide_reply(user, row: Reply, approve: bool, reason: str = "") -> Reply:
    """The office approves a reply for publication, or refuses it (abusive, off topic) with a
    reason."""
    require(user, "titles.decide_reply", message=_("只有领导小组办公室可以审核申辩。"))
    row = Reply.objects.select_for_update().get(pk=row.pk)
    if row.status != Reply.Status.PENDING:
        raise ValidationError(_("该申辩已审核。"))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("不予公开须说明理由。")})
    row.decision_reason = reason[:300]
    row.decided_by, row.decided_at = user, timezone.now()
    move(
        row,
        Reply.Status.APPROVED if approve else Reply.Status.REJECTED,
        table=states.REPLY,
        by=user,
    )
    return row


# -- re-evaluation (复核) ----------------------------------------------------------------------


def reevaluation_working_days() -> int:
    return int(getattr(settings, "FANGXIN_REEVALUATION_WORKING_DAYS", 10))


def dimensions(enrolment: Enrolment) -> list[tuple[str, str]]:
    """The (code, name) of the dimensions of the enrolment's rubric."""
    parsed = evaluation.current_rubric(enrolment.campaign, enrolment.kind).parsed()
    return [(d.code, d.name) for d in parsed.dimensions]


def criteria(enrolment: Enrolment, dimension: str) -> list[tuple[str, str]]:
    parsed = evaluation.current_rubric(enrolment.campaign, enrolment.kind).parsed()
    for d in parsed.dimensions:
        if d.code == dimension:
            return [(c.code, c.name) for c in d.criteria]
    return []


@transaction.atomic
def request_reevaluation(
    user, enrolment: Enrolment, *, dimension: str, text: str, evidence=(), today=None
) -> Reevaluation:
    """An operator asks once per campaign for one dimension to be evaluated again, with
    evidence (checked like every upload); the office decides within the configured working
    days (``FANGXIN_REEVALUATION_WORKING_DAYS``)."""
    require(
        user,
        "titles.request_reevaluation",
        enrolment,
        message=_("只能对本经营主体的评价结果申请复核。"),
    )
    today = _today(today)
    errors: dict[str, list[str]] = {}
    if dimension not in dict(dimensions(enrolment)):
        errors["dimension"] = [_("考评细则中没有该维度。")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("请填写复核理由。")]
    uploads = list(evidence)
    checked = []
    if len(uploads) > MAX_OBJECTION_FILES:
        errors["evidence"] = [_("证据材料最多%(n)s个文件。") % {"n": MAX_OBJECTION_FILES}]
    else:
        for upload in uploads:
            try:
                checked.append((upload, check_evidence(upload)))
            except ValidationError as exc:
                errors.setdefault("evidence", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    Campaign.objects.select_for_update().filter(pk=enrolment.campaign_id).first()
    if Reevaluation.objects.filter(
        operator_id=enrolment.operator_id, campaign_id=enrolment.campaign_id
    ).exists():
        raise ValidationError(_("每个培育年度只能申请一次复核。"))
    row = Reevaluation.objects.create(
        operator_id=enrolment.operator_id,
        campaign_id=enrolment.campaign_id,
        enrolment=enrolment,
        dimension=dimension,
        text=text,
        due_on=add_working_days(today, reevaluation_working_days()).value,
        created_by=user,
    )
    for upload, found in checked:
        ReevaluationEvidence(reevaluation=row).keep(upload, found)
    offices = User.objects.filter(role=Role.OFFICE, is_active=True)
    transaction.on_commit(
        lambda: notify_users(
            offices,
            _("收到复核申请，请于%(date)s前决定") % {"date": row.due_on.isoformat()},
            text[:200],
            link=reverse("titles:reevaluation", args=[row.pk]),
        )
    )
    return row


@transaction.atomic
def decide_reevaluation(
    user, row: Reevaluation, *, grant: bool, reason: str, criterion: str = "", points=0
) -> Reevaluation:
    """The office decides a re-evaluation: granted (points on one criterion of the dimension)
    or refused; either way the decision and its reason go into the ledger through
    evaluation's ``record_decision`` (allowed after scoring closed)."""
    require(user, "titles.decide_reevaluation", message=_("只有领导小组办公室可以决定复核。"))
    row = (
        Reevaluation.objects.select_for_update()
        .select_related("enrolment__campaign")
        .get(pk=row.pk)
    )
    if row.status != Reevaluation.Status.OPEN:
        raise ValidationError(_("该复核申请已决定。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写决定理由。")})
    if grant:
        if criterion not in dict(criteria(row.enrolment, row.dimension)):
            raise ValidationError({"criterion": _("请选择该维度下的评分项。")})
        try:
            amount = Decimal(str(points))
        except (InvalidOperation, ValueError):
            amount = Decimal(0)
        if not amount.is_finite() or amount == 0:
            raise ValidationError({"points": _("予以调整须填写非零的调整分值。")})
    else:
        criterion, amount = "", Decimal(0)
    label = _("复核决定（予以调整）") if grant else _("复核决定（维持原评分）")
    entry = evaluation.record_decision(
        user,
        row.enrolment,
        reason=f"{label}：{reason}",
        basis="titles.Reevaluation",
        basis_pk=row.pk,
        points=amount,
        dimension=row.dimension if grant else "",
        criterion=criterion,
    )
    row.criterion, row.points = criterion, amount
    row.decision_reason = reason[:300]
    row.ledger_entry_pk = entry.pk
    row.decided_by, row.decided_at = user, timezone.now()
    move(
        row,
        Reevaluation.Status.GRANTED if grant else Reevaluation.Status.REFUSED,
        table=states.REEVALUATION,
        by=user,
    )
    transaction.on_commit(
        lambda: notify_users(
            operator_users(row.operator_id),
            _("复核申请已决定：%s") % row.get_status_display(),
            reason[:200],
            link=reverse("titles:my-reevaluation"),
        )
    )
    return row
