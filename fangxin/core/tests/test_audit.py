import pytest
from auditlog.models import LogEntry

from fangxin.core.models import Station
from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db


def test_changes_to_domain_models_are_audited(make_user):
    station = Station.objects.create(code="s1", name="测试所")
    station.name = "测试所（改）"
    station.save()
    entries = LogEntry.objects.get_for_object(station)
    assert entries.count() == 2


def test_audit_page_filters_by_model(client, make_user):
    office = make_user(Role.OFFICE)
    Station.objects.create(code="s1", name="审计测试所")
    client.force_login(office)
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Station)
    body = client.get("/audit/", {"content_type": ct.pk}).content.decode()
    assert "审计测试所" in body
    user_ct = ContentType.objects.get(app_label="core", model="user")
    body = client.get("/audit/", {"content_type": user_ct.pk}).content.decode()
    assert "审计测试所" not in body


def test_audit_page_filters_by_date(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    Station.objects.create(code="s1", name="审计测试所")
    assert "审计测试所" not in client.get("/audit/", {"date_to": "2000-01-01"}).content.decode()


@pytest.mark.parametrize("role", [Role.STATION, Role.OPERATOR, Role.MONITOR])
def test_audit_is_office_only(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit/").status_code == 403
