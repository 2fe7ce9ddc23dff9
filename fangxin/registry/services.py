"""Registry use cases. Each checks who may do it, changes state in one transaction, writes the
operator's timeline, and notifies after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.models import Area, User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.core.states import IllegalMove, Table

from . import states
from .models import Operator, OperatorEvent, ProfileChange

S = Operator.Status

# Fields an operator may not change itself: the station approves name and code changes.
GUARDED_FIELDS = ("name", "uscc")
# Fields only the regulator sets.
REGULATOR_FIELDS = ("status", "status_reason", "status_changed_at", "risk_class", "area")


def record_event(
    operator: Operator,
    kind: str,
    summary: str,
    actor=None,
    data: dict | None = None,
    at=None,
    about=None,
) -> OperatorEvent:
    """One timeline line; ``about`` is the row it concerns, which the timeline links to."""
    data = dict(data or {})
    if about is not None:
        data["about"] = [about._meta.label_lower, about.pk]
    return OperatorEvent.objects.create(
        operator=operator,
        kind=kind,
        summary=summary,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data,
        occurred_at=at or timezone.now(),
    )


def moved(obj, field: str, old: str, new: str) -> dict:
    """The structured part of a status move's event row."""
    return {"model": obj._meta.label_lower, "id": obj.pk, "field": field, "from": old, "to": new}


def illegal_move_error(obj, field: str, exc: IllegalMove) -> ValidationError:
    model_field = obj._meta.get_field(field)
    labels = dict(model_field.flatchoices)
    return ValidationError(
        _("状态为“%(old)s”的%(what)s不能变为“%(new)s”。")
        % {
            "old": labels.get(exc.current, exc.current),
            "what": obj._meta.verbose_name,
            "new": labels.get(exc.target, exc.target),
        },
        code="illegal_move",
    )


def move(
    obj,
    to: str,
    *,
    table: Table,
    by=None,
    kind: str = "",
    summary: str = "",
    data: dict | None = None,
    operator: Operator | None = None,
    field: str = "status",
    save: bool = True,
    at=None,
) -> OperatorEvent | None:
    """Move ``obj``'s status field to ``to`` if its table allows it, save it, and write the
    move's event row: one operator-timeline line (``kind``, ``summary``) carrying the move in
    ``data``. Rows with no operator (draw plans) and rows whose own history lives elsewhere
    (monitoring's materials and hits) pass no ``kind``: their audit log entry is the event row.

    The caller sets the move's other fields (who, when, why) before calling; nothing is written
    when the move is refused. Call inside the use case's transaction.
    """
    current = getattr(obj, field)
    try:
        table.check(current, to)
    except IllegalMove as exc:
        raise illegal_move_error(obj, field, exc) from exc
    setattr(obj, field, to)
    if save:
        obj.save()
    if not kind:
        return None
    if operator is None:
        operator = obj if isinstance(obj, Operator) else obj.operator
    return record_event(
        operator,
        kind,
        summary,
        by,
        {**moved(obj, field, current, to), **(data or {})},
        at=at,
        # A line on the operator's own timeline about the operator needs no link to itself.
        about=None if obj is operator else obj,
    )


def _require(user, perm: str, operator: Operator | None = None, message: str = "") -> None:
    """The role first (``message`` or a plain refusal), then the operator's scope."""
    require(user, perm, message=message or _("您无权执行此操作。"))
    if operator is not None and operator.pk:
        require(user, perm, operator, message=_("该经营主体不在您的管辖范围内。"))


def _require_area(user, area: Area) -> None:
    require(user, "registry.register_operator", area, message=_("只能登记本所辖区内的经营主体。"))


def _operator_users(operator: Operator) -> Iterable[User]:
    return operator.users.filter(is_active=True)


def _station_users(operator: Operator) -> Iterable[User]:
    return User.objects.filter(
        role=Role.STATION, station_id=operator.area.station_id, is_active=True
    )


def _move(user, operator: Operator, new: str, reason: str, event_kind: str, summary: str):
    # Checked before the other fields change, so a refusal leaves the row as it was.
    try:
        states.OPERATOR.check(operator.status, new)
    except IllegalMove as exc:
        raise illegal_move_error(operator, "status", exc) from exc
    operator.status_reason = reason
    operator.status_changed_at = timezone.now()
    move(
        operator,
        new,
        table=states.OPERATOR,
        by=user,
        kind=event_kind,
        summary=summary,
        data={"reason": reason},
        save=False,
    )
    operator.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])


@transaction.atomic
def apply_online(*, username: str, password: str, email: str = "", **fields) -> Operator:
    """A member of the public applies: the operator (status applied) and its user are created."""
    operator = Operator(status=S.APPLIED, **fields)
    operator.full_clean()
    operator.save()
    user = User(username=username, email=email, role=Role.OPERATOR, operator=operator)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_event(operator, "applied", _("经营主体在线提交培育申请"), user)
    transaction.on_commit(
        lambda: notify_users(
            _station_users(operator),
            _("新的培育申请：%(name)s") % {"name": operator.name},
            _("%(name)s 在线提交了培育申请，请及时审核。") % {"name": operator.name},
            link=reverse("registry:operator-detail", args=[operator.pk]),
        )
    )
    return operator


@transaction.atomic
def register_operator(user, **fields) -> Operator:
    """A station (or the office) registers an operator directly; it enters the pool at once."""
    _require(user, "registry.register_operator")
    operator = Operator(status=S.ACTIVE, status_changed_at=timezone.now(), **fields)
    operator.full_clean()
    _require_area(user, operator.area)
    operator.save()
    record_event(operator, "registered", _("监管所直接登记为培育对象"), user)
    return operator


@transaction.atomic
def confirm_application(user, operator: Operator) -> Operator:
    _require(user, "registry.confirm_operator", operator)
    # The registry's pool, not a year's list: whether the operator also joins this year's list
    # depends on the campaign's phase, and enrolment records its own timeline entry.
    _move(user, operator, S.ACTIVE, "", "confirmed", _("培育申请已确认，纳入培育对象库"))
    transaction.on_commit(
        lambda: notify_users(
            _operator_users(operator),
            _("培育申请已通过"),
            _("您的培育申请已确认，已纳入“放心电商”培育对象库。"),
            link=reverse("registry:my-operator"),
        )
    )
    return operator


@transaction.atomic
def reject_application(user, operator: Operator, reason: str) -> Operator:
    _require(user, "registry.confirm_operator", operator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写驳回理由。")})
    _move(user, operator, S.REJECTED, reason, "rejected", _("培育申请被驳回：%s") % reason)
    transaction.on_commit(
        lambda: notify_users(
            _operator_users(operator),
            _("培育申请未通过"),
            _("您的培育申请未通过，理由：%s。修改后可重新提交。") % reason,
            link=reverse("registry:my-operator"),
        )
    )
    return operator


@transaction.atomic
def resubmit_application(user, operator: Operator) -> Operator:
    _require(
        user,
        "registry.resubmit_application",
        operator,
        message=_("只有经营主体本身可以重新提交申请。"),
    )
    _move(user, operator, S.APPLIED, "", "applied", _("经营主体修改后重新提交培育申请"))
    return operator


@transaction.atomic
def change_status(user, operator: Operator, new_status: str, reason: str) -> Operator:
    """Suspend, reinstate or remove an operator from the pool (with a reason)."""
    _require(user, "registry.confirm_operator", operator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写变更原因。")})
    label = S(new_status).label if new_status in S.values else new_status
    summary = _("状态变更为%(status)s：%(reason)s") % {"status": label, "reason": reason}
    _move(user, operator, new_status, reason, "status", summary)
    return operator


@transaction.atomic
def update_operator(user, operator: Operator, **changes) -> Operator:
    """Edit the profile. An operator's own edit of name or USCC becomes a change request."""
    _require(user, "registry.edit_operator", operator)
    is_self = not user.has_perm("registry.edit_regulated_fields", operator)
    if is_self:
        refused = [f for f in REGULATOR_FIELDS if f in changes]
        if refused:
            raise PermissionDenied(_("经营主体不能修改以下字段：%s") % "、".join(refused))
        guarded = {f: changes.pop(f) for f in GUARDED_FIELDS if f in changes}
        guarded = {f: v for f, v in guarded.items() if v != getattr(operator, f)}
        if guarded:
            request_profile_change(
                user, operator, new_name=guarded.get("name", ""), new_uscc=guarded.get("uscc", "")
            )
    if "status" in changes:
        # The status moves only along its table (change_status and the application use cases);
        # no form or serializer offers it here.
        raise ValueError("update_operator does not move the status; use change_status")
    if "area" in changes and changes["area"] != operator.area:
        _require_area(user, changes["area"])
    before = {f: getattr(operator, f) for f in changes}
    for field, value in changes.items():
        setattr(operator, field, value)
    operator.full_clean()
    operator.save()
    changed = [f for f, old in before.items() if getattr(operator, f) != old]
    if changed:
        labels = "、".join(str(Operator._meta.get_field(f).verbose_name) for f in changed)
        record_event(operator, "profile", _("修改了资料：%s") % labels, user, {"fields": changed})
    return operator


@transaction.atomic
def request_profile_change(user, operator: Operator, new_name: str = "", new_uscc: str = ""):
    _require(user, "registry.edit_operator", operator)
    if new_uscc:
        from .validators import clean_uscc

        try:
            new_uscc = clean_uscc(new_uscc)
        except ValidationError as exc:
            raise ValidationError({"uscc": exc.messages}) from exc
        if Operator.objects.filter(uscc=new_uscc).exclude(pk=operator.pk).exists():
            raise ValidationError({"uscc": _("该统一社会信用代码已被登记。")})
    if not (new_name or new_uscc):
        raise ValidationError(_("没有需要审核的变更。"))
    change = ProfileChange.objects.create(
        operator=operator, new_name=new_name, new_uscc=new_uscc, requested_by=user
    )
    record_event(
        operator,
        "change_requested",
        _("申请变更名称/统一社会信用代码，待监管所审核"),
        user,
        {"name": new_name, "uscc": new_uscc},
    )
    transaction.on_commit(
        lambda: notify_users(
            _station_users(operator),
            _("资料变更待审核：%(name)s") % {"name": operator.name},
            _("%(name)s 申请变更名称或统一社会信用代码，请审核。") % {"name": operator.name},
            link=reverse("registry:operator-detail", args=[operator.pk]),
        )
    )
    return change


@transaction.atomic
def decide_profile_change(user, change: ProfileChange, approve: bool, reason: str = ""):
    operator = change.operator
    _require(user, "registry.approve_profile_change", operator)
    if change.status != ProfileChange.Status.PENDING:
        raise ValidationError(_("该申请已处理。"))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("请填写驳回理由。")})
    target = ProfileChange.Status.APPROVED if approve else ProfileChange.Status.REJECTED
    try:
        states.PROFILE_CHANGE.check(change.status, target)
    except IllegalMove as exc:
        raise illegal_move_error(change, "status", exc) from exc
    if approve:
        if change.new_name:
            operator.name = change.new_name
        if change.new_uscc:
            operator.uscc = change.new_uscc
        operator.full_clean()
        operator.save()
    change.reason = reason
    change.decided_by = user
    change.decided_at = timezone.now()
    summary = _("资料变更已同意") if approve else _("资料变更被驳回：%s") % reason
    move(
        change,
        target,
        table=states.PROFILE_CHANGE,
        by=user,
        kind=OperatorEvent.Kind.CHANGE_DECIDED,
        summary=summary,
        data={"approved": approve},
        operator=operator,
    )
    return change


@transaction.atomic
def save_child(user, operator: Operator, instance, *, kind_label: str):
    """Add or edit a licence, account, studio, pickup point or group leader."""
    _require(user, "registry.edit_operator", operator)
    instance.operator = operator
    # A station may not file a studio or pickup point in another station's area.
    area_id = getattr(instance, "area_id", None)
    if area_id:
        require(
            user, "registry.place_premises", instance.area, message=_("只能登记本所辖区内的场所。")
        )
    created = instance.pk is None
    instance.full_clean()
    instance.save()
    template = _("新增%(kind)s：%(item)s") if created else _("修改%(kind)s：%(item)s")
    record_event(operator, "child", template % {"kind": kind_label, "item": instance}, user)
    return instance


@transaction.atomic
def delete_child(user, operator: Operator, instance, *, kind_label: str) -> None:
    _require(user, "registry.edit_operator", operator)
    if instance.operator_id != operator.pk:
        raise PermissionDenied(_("您无权执行此操作。"))
    text = str(instance)
    instance.delete()
    record_event(
        operator, "child", _("删除%(kind)s：%(item)s") % {"kind": kind_label, "item": text}, user
    )
