"""Key supervision targets from results (issue 16 item 2).

Results put an operator on supervision's watch list (``WatchEntry``, through
``supervision.services.add_watch_entry``) with a reason naming the source row and an end date by
rule, and, where the plan says so (a failed evaluation), raise a rectification order whose basis
is the evaluation result (``RectificationOrder.Basis.EVALUATION``, 考评结果) with a working-day
deadline (``supervision.services.issue_order_on_basis``). Each source row acts once
(``ResultWatch``), so running again adds nothing. Watch-list operators are always drawn by draw
plans that include key targets (``supervision.drawing``: a key target is selected on top of its
class's quota, i.e. at 100 %), which is how the watch list raises their inspection ratio.

The rules, as data (``RULES``; ``FANGXIN_RESULT_WATCH_RULES`` overrides per rule):

* ``evaluation`` — an enrolment of a campaign whose scoring the office closed and that is not a
  candidate for the title (below the threshold, a confirmed veto, or an area below its floor):
  watched for 365 days from the day of the run; an order in the area ``order_area`` with the
  default rectification period (``working_days`` None: the programme's rule).
* ``failed_sample`` — a product sample that failed in the last 180 days: watched for 180 days
  from the sample; no order here (the sample's finding has its own order).
* ``overdue_order`` — an order overdue today: watched for 180 days from today; no new order.
* ``black_list`` — a black-list entry (the red/black list's code calls
  ``watch_from_black_list``): watched until the day given (the end of the publication period).

Repeated complaints already put an operator on the watch list (``complaints.services``). The
sweep (``sweeps.run``) applies the rules that need no issuer (watch entries for every rule; no
orders: an order is an administrative document and carries its issuer, so the evaluation's
orders are raised when the office or a station runs it from the page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fangxin.core.facts import Ref, Window
from fangxin.core.permissions import require
from fangxin.evaluation import facts as evaluation_facts
from fangxin.registry.models import Operator
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision import services as supervision
from fangxin.supervision.models import RectificationOrder, WatchEntry

from .models import ResultWatch

R = ResultWatch.Rule

RULES: dict[str, dict] = {
    R.EVALUATION: {"watch_days": 365, "order": True, "order_area": "conduct", "working_days": None},
    R.FAILED_SAMPLE: {"watch_days": 180, "lookback_days": 180, "order": False},
    R.OVERDUE_ORDER: {"watch_days": 180, "order": False},
}


def rule(name: str) -> dict:
    overrides = getattr(settings, "FANGXIN_RESULT_WATCH_RULES", None) or {}
    return {**RULES.get(name, {}), **overrides.get(name, {})}


@dataclass
class Outcome:
    watches: int = 0
    orders: int = 0

    def add(self, other: Outcome) -> None:
        self.watches += other.watches
        self.orders += other.orders


def _done(rule_name: str, ref: Ref) -> bool:
    return ResultWatch.objects.filter(
        rule=rule_name, source_label=ref.label, source_id=ref.pk
    ).exists()


def _watch(
    user, operator: Operator, rule_name: str, ref: Ref, reason: str, starts_on, ends_on, source
) -> ResultWatch | None:
    """The watch entry and its ``ResultWatch`` for one source row, unless it acted already."""
    if _done(rule_name, ref):
        return None
    try:
        with transaction.atomic():
            entry = supervision.add_watch_entry(
                user, operator, reason[:300], starts_on, ends_on, source=source
            )
            return ResultWatch.objects.create(
                operator=operator,
                rule=rule_name,
                source_label=ref.label,
                source_id=ref.pk,
                watch_entry=entry,
            )
    except IntegrityError:  # another run took it at the same moment
        return None


def _refuse(user, operator=None) -> None:
    require(
        user,
        "oversight.watch_from_results",
        operator,
        _("只有领导小组办公室或辖区监管所可以将考评、抽检、整改结果列入重点监管。"),
    )


@transaction.atomic
def watch_from_evaluation(user, campaign_id: int, today: date, *, orders: bool = True) -> Outcome:
    """The campaign's failed enrolments (scoring closed, not a candidate) onto the watch list,
    each with an order on the basis 考评结果 when ``orders`` and the rule say so. ``user`` None:
    the sweep (no orders). A station acts on its own area's operators only."""
    outcome = Outcome()
    if user is not None:
        _refuse(user)
    if not evaluation_facts.scoring_closed(campaign_id):
        if user is not None:
            raise ValidationError(_("该年度考评尚未结束评分，考评结果还不能用于确定重点监管对象。"))
        return outcome
    config = rule(R.EVALUATION)
    failed = [f for f in evaluation_facts.results(campaign_id) if not f.candidate]
    operators = Operator.objects.select_related("area").in_bulk({f.operator_id for f in failed})
    for fact in failed:
        operator = operators[fact.operator_id]
        if user is not None and not user.has_perm("oversight.watch_from_results", operator):
            continue  # another station's operator
        reason = _(
            "%(year)d年度考评未达标（公布分数%(score)s分，未达到拟授牌条件；培育对象编号%(ref)s）"
        ) % {
            "year": fact.campaign_year,
            "score": fact.published,
            "ref": fact.ref.pk,
        }
        made = _watch(
            user,
            operator,
            R.EVALUATION,
            fact.ref,
            reason,
            today,
            today + timedelta(days=config["watch_days"]),
            WatchEntry.Source.STATION,
        )
        if made is not None:
            outcome.watches += 1
        link = (
            made
            or ResultWatch.objects.filter(
                rule=R.EVALUATION, source_label=fact.ref.label, source_id=fact.ref.pk
            ).first()
        )
        if orders and user is not None and config.get("order") and link and link.order_id is None:
            link.order = supervision.issue_order_on_basis(
                user,
                operator,
                RectificationOrder.Basis.EVALUATION,
                reason,
                _("针对考评扣分事项逐项整改，落实各项经营规范要求，并在系统中提交整改情况。"),
                config["order_area"],
                working_days=config.get("working_days"),
                issued_on=today,
            )
            link.save(update_fields=["order"])
            outcome.orders += 1
    return outcome


def _all_operator_ids(user) -> list[int]:
    from fangxin.core.scoping import visible

    qs = Operator.objects.exclude(status__in=["applied", "rejected"])
    if user is not None:
        qs = visible(user, qs)
    return list(qs.values_list("pk", flat=True))


@transaction.atomic
def watch_from_samples_and_orders(user, today: date) -> Outcome:
    """Failed samples of the last ``lookback_days`` and orders overdue today onto the watch
    list (no new orders). ``user`` None: the sweep."""
    if user is not None:
        _refuse(user)
    outcome = Outcome()
    ids = _all_operator_ids(user)
    operators = Operator.objects.in_bulk(ids)
    sample_rule = rule(R.FAILED_SAMPLE)
    window = Window(today - timedelta(days=sample_rule["lookback_days"]), today)
    for operator_id, facts in supervision_facts.samples(ids, window).items():
        for fact in facts:
            if fact.result != "fail":
                continue
            reason = _("抽检不合格：%(product)s，%(items)s（抽样日期%(day)s；抽样编号%(ref)s）") % {
                "product": fact.product,
                "items": fact.failed_items or _("不合格项目未注明"),
                "day": fact.taken_on.isoformat(),
                "ref": fact.ref.pk,
            }
            if _watch(
                user,
                operators[operator_id],
                R.FAILED_SAMPLE,
                fact.ref,
                reason,
                fact.taken_on,
                fact.taken_on + timedelta(days=sample_rule["watch_days"]),
                WatchEntry.Source.INSPECTION,
            ):
                outcome.watches += 1
    order_rule = rule(R.OVERDUE_ORDER)
    open_window = Window(today - timedelta(days=3 * 365), today)
    for operator_id, facts in supervision_facts.orders(ids, open_window, on=today).items():
        for fact in facts:
            if not fact.overdue:
                continue
            reason = _(
                "整改逾期未完成：期限%(due)s，已逾期%(days)d个工作日（整改通知编号%(ref)s）"
            ) % {
                "due": fact.due_on.isoformat(),
                "days": fact.overdue_working_days,
                "ref": fact.ref.pk,
            }
            if _watch(
                user,
                operators[operator_id],
                R.OVERDUE_ORDER,
                fact.ref,
                reason,
                today,
                today + timedelta(days=order_rule["watch_days"]),
                WatchEntry.Source.INSPECTION,
            ):
                outcome.watches += 1
    return outcome


@transaction.atomic
def watch_from_black_list(
    user, operator: Operator, entry_ref: Ref, reason: str, until: date, *, today: date | None = None
) -> ResultWatch | None:
    """A black-list entry (``entry_ref``: the entry's model label and id, as the red/black list
    keeps it) puts the operator on the watch list until ``until``; once per entry (None when the
    entry acted already). ``user`` None: the system publishing the list. Compatible with a caller
    that uses ``supervision.services.add_watch_entry`` directly: this only adds the record that
    makes it idempotent."""
    from django.utils import timezone

    if user is not None:
        _refuse(user, operator)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写列入原因。")})
    today = today or timezone.localdate()
    if until < today:
        raise ValidationError({"until": _("结束日期不能早于开始日期。")})
    text = _("列入黑榜：%(reason)s（记录%(ref)s）") % {"reason": reason.strip(), "ref": entry_ref}
    return _watch(
        user, operator, R.BLACK_LIST, entry_ref, text, today, until, WatchEntry.Source.STATION
    )


def run(user, campaign_id: int | None, today: date) -> Outcome:
    """What the page's button does: the evaluation (with orders), samples and overdue orders."""
    outcome = Outcome()
    if campaign_id is not None:
        outcome.add(watch_from_evaluation(user, campaign_id, today))
    outcome.add(watch_from_samples_and_orders(user, today))
    return outcome


def sweep(today: date) -> dict[str, int]:
    """The periodic run (no user: watch entries only, no orders)."""
    from fangxin.programme import facts as programme_facts

    outcome = watch_from_samples_and_orders(None, today)
    for year in (today.year - 1, today.year):
        campaign = programme_facts.campaign_for(year)
        if campaign is not None:
            outcome.add(watch_from_evaluation(None, campaign.ref.pk, today))
    return {"result_watches": outcome.watches}
