"""Key supervision targets from results: a failed evaluation puts the operator on the watch list
with an order on the basis 考评结果; running again adds nothing; samples, overdue orders and
black-list entries; stations act on their own area only; watched operators are always drawn."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fangxin.core.facts import Ref
from fangxin.core.roles import Role
from fangxin.oversight import targets
from fangxin.oversight.models import ResultWatch
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services as supervision
from fangxin.supervision.models import RectificationOrder, WatchEntry

from .targets_support import failed_evaluation, station_user, today

pytestmark = pytest.mark.django_db


def test_failed_evaluation_watch_entry_and_order(office, campaign):
    failing, passing = OperatorFactory(), OperatorFactory()
    failed_evaluation(campaign, office, failing, passed=[passing])
    outcome = targets.watch_from_evaluation(office, campaign.pk, today())
    assert (outcome.watches, outcome.orders) == (1, 1)
    link = ResultWatch.objects.get()
    assert link.operator == failing and link.rule == ResultWatch.Rule.EVALUATION
    assert link.source_label == "programme.enrolment"
    entry = link.watch_entry
    assert f"培育对象编号{link.source_id}" in entry.reason and "考评未达标" in entry.reason
    assert entry.ends_on == today() + timedelta(days=365)
    assert WatchEntry.objects.active(today()).filter(operator=failing).exists()
    order = link.order
    assert order.basis == RectificationOrder.Basis.EVALUATION
    assert order.get_basis_display() == "考评结果"
    assert order.finding_id is None and "考评未达标" in order.basis_note
    assert order.due_on > order.issued_on and order.working_days > 0
    assert not WatchEntry.objects.filter(operator=passing).exists()
    assert OperatorEvent.objects.filter(operator=failing, kind="order").exists()


def test_running_again_adds_nothing(office, campaign):
    failing = OperatorFactory()
    failed_evaluation(campaign, office, failing)
    targets.run(office, campaign.pk, today())
    again = targets.run(office, campaign.pk, today())
    assert (again.watches, again.orders) == (0, 0)
    assert WatchEntry.objects.count() == 1
    assert RectificationOrder.objects.count() == 1


def test_sweep_adds_watch_entries_without_orders_then_the_page_raises_the_order(office, campaign):
    failing = OperatorFactory()
    failed_evaluation(campaign, office, failing)
    assert targets.sweep(today())["result_watches"] == 1
    assert RectificationOrder.objects.count() == 0
    outcome = targets.watch_from_evaluation(office, campaign.pk, today())
    assert (outcome.watches, outcome.orders) == (0, 1)
    assert WatchEntry.objects.count() == 1


def test_open_scoring_is_refused(office, campaign):
    with pytest.raises(ValidationError):
        targets.watch_from_evaluation(office, campaign.pk, today())
    assert targets.watch_from_evaluation(None, campaign.pk, today()).watches == 0


def test_station_acts_on_its_own_area_only(office, campaign, make_user):
    own, other = OperatorFactory(), OperatorFactory()
    failed_evaluation(campaign, office, own, other)
    station = station_user(make_user, own)
    outcome = targets.watch_from_evaluation(station, campaign.pk, today())
    assert outcome.watches == 1
    assert set(ResultWatch.objects.values_list("operator_id", flat=True)) == {own.pk}


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.PARTNER, Role.OPERATOR, Role.EVALUATOR])
def test_other_roles_are_refused(role, office, campaign, make_user):
    failed_evaluation(campaign, office, OperatorFactory())
    with pytest.raises(PermissionDenied):
        targets.watch_from_evaluation(make_user(role), campaign.pk, today())
    assert not ResultWatch.objects.exists()


def test_black_list_entry_once(office):
    operator = OperatorFactory()
    ref = Ref("oversight.listentry", 7)
    until = today() + timedelta(days=90)
    link = targets.watch_from_black_list(office, operator, ref, "虚假宣传", until)
    assert link.watch_entry.ends_on == until and "虚假宣传" in link.watch_entry.reason
    assert targets.watch_from_black_list(None, operator, ref, "虚假宣传", until) is None
    with pytest.raises(ValidationError):
        targets.watch_from_black_list(office, operator, Ref("x.y", 1), " ", until)


def test_overdue_order_goes_on_the_watch_list(office):
    operator = OperatorFactory()
    issued = today() - timedelta(days=60)
    order = supervision.issue_order_on_basis(
        office, operator, "other", "上级交办", "整改", "conduct", working_days=5, issued_on=issued
    )
    outcome = targets.watch_from_samples_and_orders(office, today())
    assert outcome.watches == 1
    link = ResultWatch.objects.get(rule=ResultWatch.Rule.OVERDUE_ORDER)
    assert link.source_id == order.pk and "逾期" in link.watch_entry.reason
    assert targets.watch_from_samples_and_orders(None, today()).watches == 0


def test_watched_operators_are_always_drawn(office, campaign, changxing, make_user):
    from fangxin.core.models import Station
    from fangxin.supervision.tests.conftest import plan_for

    station, elsewhere = Station.objects.order_by("code")[:2]
    area = station.areas.first()
    operators = [OperatorFactory(area=area, risk_class="A") for _ in range(30)]
    for _ in range(4):  # inspectors avoid their own station
        make_user(Role.INSPECTOR, station=elsewhere)
    failing = operators[7]
    failed_evaluation(campaign, office, failing)
    targets.watch_from_evaluation(office, campaign.pk, today())
    plan = plan_for(office, quotas={"A": 0.01, "B": 0, "C": 0, "D": 0}, inspectors_per_task=2)
    plan.areas.set([area])
    supervision.freeze(office, plan)
    draw = supervision.run_draw(office, plan, "12345", "测试")
    selected = {row["operator"]: row for row in draw.result}
    assert failing.pk in selected
    assert selected[failing.pk]["reason"] == "key_target"


def test_the_apps_sweep_runs_both_parts(office, campaign):
    from fangxin.oversight import sweeps

    failed_evaluation(campaign, office, OperatorFactory())
    result = sweeps.run(today())
    assert result["result_watches"] == 1 and "risk_classes_changed" in result
    assert sweeps.run(today())["result_watches"] == 0
