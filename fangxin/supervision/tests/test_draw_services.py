"""Draw plans end to end: freeze → commitment, run with a public value, publish, verify."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services
from fangxin.supervision.models import ConflictOfInterest, DrawPlan
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db


def test_freeze_publishes_a_commitment_not_the_secret(county, office):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    assert DrawPlan.objects.get(pk=plan.pk).status == "frozen"
    assert len(draw.commitment) == 64 and draw.secret not in draw.commitment
    assert len(draw.operator_pool) == 16
    with pytest.raises(ValidationError):
        services.freeze(office, plan)  # only once


def test_run_verify_and_no_rerun(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "03 07 12 19 25 31 + 09", "双色球第2026138期")
    assert draw.result and draw.result_hash
    for row in draw.result:
        assert len(row["inspectors"]) == 2
    assert services.verify(draw).ok
    call_command("verify_draw", str(draw.pk))
    with pytest.raises(ValidationError):
        services.run_draw(office, plan, "another value", "x")
    picked = Operator.objects.get(pk=draw.result[0]["operator"])
    assert picked.events.filter(kind="drawn").exists()


def test_avoidance_is_respected(county, office):
    _stations, operators, inspectors = county
    ConflictOfInterest.objects.create(
        inspector=inspectors[-1], operator=operators[0], reason="亲属关系"
    )
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "12345", "上证指数收盘")
    station_of = {u.pk: u.station_id for u in inspectors}
    area_station = {o.pk: o.area.station_id for o in operators}
    for row in draw.result:
        for inspector in row["inspectors"]:
            assert station_of[inspector] != area_station[row["operator"]]
        if row["operator"] == operators[0].pk:
            assert inspectors[-1].pk not in row["inspectors"]


def test_tampering_with_the_published_inputs_fails_verification(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "88", "福彩3D")
    for field, change in [
        ("public_value", lambda d: setattr(d, "public_value", "89")),
        ("secret", lambda d: setattr(d, "secret", "0" * 64)),
        ("pool", lambda d: d.operator_pool.pop()),
        ("result", lambda d: d.result.reverse()),
        ("rules", lambda d: d.rules.update(inspectors_per_task=3)),
    ]:
        draw.refresh_from_db()
        change(draw)
        if field == "result":
            draw.result_hash = hashlib.sha256(b"tampered").hexdigest()
        draw.save()
        assert not services.verify(draw).ok, field
    with pytest.raises(CommandError):
        call_command("verify_draw", str(draw.pk))


def test_empty_pool_and_too_few_inspectors_refuse_clearly(changxing, office, make_user):
    plan = plan_for(office)
    with pytest.raises(ValidationError) as err:
        services.freeze(office, plan)
    assert "经营主体库为空" in str(err.value)
    station = Station.objects.get(code="zhicheng")
    OperatorFactory(area=station.areas.first(), risk_class="D")
    make_user(Role.INSPECTOR, station=station)
    make_user(Role.INSPECTOR, station=station)
    plan = plan_for(office)
    with pytest.raises(ValidationError) as err:
        services.freeze(office, plan)
    assert "执法人员不足" in str(err.value)  # the only inspectors are of the same station


def test_only_office_or_the_plans_station(county, office, make_user):
    stations, _operators, _inspectors = county
    with pytest.raises(PermissionDenied):
        services.create_plan(make_user(Role.INSPECTOR, station=stations[0]), name="x")
    station_user = make_user(Role.STATION, station=stations[0])
    plan = services.create_plan(
        station_user, name="本所计划", free_items=["亮照"], rules={"avoid_own_station": False}
    )
    assert plan.station == stations[0]
    with pytest.raises(PermissionDenied):
        services.freeze(make_user(Role.STATION, station=stations[1]), plan)
    draw = services.freeze(station_user, plan)
    assert {o["station"] for o in draw.operator_pool} == {str(stations[0].pk)}


def test_fewer_than_two_inspectors_per_task_is_refused(county, office):
    with pytest.raises(ValidationError):
        plan_for(office, inspectors_per_task=1)


def test_cancelled_draw_stays_on_record(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    with pytest.raises(ValidationError):
        services.cancel(office, plan, "")
    services.cancel(office, plan, "名单有误，重新制定")
    plan.refresh_from_db()
    assert plan.status == "cancelled" and plan.draw.commitment
    with pytest.raises(ValidationError):
        services.run_draw(office, plan, "1", "x")


def test_key_targets_always_drawn(county, office):
    _stations, operators, _inspectors = county
    services.add_watch_entry(office, operators[0], "投诉较多", date(2026, 1, 1))
    plan = plan_for(office)
    plan.rules["quotas"] = {"A": 0, "B": 0, "C": 0, "D": 0}
    plan.save()
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "7", "x")
    assert [row["operator"] for row in draw.result] == [operators[0].pk]


def test_risk_class_change_needs_a_reason_and_is_on_the_timeline(county, office, make_user):
    stations, operators, _inspectors = county
    with pytest.raises(ValidationError):
        services.set_risk_class(office, operators[0], "D", "")
    services.set_risk_class(office, operators[0], "D", "多次被投诉")
    assert Operator.objects.get(pk=operators[0].pk).risk_class == "D"
    assert "多次被投诉" in operators[0].events.get(kind="risk_class").summary
    with pytest.raises(PermissionDenied):
        services.set_risk_class(
            make_user(Role.STATION, station=stations[2]), operators[0], "A", "x"
        )


def test_a_ratio_of_one_draws_everyone_and_whole_numbers_are_counts(county, office):
    plan = services.create_plan(
        office,
        name="全覆盖",
        free_items=["亮照"],
        rules={"quotas": {"A": 1.0, "B": 0.0, "C": "1", "D": 0}},
    )
    assert plan.rules["quotas"] == {"A": 1.0, "B": 0.0, "C": 1, "D": 0}
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "1", "x")
    reasons = [row["reason"] for row in draw.result]
    assert reasons.count("quota:A") == 4  # both stations' two A operators
    with pytest.raises(ValidationError):
        services.create_plan(office, name="x", free_items=["a"], rules={"quotas": {"A": 1.5}})
