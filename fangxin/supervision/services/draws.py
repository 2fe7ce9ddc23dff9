"""Supervision use cases: risk class and watch list, conflicts, draw plans and draws."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fangxin.core.models import User
from fangxin.core.permissions import require
from fangxin.core.roles import Role
from fangxin.programme.models import Enrolment
from fangxin.registry.models import Operator
from fangxin.registry.services import move, record_event

from .. import drawing, states
from ..models import ConflictOfInterest, Draw, DrawPlan, WatchEntry
from ..permissions import planning_station

# Henan's published practice (low risk A 1 %, B 2 %, C 10 %, high risk D 30 %, plus every key
# supervision target); every number is the plan's to change.
DEFAULT_RULES = {
    "quotas": {"A": 0.01, "B": 0.02, "C": 0.10, "D": 0.30},
    "total": None,
    "include_key_targets": True,
    "stratify_by_station": True,
    "inspectors_per_task": 2,
    "avoid_own_station": True,
}

DRAW_ERROR_MESSAGES = {
    "empty_operator_pool": gettext_noop("经营主体库为空：没有符合条件的经营主体，请调整筛选条件。"),
    "empty_inspector_pool": gettext_noop("执法人员库为空：没有可用的执法人员。"),
    "too_few_inspectors": gettext_noop(
        "执法人员不足：按回避规则，可派的执法人员少于每组所需人数。"
    ),
    "too_few_inspectors_per_task": gettext_noop("每个检查组至少需要2名执法人员。"),
    "bad_rules": gettext_noop("抽查规则无效。"),
    "empty_selection": gettext_noop("按当前比例不会抽中任何经营主体，请调整抽查比例。"),
    "empty_public_value": gettext_noop("请填写公开随机值。"),
}


def _plan_refusal() -> str:
    return _("只有领导小组办公室或本计划所属监管所可以执行此操作。")


# --- risk class, watch list, conflicts ---------------------------------------------------------


@transaction.atomic
def set_risk_class(user, operator: Operator, risk_class: str, reason: str) -> Operator:
    if user is not None:  # None: the system (oversight's risk-class sweep, by its rules)
        require(user, "supervision.set_risk_class", operator, _("您无权调整该经营主体的风险分类。"))
    if risk_class not in Operator.RiskClass.values:
        raise ValidationError({"risk_class": _("风险分类应为A、B、C或D。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写调整理由。")})
    old = operator.risk_class
    operator.risk_class = risk_class
    operator.save(update_fields=["risk_class", "updated_at"])
    record_event(
        operator,
        "risk_class",
        _("信用风险分类由%(old)s调整为%(new)s：%(reason)s")
        % {"old": old, "new": risk_class, "reason": reason.strip()},
        user,
        {"from": old, "to": risk_class},
    )
    return operator


@transaction.atomic
def add_watch_entry(
    user,
    operator: Operator,
    reason: str,
    starts_on: date,
    ends_on: date | None = None,
    source: str = WatchEntry.Source.STATION,
) -> WatchEntry:
    if user is not None:  # None: the system (a complaints threshold)
        require(
            user, "supervision.add_watchentry", operator, _("您无权将该经营主体列为重点监管对象。")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("请填写列入原因。")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})
    entry = WatchEntry.objects.create(
        operator=operator,
        reason=reason.strip(),
        source=source,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    record_event(operator, "watch", _("列为重点监管对象：%s") % entry.reason, user)
    return entry


def key_targets(day: date) -> QuerySet:
    return WatchEntry.objects.active(day)


@transaction.atomic
def declare_conflict(user, operator: Operator, reason: str) -> ConflictOfInterest:
    require(user, "supervision.declare_conflict", operator, _("只有执法人员可以申报回避。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写回避事由。")})
    conflict, _created = ConflictOfInterest.objects.update_or_create(
        inspector=user, operator=operator, defaults={"reason": reason.strip()}
    )
    return conflict


# --- plans and pools -------------------------------------------------------------------------


def _amount(value) -> float | int:
    """An int is a count; a float up to 1 is a ratio (1.0 = everyone). A whole number above 1
    given as text or float (a form field) is a count."""
    if isinstance(value, bool):
        raise TypeError("not a number")
    if isinstance(value, int):
        return value
    number = float(value)
    if number > 1 and number.is_integer():
        return int(number)
    if number > 1:
        raise ValueError("ratio above 1")
    return number


def _clean_rules(rules: dict) -> dict:
    merged = {**DEFAULT_RULES, **(rules or {})}
    try:
        merged["inspectors_per_task"] = int(merged["inspectors_per_task"])
        merged["quotas"] = {k: _amount(v) for k, v in (merged["quotas"] or {}).items()}
    except (TypeError, ValueError) as exc:
        raise ValidationError({"rules": _("抽查比例或人数无效。")}) from exc
    if merged["inspectors_per_task"] < 2:
        raise ValidationError({"rules": _("每个检查组至少需要2名执法人员。")})
    if any(v < 0 for v in merged["quotas"].values()):
        raise ValidationError({"rules": _("抽查比例不能为负数。")})
    if set(merged["quotas"]) - set(Operator.RiskClass.values):
        raise ValidationError({"rules": _("风险分类应为A、B、C或D。")})
    return merged


@transaction.atomic
def create_plan(
    user,
    *,
    name: str,
    station=None,
    items=(),
    free_items=(),
    pool_filters=None,
    areas=(),
    rules=None,
    inspector_stations=(),
    partner_departments=(),
    campaign=None,
) -> DrawPlan:
    station = planning_station(user) or station
    require(user, "supervision.create_plan", DrawPlan(station=station), _plan_refusal())
    if not name.strip():
        raise ValidationError({"name": _("请填写计划名称。")})
    plan = DrawPlan.objects.create(
        name=name.strip(),
        station=station,
        campaign=campaign,
        free_items=[i.strip() for i in free_items if i.strip()],
        pool_filters=pool_filters or {},
        rules=_clean_rules(rules),
        created_by=user,
    )
    plan.items.set(items)
    if station is not None:
        areas = [a for a in areas if a.station_id == station.pk] or list(station.areas.all())
    plan.areas.set(areas)
    plan.inspector_stations.set(inspector_stations)
    plan.partner_departments.set(partner_departments)
    return plan


def operator_pool(plan: DrawPlan, today: date) -> QuerySet:
    """The operators the plan's filters select, at ``today``."""
    filters = plan.pool_filters or {}
    qs = Operator.objects.filter(status__in=filters.get("statuses") or [Operator.Status.ACTIVE])
    areas = list(plan.areas.all())
    if areas:
        qs = qs.filter(area__in=areas)
    elif plan.station_id:
        qs = qs.filter(area__station_id=plan.station_id)
    kind = filters.get("kind")
    if kind in ("livestream", "group_buying"):
        qs = qs.filter(**{kind: True})
    if filters.get("risk_classes"):
        qs = qs.filter(risk_class__in=filters["risk_classes"])
    if filters.get("key_targets_only"):
        qs = qs.filter(pk__in=key_targets(today).values("operator_id"))
    if plan.campaign_id and filters.get("enrolled"):
        qs = qs.filter(
            enrolments__campaign_id=plan.campaign_id,
            enrolments__status=Enrolment.Status.ENROLLED,
        )
    days = filters.get("not_inspected_days")
    if days:
        from django.apps import apps

        if apps.is_installed("fangxin.supervision") and hasattr(Operator, "inspections"):
            since = today - timedelta(days=int(days))
            qs = qs.exclude(inspections__inspected_on__gte=since)
    return qs.distinct().select_related("area")


def inspector_pool(plan: DrawPlan) -> QuerySet:
    qs = User.objects.filter(role=Role.INSPECTOR, is_active=True, station__isnull=False)
    stations = list(plan.inspector_stations.all())
    if stations:
        qs = qs.filter(station__in=stations)
    elif plan.station_id:
        qs = qs.filter(station_id=plan.station_id)
    return qs.order_by("pk")


def _entries(plan: DrawPlan, today: date):
    watched = set(key_targets(today).values_list("operator_id", flat=True))
    operators = [
        drawing.OperatorEntry(
            id=o.pk,
            station=str(o.area.station_id),
            risk_class=o.risk_class,
            key_target=o.pk in watched,
        )
        for o in operator_pool(plan, today)
    ]
    conflicts: dict[int, set[int]] = {}
    for inspector_id, operator_id in ConflictOfInterest.objects.values_list(
        "inspector_id", "operator_id"
    ):
        conflicts.setdefault(inspector_id, set()).add(operator_id)
    inspectors = [
        drawing.InspectorEntry(
            id=u.pk, station=str(u.station_id), conflicts=frozenset(conflicts.get(u.pk, ()))
        )
        for u in inspector_pool(plan)
    ]
    return operators, inspectors


def _rules(data: dict) -> drawing.DrawRules:
    return drawing.DrawRules(
        quotas=dict(data.get("quotas") or {}),
        total=data.get("total"),
        include_key_targets=bool(data.get("include_key_targets")),
        stratify_by_station=bool(data.get("stratify_by_station")),
        inspectors_per_task=int(data.get("inspectors_per_task", 2)),
        avoid_own_station=bool(data.get("avoid_own_station")),
    )


def _draw_error(exc: drawing.DrawError) -> ValidationError:
    message = DRAW_ERROR_MESSAGES.get(getattr(exc, "code", ""), "")
    return ValidationError(_(message) if message else str(exc), code=getattr(exc, "code", None))


@transaction.atomic
def freeze(user, plan: DrawPlan) -> Draw:
    """Snapshot both pools and publish the commitment; the secret stays hidden until the run."""
    require(user, "supervision.freeze_plan", plan, _plan_refusal())
    plan = DrawPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DrawPlan.Status.DRAFT:
        raise ValidationError(_("只有草稿状态的计划可以锁定。"))
    if not plan.free_items and not plan.items.exists():
        raise ValidationError(_("检查事项清单为空：请至少列出一项检查事项。"))
    operators, inspectors = _entries(plan, timezone.localdate())
    rules = _rules(plan.rules)
    try:
        # Every check that does not depend on the seed: a frozen plan can always be drawn.
        drawing.preflight(operators, inspectors, rules)
    except drawing.DrawError as exc:
        raise _draw_error(exc) from exc
    pools_hash = drawing.pools_hash(operators, inspectors, rules)
    secret = drawing.make_secret()
    draw = Draw.objects.create(
        plan=plan,
        algorithm=drawing.ALGORITHM_VERSION,
        operator_pool=[drawing.asdict_operator(o) for o in operators],
        inspector_pool=[drawing.asdict_inspector(i) for i in inspectors],
        rules=plan.rules,
        pools_hash=pools_hash,
        commitment=drawing.commitment(pools_hash, secret),
        secret=secret,
        frozen_at=timezone.now(),
        frozen_by=user,
    )
    move(plan, DrawPlan.Status.FROZEN, table=states.DRAW_PLAN, save=False)
    plan.save(update_fields=["status"])
    return draw


def _stored_inputs(draw: Draw):
    operators = [drawing.operator_from_dict(d) for d in draw.operator_pool]
    inspectors = [drawing.inspector_from_dict(d) for d in draw.inspector_pool]
    return operators, inspectors, _rules(draw.rules)


@transaction.atomic
def run_draw(user, plan: DrawPlan, public_value: str, public_source: str) -> Draw:
    """Reveal the secret and draw with a public value nobody knew when the plan was frozen."""
    require(user, "supervision.run_draw", plan, _plan_refusal())
    plan = DrawPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DrawPlan.Status.FROZEN:
        raise ValidationError(_("计划未锁定或已抽取，抽取结果不能重做。"))
    if not public_value.strip() or not public_source.strip():
        raise ValidationError(_("请填写公开随机值及其来源（如当日福利彩票开奖号码）。"))
    draw = plan.draw
    operators, inspectors, rules = _stored_inputs(draw)
    try:
        result = drawing.run(operators, inspectors, rules, draw.secret, public_value)
    except drawing.DrawError as exc:
        raise _draw_error(exc) from exc
    draw.public_value = public_value.strip()
    draw.public_source = public_source.strip()
    draw.seed = result.seed
    draw.result = drawing.result_to_json(result)
    draw.result_hash = result.result_hash
    draw.drawn_at = timezone.now()
    draw.drawn_by = user
    draw.save()
    move(plan, DrawPlan.Status.DRAWN, table=states.DRAW_PLAN, save=False)
    plan.save(update_fields=["status"])
    for operator in Operator.objects.filter(pk__in=[s["operator"] for s in draw.result]):
        record_event(
            operator,
            "drawn",
            _("被“%s”双随机抽中，将接受检查") % plan.name,
            user,
            {"draw": draw.pk},
            about=plan,
        )
    # Each drawn operator becomes an inspection task for its drawn inspectors.
    from .inspections import inspections_for_draw

    inspections_for_draw(user, draw, planned_on=timezone.localdate())
    return draw


@transaction.atomic
def cancel(user, plan: DrawPlan, reason: str) -> DrawPlan:
    """A cancelled draw stays on record with its reason; it is never deleted or re-run."""
    require(user, "supervision.cancel_plan", plan, _plan_refusal())
    if plan.status == DrawPlan.Status.CANCELLED:
        raise ValidationError(_("该计划已取消。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因。")})
    plan.cancelled_reason = reason.strip()
    move(plan, DrawPlan.Status.CANCELLED, table=states.DRAW_PLAN, save=False)
    plan.save(update_fields=["status", "cancelled_reason"])
    return plan


def verify(draw: Draw) -> drawing.VerifyReport:
    """Recompute the published draw from its published inputs."""
    if not draw.is_drawn:
        return drawing.VerifyReport(ok=False, problems=["not drawn yet"], codes=["not_drawn"])
    operators, inspectors, rules = _stored_inputs(draw)
    return drawing.verify(
        operators,
        inspectors,
        rules,
        draw.secret,
        draw.public_value,
        draw.commitment,
        draw.result_hash,
        pools_hash=draw.pools_hash,
    )
