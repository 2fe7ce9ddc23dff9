"""Who may do what with monitoring material, as one table a reader can check against the plan,
and the row-level refusals behind it (a station working on an operator outside its area)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from fangxin.core.permissions import roles_holding
from fangxin.core.roles import Role
from fangxin.monitoring import services
from fangxin.monitoring.models import Material
from fangxin.registry.tests.factories import OperatorFactory

from .conftest import srt_upload

KEEPERS = {"office", "monitor"}
MONITORS = {"office", "station", "monitor"}
READERS = {"office", "station", "inspector", "monitor"}
PROGRAMME = {"office", "station", "inspector", "partner", "evaluator", "association", "monitor"}
YESTERDAY = timezone.localdate() - timedelta(days=1)

EXPECTED = {
    "monitoring.see_material": READERS,
    "monitoring.view_dashboard": READERS,
    "monitoring.upload_material": MONITORS,
    "monitoring.review_hit": MONITORS,
    "monitoring.rescan": KEEPERS,
    "monitoring.scan_text": KEEPERS,
    "monitoring.view_rule_list": MONITORS,
    "monitoring.edit_rule_list": KEEPERS,
    "monitoring.use_api": PROGRAMME,
    "monitoring.see_licence_checks": READERS,
    "monitoring.record_licence_check": KEEPERS,
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_permission_is_held_by_the_roles_in_the_table(perm):
    assert roles_holding(perm) == frozenset(EXPECTED[perm])


def test_every_monitoring_permission_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.startswith("monitoring.")}
    assert registered == set(EXPECTED)


# --- on the row -------------------------------------------------------------------------------


@pytest.fixture
def far_station(make_user):
    """A station user whose area does not hold ``operator``."""
    return make_user(Role.STATION)


@pytest.fixture
def material(ruleset, operator, monitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.upload(monitor, operator, srt_upload(), stream_date=YESTERDAY)
    made.refresh_from_db()
    return made


def test_a_station_may_not_upload_for_an_operator_outside_its_area(ruleset, operator, far_station):
    assert far_station.has_perm("monitoring.upload_material")  # the role may
    assert not far_station.has_perm("monitoring.upload_material", operator)
    with pytest.raises(PermissionDenied, match="您无权为该经营主体上传监测材料"):
        services.upload(far_station, operator, srt_upload(), stream_date=YESTERDAY)
    assert not Material.objects.exists()


def test_the_operators_station_may_upload(ruleset, operator, make_user):
    own = make_user(Role.STATION, station=operator.area.station)
    assert own.has_perm("monitoring.upload_material", operator)
    services.upload(own, operator, srt_upload(), stream_date=YESTERDAY)


def test_a_station_may_not_review_a_hit_outside_its_area(material, far_station, make_user):
    hit = material.hits.first()
    assert not far_station.has_perm("monitoring.review_hit", hit)
    assert not far_station.has_perm("monitoring.review_hit", material)
    with pytest.raises(PermissionDenied, match="您无权复核该监测材料"):
        services.review(far_station, hit, confirm=False, reason="企业名称")
    hit.refresh_from_db()
    assert hit.status == "pending"
    own = make_user(Role.STATION, station=material.operator.area.station)
    assert own.has_perm("monitoring.review_hit", hit)


def test_an_inspector_reads_but_does_not_review(material, make_user):
    inspector = make_user(Role.INSPECTOR, station=material.operator.area.station)
    hit = material.hits.first()
    assert inspector.has_perm("monitoring.see_material")
    assert not inspector.has_perm("monitoring.review_hit", hit)
    with pytest.raises(PermissionDenied):
        services.review(inspector, hit, confirm=False, reason="企业名称")


def test_only_the_rule_keepers_rescan_and_edit_rules(material, make_user, monitor):
    own_station = make_user(Role.STATION, station=material.operator.area.station)
    assert monitor.has_perm("monitoring.rescan", material)
    assert not own_station.has_perm("monitoring.rescan", material)
    with pytest.raises(PermissionDenied, match="只有领导小组办公室或第三方监测机构可以重新扫描"):
        services.rescan(own_station, material)
    with pytest.raises(
        PermissionDenied, match="只有领导小组办公室或第三方监测机构可以修改监测规则"
    ):
        services.activate(own_station, material.ruleset)


def test_the_operator_sees_nothing_of_monitoring(material, make_user):
    owner = make_user(Role.OPERATOR, operator=material.operator)
    assert not any(owner.has_perm(perm, material) for perm in EXPECTED)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("monitoring:material-list", READERS),
        ("monitoring:upload", MONITORS),
        ("monitoring:rules", MONITORS),
        ("monitoring:dashboard", READERS),
    ],
)
def test_pages_open_to_the_roles_their_permission_names(client, ruleset, make_user, name, allowed):
    for role in Role:
        client.force_login(make_user(role))
        code = client.get(reverse(name)).status_code
        assert (code == 200) == (str(role) in allowed), (role, code)


def test_the_rescan_button_is_the_rule_keepers(client, material, make_user, monitor):
    url = reverse("monitoring:material-detail", args=[material.pk])
    client.force_login(monitor)
    assert 'id="rescan"' in client.get(url).content.decode()
    client.force_login(make_user(Role.STATION, station=material.operator.area.station))
    assert 'id="rescan"' not in client.get(url).content.decode()
    response = client.post(reverse("monitoring:rescan", args=[material.pk]))
    assert response.status_code == 403


def test_the_upload_form_refuses_odd_input_in_words(client, ruleset, operator, monitor):
    client.force_login(monitor)
    url = reverse("monitoring:upload")
    response = client.post(
        url,
        {
            "operator": operator.pk,
            "stream_date": "not a date",
            "duration_minutes": "abc",
            "account": "99999999999999999999",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写有效的日期" in html
    assert "监测时长应为整数分钟" in html
    assert "请选择要上传的文件" in html
    assert "平台账号不属于该经营主体" in html
    assert client.get(url, {"operator": "99999999999999999999"}).status_code == 200
    assert not Material.objects.exists()


def test_an_upload_for_an_operator_out_of_sight_is_refused(client, ruleset, far_station):
    client.force_login(far_station)
    far = OperatorFactory()
    response = client.post(
        reverse("monitoring:upload"),
        {"operator": far.pk, "stream_date": YESTERDAY.isoformat(), "file": srt_upload()},
    )
    assert response.status_code == 200
    assert "请选择经营主体" in response.content.decode()
    assert not Material.objects.exists()


def test_the_api_refuses_a_review_outside_the_callers_reach(client, material, make_user):
    hit = material.hits.first()
    url = f"/api/v1/monitoring/hits/{hit.pk}/dismiss/"
    body = {"reason": "企业名称"}
    client.force_login(make_user(Role.STATION))  # another area: not in its scope
    assert client.post(url, body, content_type="application/json").status_code == 404
    client.force_login(make_user(Role.INSPECTOR, station=material.operator.area.station))
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(make_user(Role.PARTNER))
    assert client.post("/api/v1/monitoring/scan/", {"text": "最"}).status_code == 403
    hit.refresh_from_db()
    assert hit.status == "pending"


def test_every_page_declares_who_may_open_it():
    from fangxin.core.permissions import access_of
    from fangxin.monitoring import urls

    for pattern in urls.urlpatterns:
        assert access_of(pattern.callback) is not None, pattern.name
