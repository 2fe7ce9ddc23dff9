from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command

from fangxin.core.models import Area
from fangxin.registry import idnumber, uscc
from fangxin.registry.demo import DEMO_OPERATOR_USCC, demo_operator
from fangxin.registry.models import (
    GroupLeader,
    Licence,
    Operator,
    PickupPoint,
    PlatformAccount,
    Studio,
)
from fangxin.registry.validators import clean_phone

# The demo is built as on the clock's day: frozen on the demo tests' day (see conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

MODELS = (Operator, Licence, PlatformAccount, Studio, PickupPoint, GroupLeader)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _check_spreads_operators_over_every_area():
    assert Operator.objects.count() >= 280
    per_area = Counter(Operator.objects.values_list("area__code", flat=True))
    assert set(per_area) == set(Area.objects.values_list("code", flat=True))
    assert len(per_area) == 15
    assert per_area["zhicheng"] >= 20


def _check_operators_are_well_formed():
    rows = list(
        Operator.objects.values_list("uscc", "legal_rep_id_number", "contact_phone", "name")
    )
    codes = [row[0] for row in rows]
    assert len(set(codes)) == len(codes)
    assert all(uscc.validate(code).valid for code in codes)
    assert all(idnumber.is_valid(row[1]) for row in rows)
    assert all(clean_phone(row[2]) == row[2] for row in rows)
    assert len({row[3] for row in rows}) == len(rows)


def _check_mixes_kinds_statuses_and_risk_classes():
    kinds = Counter(Operator.objects.values_list("livestream", "group_buying"))
    assert kinds[(True, False)] > kinds[(False, True)] > kinds[(True, True)] > 0
    statuses = Counter(Operator.objects.values_list("status", flat=True))
    assert statuses[Operator.Status.ACTIVE] > statuses[Operator.Status.APPLIED] >= 10
    for status in (Operator.Status.SUSPENDED, Operator.Status.LEFT, Operator.Status.REJECTED):
        assert statuses[status] > 0
    assert not Operator.objects.filter(
        status__in=[Operator.Status.SUSPENDED, Operator.Status.LEFT, Operator.Status.REJECTED],
        status_reason="",
    ).exists()
    assert set(Operator.objects.values_list("risk_class", flat=True)) == {"A", "B", "C", "D"}
    assert Operator.objects.filter(sells_food=True).count() > Operator.objects.count() // 2


def _check_licences_include_problems():
    today = date.today()
    assert Licence.objects.filter(kind=Licence.Kind.BUSINESS).count() == Operator.objects.count()
    flagged = Operator.objects.with_licence_flags(today)
    assert flagged.filter(licence_expired=True).exists()
    assert flagged.filter(licence_expiring=True).exists()
    assert flagged.filter(food_licence_missing=True).exists()
    problems = Operator.objects.with_licence_problems(today).count()
    assert 0 < problems < Operator.objects.count() // 3


def _check_operators_have_accounts_studios_and_pickup_points():
    assert not Operator.objects.filter(accounts__isnull=True).exists()
    assert not Operator.objects.filter(livestream=True, studios__isnull=True).exists()
    assert not Operator.objects.filter(group_buying=True, pickup_points__isnull=True).exists()
    assert not PickupPoint.objects.filter(leaders__isnull=True).exists()
    assert GroupLeader.objects.filter(real_name_verified=False).exists()
    group_platforms = {"meituan", "duoduo", "xingsheng"}
    assert not PlatformAccount.objects.filter(
        platform__in=group_platforms, operator__group_buying=False
    ).exists()


def _check_operator_is_equipped():
    operator = demo_operator()
    assert operator.uscc == DEMO_OPERATOR_USCC
    assert operator.area.code == "zhicheng"
    assert operator.licences.count() >= 2
    assert operator.accounts.exists()
    assert operator.studios.exists()
    assert operator.pickup_points.exists()
    assert operator.licence_problems(date.today()) == []


def _check_station_has_applications():
    applied = Operator.objects.filter(area__code="zhicheng", status=Operator.Status.APPLIED)
    assert applied.count() >= 3


def test_demo_registry_and_a_second_build_keeps_counts():
    # One build for all checks (the whole demo is built: a minute or more).
    call_command("demo")
    _check_spreads_operators_over_every_area()
    _check_operators_are_well_formed()
    _check_mixes_kinds_statuses_and_risk_classes()
    _check_licences_include_problems()
    _check_operators_have_accounts_studios_and_pickup_points()
    _check_operator_is_equipped()
    _check_station_has_applications()
    counts = _counts()
    call_command("demo")
    assert _counts() == counts
    assert counts["Operator"] >= 280
