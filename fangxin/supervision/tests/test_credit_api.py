"""The credit listings in the API: the office reads and filters them; others are refused."""

from datetime import date

import pytest

from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import CreditListing, CreditListKind

pytestmark = pytest.mark.django_db
URL = "/api/v1/credit-listings/"


def listing(operator, removed_on=None, kind=CreditListKind.ABNORMAL_OPERATIONS):
    return CreditListing.objects.create(
        operator=operator,
        kind=kind,
        code=operator.uscc,
        name=operator.name,
        listed_on=date(2026, 3, 5),
        removed_on=removed_on,
    )


def test_the_office_lists_and_filters_the_listings(client, office):
    a, b = OperatorFactory(), OperatorFactory()
    kept = listing(a)
    removed = listing(b, removed_on=date(2026, 4, 1), kind=CreditListKind.SERIOUS_VIOLATION)
    client.force_login(office)

    def ids(**query):
        answer = client.get(URL, query, HTTP_ACCEPT="application/json")
        assert answer.status_code == 200, answer.content
        return {row["id"] for row in answer.json()["results"]}

    assert ids() == {kept.pk, removed.pk}
    assert ids(kind="serious_violation") == {removed.pk}
    assert ids(in_force_on="2026-05-01") == {kept.pk}
    assert ids(in_force_on="2026-04-01") == {kept.pk, removed.pk}
    assert ids(operator=a.pk) == {kept.pk}
    detail = client.get(f"{URL}{kept.pk}/", HTTP_ACCEPT="application/json").json()
    assert detail["kind"] == "abnormal_operations" and detail["in_force_today"] is True
    assert client.get(URL, {"in_force_on": "1257-01-01"}).status_code == 400


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.EVALUATOR])
def test_others_are_refused(client, make_user, role):
    record = listing(OperatorFactory())
    client.force_login(make_user(role))
    assert client.get(URL, HTTP_ACCEPT="application/json").status_code == 403
    assert client.get(f"{URL}{record.pk}/", HTTP_ACCEPT="application/json").status_code == 403
