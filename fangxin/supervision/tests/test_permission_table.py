"""Who may do what on the supervision side, as a table a reader checks against the plan: each
named permission and the roles holding it (asked without a row), then the rows that refuse a
role holding the permission (another station's order, a plan not the station's own, a task
the inspector is not on)."""

from datetime import date

import pytest
import rules
from django.core.exceptions import PermissionDenied

from fangxin.core.permissions import roles_holding
from fangxin.core.roles import ROLE_PERMISSIONS, Role
from fangxin.core.tests.factories import PartnerDepartmentFactory
from fangxin.supervision import services
from fangxin.supervision.models import DrawPlan, Inspection, RectificationOrder, VetoEvent
from fangxin.supervision.tests.conftest import plan_for
from fangxin.supervision.tests.test_api_supervision import TODAY, World

pytestmark = pytest.mark.django_db

REGULATOR = {"office", "station"}  # decides: the office and the stations
READS_AS_REGULATOR = {"office", "station", "inspector"}

EXPECTED = {
    "supervision.set_risk_class": REGULATOR,
    "supervision.add_watchentry": REGULATOR,
    "supervision.create_plan": REGULATOR,
    "supervision.freeze_plan": REGULATOR,
    "supervision.run_draw": REGULATOR,
    "supervision.cancel_plan": REGULATOR,
    "supervision.declare_conflict": {"inspector"},
    "supervision.create_inspection": REGULATOR,
    "supervision.record_inspection": {"office", "station", "inspector"},
    "supervision.publish_inspection": REGULATOR,
    "supervision.add_partner_finding": {"partner"},
    "supervision.create_finding": REGULATOR,
    "supervision.take_sample": REGULATOR,
    "supervision.record_sample_result": REGULATOR,
    "supervision.record_measure": REGULATOR,
    "supervision.issue_order": REGULATOR,
    "supervision.answer_order": {"operator"},
    "supervision.verify_order": REGULATOR,
    "supervision.open_case": REGULATOR,
    "supervision.extend_filing": REGULATOR,
    "supervision.decide_filing": REGULATOR,
    "supervision.suspend_case": REGULATOR,
    "supervision.decide_case": REGULATOR,
    "supervision.propose_veto": REGULATOR,
    "supervision.decide_veto": {"office"},
    "supervision.view_cases": READS_AS_REGULATOR,
    "supervision.view_dashboard": READS_AS_REGULATOR,
    "supervision.view_internal_note": READS_AS_REGULATOR,
    "supervision.view_task_place": READS_AS_REGULATOR | {"partner"},
    "supervision.view_operator_file": READS_AS_REGULATOR,
    "supervision.manage_operator_file": REGULATOR,
    "supervision.see_task_contacts": READS_AS_REGULATOR,
    "supervision.import_credit_list": {"office"},
    "supervision.view_credit_listings": {"office"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_permission_is_held_by_the_roles_the_table_names(perm):
    assert roles_holding(perm) == frozenset(EXPECTED[perm])


def test_every_supervision_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("supervision.")}
    assert registered == set(EXPECTED)


def test_the_draw_and_watch_list_are_no_longer_group_permissions():
    # A group permission would answer yes without asking the row (ModelBackend).
    granted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    assert not {code for code in granted if code.startswith("supervision.")}


def test_an_inactive_or_anonymous_user_holds_nothing(make_user):
    from django.contrib.auth.models import AnonymousUser

    sleeping = make_user(Role.OFFICE, is_active=False)
    for perm in EXPECTED:
        assert not AnonymousUser().has_perm(perm)
        assert not sleeping.has_perm(perm)


# --- the row refuses a role that holds the permission ----------------------------------------


@pytest.fixture
def world(make_user):
    return World(make_user)


def _order(world) -> RectificationOrder:
    return services.issue_order(world.station, world.minor, "亮照经营", 10)


def test_a_station_may_not_verify_another_stations_order(world):
    order = _order(world)
    assert world.station.has_perm("supervision.verify_order", order)
    assert world.other_station.has_perm("supervision.verify_order")  # the role may
    assert not world.other_station.has_perm("supervision.verify_order", order)  # not this one
    with pytest.raises(PermissionDenied, match="该经营主体不在您的管辖范围内。"):
        services.verify_order(world.other_station, order, True, "x")


def test_an_operator_may_answer_only_its_own_order(world, make_user):
    order = _order(world)
    stranger = make_user(Role.OPERATOR, operator=world.other)
    assert world.operator_user.has_perm("supervision.answer_order", order)
    assert not stranger.has_perm("supervision.answer_order", order)
    with pytest.raises(PermissionDenied, match="只有被责令整改的经营主体可以回复。"):
        services.answer_order(stranger, order, "已整改")


def test_a_station_may_not_run_a_plan_not_its_own(county, office, make_user):
    stations, _operators, _inspectors = county
    own = make_user(Role.STATION, station=stations[0])
    other = make_user(Role.STATION, station=stations[1])
    plan = services.create_plan(own, name="本所计划", free_items=["亮照"])
    assert plan.station == stations[0]
    county_wide = plan_for(office)
    assert own.has_perm("supervision.freeze_plan", plan)
    for perm in ("supervision.freeze_plan", "supervision.run_draw", "supervision.cancel_plan"):
        assert not other.has_perm(perm, plan), perm
        assert not own.has_perm(perm, county_wide), perm  # the office's
    message = "只有领导小组办公室或本计划所属监管所可以执行此操作。"
    with pytest.raises(PermissionDenied, match=message):
        services.freeze(other, plan)
    with pytest.raises(PermissionDenied, match=message):
        services.cancel(own, county_wide, "不需要")
    assert DrawPlan.objects.get(pk=plan.pk).status == DrawPlan.Status.DRAFT


def test_an_inspector_records_only_his_own_tasks(world):
    item = world.inspection.items.first()
    assert world.inspectors[1].has_perm("supervision.record_inspection", world.inspection)
    assert not world.outsider.has_perm("supervision.record_inspection", world.inspection)
    assert not world.other_station.has_perm("supervision.record_inspection", world.inspection)
    with pytest.raises(PermissionDenied, match="只有本次检查的执法人员可以录入检查结果。"):
        services.record_inspection(
            world.outsider,
            world.inspection,
            inspected_on=date(2024, 3, 5),
            results={item.pk: ("compliant", "")},
            conclusion="x",
        )


def test_only_the_responsible_station_publishes(world):
    assert world.station.has_perm("supervision.publish_inspection", world.inspection)
    assert not world.other_station.has_perm("supervision.publish_inspection", world.inspection)
    assert not world.inspectors[0].has_perm("supervision.publish_inspection", world.inspection)
    with pytest.raises(PermissionDenied, match="只有负责监管所可以审核公示检查结果。"):
        services.publish_inspection(world.other_station, world.inspection)
    world.inspection.refresh_from_db()
    assert world.inspection.status == Inspection.Status.RECORDED


def test_a_partner_adds_findings_only_to_joint_inspections_it_joins(world, make_user):
    stranger = make_user(Role.PARTNER, partner_department=PartnerDepartmentFactory())
    assert world.partner.has_perm("supervision.add_partner_finding", world.inspection)
    assert not stranger.has_perm("supervision.add_partner_finding", world.inspection)
    with pytest.raises(PermissionDenied, match="只有参加本次联合检查的协作部门可以补充问题。"):
        services.add_partner_finding(stranger, world.inspection, "无证", "minor", "site")


def test_the_operator_file_and_its_forms(world):
    # The inspector of a task opens the operator's file but does not act on it; another
    # station neither.
    assert world.inspectors[0].has_perm("supervision.view_operator_file", world.operator)
    assert not world.inspectors[0].has_perm("supervision.manage_operator_file", world.operator)
    assert not world.other_station.has_perm("supervision.view_operator_file", world.operator)
    assert not world.other_station.has_perm("supervision.add_watchentry", world.operator)
    with pytest.raises(PermissionDenied, match="您无权将该经营主体列为重点监管对象。"):
        services.add_watch_entry(world.other_station, world.operator, "多次投诉", TODAY())


def test_a_station_proposes_a_veto_and_only_the_office_decides(world):
    event = services.propose_veto(
        world.station,
        world.operator,
        "counterfeit_or_fake_orders",
        "刷单炒信",
        date(2024, 3, 6),
        VetoEvent.Source.STATION,
    )
    assert not world.other_station.has_perm("supervision.propose_veto", world.operator)
    assert not world.station.has_perm("supervision.decide_veto", event)
    with pytest.raises(PermissionDenied, match="只有领导小组办公室可以认定取消称号情形。"):
        services.decide_veto(world.station, event, True, "属实")
    assert world.office.has_perm("supervision.decide_veto", event)


def test_the_pages_offer_only_what_the_row_allows(client, world):
    order = _order(world)
    client.force_login(world.other_station)
    # Another station's order is outside its scope: not found, never offered.
    assert client.get(f"/supervision/orders/{order.pk}/").status_code == 404
    client.force_login(world.station)
    page = client.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert 'id="answer-form"' not in page  # the operator's to answer
    client.force_login(world.operator_user)
    page = client.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert 'id="answer-form"' in page and 'id="verify-form"' not in page
    assert client.get("/supervision/cases/").status_code == 403
    assert client.get("/supervision/dashboard/").status_code == 403
