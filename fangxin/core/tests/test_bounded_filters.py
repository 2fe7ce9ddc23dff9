"""Ids past 2^63 and dates before the earliest date are refused where they are parsed: every
list endpoint's filter parameters (400), the list pages (a form error) and core.params (an
OverflowError on SQLite, or a LookupError for a date before any period rule: 500s)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_filters import filters as f
from rest_framework.schemas.generators import EndpointEnumerator

from fangxin.core import params
from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db

HUGE = str(2**64)  # 18446744073709551616
ANCIENT = "1257-02-21"
ID_FILTERS = (f.ModelChoiceFilter, f.ModelMultipleChoiceFilter, f.NumberFilter)
DATE_FILTERS = (f.DateFilter, f.DateFromToRangeFilter)


def list_endpoints():
    """(path, filterset class) of every API list with filters."""
    found = []
    for path, method, callback in EndpointEnumerator().get_api_endpoints():
        if method != "GET" or "{" in path or not path.startswith("/api/"):
            continue
        view = callback.cls(**getattr(callback, "initkwargs", {}))
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None:
            found.append((path, filterset))
    return found


def parameters(filterset, kinds):
    for name, item in filterset.base_filters.items():
        if isinstance(item, kinds):
            if isinstance(item, f.DateFromToRangeFilter):
                yield f"{name}_after"
                yield f"{name}_before"
            else:
                yield name


@pytest.fixture
def office_client(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.OFFICE))
    return client


def test_every_id_filter_refuses_an_id_past_the_databases_range(office_client):
    checked = []
    for path, filterset in list_endpoints():
        for name in parameters(filterset, ID_FILTERS):
            response = office_client.get(path, {name: HUGE})
            assert response.status_code == 400, (path, name, response.status_code)
            assert name in response.json()["errors"], (path, name)
            checked.append((path, name))
    assert len(checked) >= 20  # the field found 20 parameters on 11 endpoints


def test_every_date_filter_refuses_a_date_before_the_earliest(office_client):
    checked = 0
    for path, filterset in list_endpoints():
        for name in parameters(filterset, DATE_FILTERS):
            response = office_client.get(path, {name: ANCIENT})
            assert response.status_code == 400, (path, name, response.status_code)
            checked += 1
    assert checked >= 10


def test_list_pages_show_a_form_error_instead_of_failing(office_client):
    for url, name in (
        ("/complaints/", "operator"),
        ("/complaints/", "station"),
        ("/registry/operators/", "area"),
        ("/audit/", "actor"),
    ):
        response = office_client.get(url, {name: HUGE})
        assert response.status_code == 200, (url, name, response.status_code)
    response = office_client.get("/complaints/", {"received_after": ANCIENT})
    assert response.status_code == 200
    assert "2000-01-01" in response.content.decode()


def test_params_bound_ids_and_dates():
    assert params.is_id("9223372036854775807")
    assert not params.is_id("9223372036854775808") and not params.is_id("0")
    assert params.date_or(ANCIENT, date(2026, 1, 1)) == date(2026, 1, 1)
    with pytest.raises(ValidationError) as caught:
        params.required_date("0594-01-06", "issued_on")
    assert "2000-01-01" in caught.value.message_dict["issued_on"][0]
    assert params.required_date("2000-01-01", "x") == date(2000, 1, 1)


def test_the_earliest_date_is_a_setting(settings):
    settings.FANGXIN_EARLIEST_DATE = "1990-01-01"
    assert params.required_date("1995-06-01", "x") == date(1995, 6, 1)
