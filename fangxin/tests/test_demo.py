import pytest
from django.core.management import call_command

from fangxin.core.demo import DEMO_PASSWORD
from fangxin.core.models import User
from fangxin.registry.models import Operator

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_accounts_log_in(client):
    call_command("demo")
    counts = (User.objects.count(), Operator.objects.count())
    call_command("demo")
    assert (User.objects.count(), Operator.objects.count()) == counts
    names = set(User.objects.values_list("username", flat=True))
    assert {
        "office",
        "station",
        "inspector",
        "inspector2",
        "partner",
        "evaluator",
        "association",
        "monitor",
        "operator",
    } <= names
    assert User.objects.get(username="office").check_password(DEMO_PASSWORD)
    operator = User.objects.get(username="operator")
    assert operator.operator is not None
    assert User.objects.get(username="inspector").station is not None
