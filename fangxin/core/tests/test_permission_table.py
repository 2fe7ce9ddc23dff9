"""Core's actions (audit trail, reference data, calendar, statutory periods) and the roles
that may take them; and every page of core, registry, programme and self-inspection declares
who may open it."""

import pytest
import rules
from django.urls import URLPattern, URLResolver, get_resolver

from fangxin.core import periods
from fangxin.core.navigation import items_for
from fangxin.core.permissions import access_of, roles_holding
from fangxin.core.roles import Role

STAFF = {"office", "station", "inspector", "partner", "evaluator", "association", "monitor"}

EXPECTED = {
    "core.view_audit_log": {"office"},
    "core.view_reference_data": STAFF,
    "core.manage_areas": {"office"},
    "core.manage_calendar": {"office"},
    "core.confirm_period_rule": {"office"},
    "core.open_admin": {"office"},
    "core.read_api_docs": {"office"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_roles_holding_each_permission(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_every_core_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("core.")}
    assert registered == set(EXPECTED)


def _callbacks(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


MODULES = ("fangxin.core.views", "fangxin.registry.", "fangxin.programme.", "fangxin.selfcheck.")


def test_every_page_declares_its_access():
    undeclared = sorted(
        f"{callback.__module__}.{callback.__name__}"
        for callback in _callbacks(get_resolver().url_patterns)
        if callback.__module__.startswith(MODULES) and access_of(callback) is None
    )
    assert undeclared == []


@pytest.mark.django_db
def test_station_is_refused_the_audit_log_and_reference_writes(client, make_user):
    station = make_user(Role.STATION)
    client.force_login(station)
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit/").status_code == 403
    assert client.get("/api/v1/areas/").status_code == 200
    response = client.post("/api/v1/stations/", {"code": "X9", "name": "某所"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_operator_may_not_read_reference_data(client, make_user):
    client.force_login(make_user(Role.OPERATOR))
    assert client.get("/api/v1/areas/").status_code == 403


@pytest.mark.django_db
def test_only_the_office_confirms_period_rules(make_user):
    assert periods.can_confirm(make_user(Role.OFFICE))
    assert not periods.can_confirm(make_user(Role.STATION))


@pytest.mark.django_db
def test_navigation_follows_the_permissions(make_user):
    def names(role):
        return {item["name"] for item in items_for(make_user(role))}

    office, station, operator = names(Role.OFFICE), names(Role.STATION), names(Role.OPERATOR)
    assert {"audit", "admin:index", "registry:operator-list", "selfcheck:dashboard"} <= office
    assert "audit" not in station and "registry:operator-list" in station
    assert {"registry:my-operator", "selfcheck:mine", "programme:trainings"} <= operator
    assert not {"registry:operator-list", "selfcheck:dashboard", "audit"} & operator
    inspector = names(Role.INSPECTOR)
    assert "selfcheck:dashboard" in inspector and "programme:trainings" not in inspector
