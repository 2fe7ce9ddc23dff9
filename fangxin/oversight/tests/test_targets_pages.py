"""The staff pages: the import's dry run and confirmation, the override and release, and what a
station may not see or do."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fangxin.core.roles import Role
from fangxin.oversight import risk, targets
from fangxin.oversight.models import RiskClassRecord
from fangxin.registry.tests.factories import OperatorFactory

from .targets_support import failed_evaluation, today

pytestmark = pytest.mark.django_db


def test_the_rules_module_imports_no_django():
    import inspect

    source = inspect.getsource(risk)
    assert "django" not in source.replace("no Django", "")


def test_import_dry_run_then_confirm(client, office):
    operator = OperatorFactory(risk_class="B")
    client.force_login(office)
    url = reverse("oversight:risk-import")
    content = f"统一社会信用代码,风险分类\n{operator.uscc},C\n".encode()
    page = client.post(url, {"file": SimpleUploadedFile("c.csv", content)})
    body = page.content.decode()
    assert 'id="dry-run-ok"' in body and 'id="confirm-import"' in body
    operator.refresh_from_db()
    assert operator.risk_class == "B"
    token = page.context["token"]
    done = client.post(url, {"token": token, "name": "c.csv"})
    assert done.status_code == 302
    operator.refresh_from_db()
    assert operator.risk_class == "C" and operator.risk_record.lock_source == "official"


def test_import_bad_file_reports_the_reason(client, office):
    client.force_login(office)
    page = client.post(
        reverse("oversight:risk-import"),
        {"file": SimpleUploadedFile("c.csv", "颜色\n红\n".encode())},
    )
    assert page.status_code == 200 and "无法识别的列" in page.content.decode()


def test_override_and_release_through_the_page(client, office):
    operator = OperatorFactory(risk_class="B")
    client.force_login(office)
    client.post(
        reverse("oversight:risk-override", args=[operator.pk]),
        {"risk_class": "D", "reason": "县局通报"},
    )
    operator.refresh_from_db()
    assert operator.risk_class == "D" and operator.risk_record.locked
    page = client.get(reverse("oversight:risk")).content.decode()
    assert "县局通报" in page and "解除锁定" in page
    client.post(reverse("oversight:risk-release", args=[operator.pk]))
    operator.refresh_from_db()
    assert operator.risk_class == "B" and not operator.risk_record.locked


def test_a_station_sees_its_own_area_and_cannot_override(client, office, campaign, make_user):
    own, other = OperatorFactory(name="本所电商"), OperatorFactory(name="他所电商")
    failed_evaluation(campaign, office, own, other)
    targets.watch_from_evaluation(office, campaign.pk, today())
    station = make_user(Role.STATION, station=own.area.station)
    client.force_login(station)
    page = client.get(reverse("oversight:targets")).content.decode()
    assert "本所电商" in page and "他所电商" not in page
    risk_page = client.get(reverse("oversight:risk")).content.decode()
    assert "本所电商" in risk_page and "他所电商" not in risk_page and "调整并锁定" not in risk_page
    answer = client.post(
        reverse("oversight:risk-override", args=[own.pk]), {"risk_class": "A", "reason": "x"}
    )
    assert answer.status_code == 403 and not RiskClassRecord.objects.filter(locked=True).exists()
    assert client.get(reverse("oversight:risk-import")).status_code == 403
    api = client.get("/api/v1/oversight/result-watches/").json()
    assert [row["operator_name"] for row in api["results"]] == ["本所电商"]
    assert api["results"][0]["order_basis"] == "evaluation"


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.OPERATOR, Role.PARTNER])
def test_other_roles_do_not_reach_the_targets_pages(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("oversight:targets")).status_code == 403
    assert client.get(reverse("oversight:risk")).status_code == 403
