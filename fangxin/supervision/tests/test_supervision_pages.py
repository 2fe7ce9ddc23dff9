"""The supervision pages end to end with the test client (the browser journey drives the same)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.supervision import services
from fangxin.supervision.models import Finding, Inspection, RectificationOrder
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def drawn(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    services.run_draw(office, plan, "03 07 12", "双色球")
    return Inspection.objects.select_related("operator__area").first()


def test_inspector_records_with_photo_and_minor_problem(client, drawn, make_user):
    inspector = drawn.inspectors.first()
    client.force_login(inspector)
    assert client.get("/supervision/inspections/").status_code == 200
    item = drawn.items.first()
    data = {
        "inspected_on": timezone.localdate().isoformat(),
        "conclusion": "基本符合要求，发现一处轻微问题",
        "acknowledged_by": "张经理",
        f"result-{item.pk}": "minor",
        f"note-{item.pk}": "未亮照",
        f"area-{item.pk}": "qualifications",  # a free-text item: the inspector chooses
        "photos": SimpleUploadedFile("scene.png", PNG),
    }
    response = client.post(f"/supervision/inspections/{drawn.pk}/", data)
    assert response.status_code == 302
    drawn.refresh_from_db()
    assert drawn.status == "recorded" and drawn.publish_due
    assert drawn.evidence.get().sha256
    finding = Finding.objects.get(inspection=drawn)
    assert finding.severity == "minor"
    station = make_user(Role.STATION, station=drawn.station)
    client.force_login(station)
    client.post(f"/supervision/findings/{finding.pk}/", {"action": "order", "requirement": "亮照"})
    order = RectificationOrder.objects.get()
    client.post(f"/supervision/inspections/{drawn.pk}/publish/")
    assert Inspection.objects.get(pk=drawn.pk).status == "published"
    public = client.get("/public/inspections/").content.decode()
    assert drawn.operator.name in public and "未亮照" not in public
    operator_user = make_user(Role.OPERATOR, operator=drawn.operator)
    client.force_login(operator_user)
    client.post(
        f"/supervision/orders/{order.pk}/",
        {"action": "answer", "text": "已亮照", "files": SimpleUploadedFile("a.png", PNG)},
    )
    assert RectificationOrder.objects.get().status == "answered"
    client.force_login(station)
    client.post(f"/supervision/orders/{order.pk}/", {"action": "verify", "decision": "accept"})
    assert RectificationOrder.objects.get().status == "verified"


def test_other_inspector_and_operator_are_kept_out(client, drawn, make_user):
    client.force_login(make_user(Role.INSPECTOR, station=drawn.station))
    assert client.get(f"/supervision/inspections/{drawn.pk}/").status_code == 404
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(f"/supervision/inspections/{drawn.pk}/").status_code == 404
    assert client.get("/supervision/cases/").status_code == 403


def test_operator_never_sees_internal_notes(client, drawn, make_user):
    services.record_inspection(
        drawn.inspectors.first(),
        drawn,
        inspected_on=timezone.localdate(),
        results={},
        conclusion="符合",
        internal_note="内部：疑似刷单，继续关注",
    )
    client.force_login(make_user(Role.OPERATOR, operator=drawn.operator))
    page = client.get(f"/supervision/inspections/{drawn.pk}/").content.decode()
    assert "符合" in page and "疑似刷单" not in page


def test_dashboard_and_export(client, drawn, office):
    client.force_login(office)
    page = client.get("/supervision/dashboard/")
    assert sum(r["due"] for r in page.context["rows"]) >= 1
    assert client.get("/supervision/dashboard/export.xlsx").status_code == 200


def test_dashboard_headers_and_legend_follow_the_language(client, drawn, office):
    client.force_login(office)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/supervision/dashboard/")
    headers = [label for _key, label in page.context["columns"]]
    legend = [series["name"] for series in page.context["chart"]["series"]]
    assert headers == legend
    assert headers == [
        "To inspect",
        "Results to publish",
        "Publication overdue",
        "Rectification overdue",
        "Open cases",
    ]
    assert "结果待公示" not in page.content.decode()


def test_operator_file_actions(client, county, office, make_user):
    _stations, operators, inspectors = county
    operator = operators[0]
    station = make_user(Role.STATION, station=operator.area.station)
    client.force_login(station)
    url = f"/supervision/operators/{operator.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"action": "risk", "risk_class": "C", "reason": "投诉较多"})
    client.post(url, {"action": "watch", "reason": "直播中多次夸大宣传", "starts_on": "2026-01-01"})
    client.post(
        url,
        {
            "action": "sample",
            "product": "土蜂蜜",
            "place": "studio",
            "taken_on": "2026-03-01",
            "testing_body": "县检测中心",
            "result": "fail",
            "failed_items": "果糖和葡萄糖",
        },
    )
    others = [i for i in inspectors if i.station_id != operator.area.station_id][:2]
    client.post(
        url,
        {
            "action": "inspect",
            "source": "targeted",
            "planned_on": "2026-03-02",
            "inspectors": [u.pk for u in others],
            "free_items": "亮照",
        },
    )
    operator.refresh_from_db()
    assert operator.risk_class == "C"
    assert operator.watch_entries.count() == 1
    assert operator.findings.get().severity == "serious"
    assert operator.inspections.count() == 1
    response = client.post(
        url,
        {"action": "inspect", "planned_on": "2026-03-02", "inspectors": [others[0].pk]},
        follow=True,
    )
    assert "两名以上" in response.content.decode()
    client.force_login(make_user(Role.STATION))
    assert client.get(url).status_code == 404


def test_inspector_declares_a_conflict(client, county, make_user):
    _stations, operators, inspectors = county
    client.force_login(inspectors[0])
    url = f"/supervision/operators/{operators[-1].pk}/"
    client.post(url, {"action": "conflict", "reason": "亲属关系"})
    assert inspectors[0].conflicts.get().operator == operators[-1]
    # Not one of his tasks: he does not get the file, let alone its regulator's actions.
    assert client.post(url, {"action": "risk", "risk_class": "A", "reason": "x"}).status_code == 404


def test_partner_adds_a_finding_to_a_joint_inspection(client, county, office, make_user):
    from fangxin.core.models import PartnerDepartment

    _stations, operators, inspectors = county
    police = PartnerDepartment.objects.get(code="police")
    others = [i for i in inspectors if i.station_id != operators[0].area.station_id][:2]
    inspection = services.create_inspection(
        office,
        operators[0],
        source="targeted",
        inspectors=others,
        planned_on=timezone.localdate(),
        free_items=["亮照"],
        partner_departments=[police],
    )
    services.record_inspection(
        others[0], inspection, inspected_on=timezone.localdate(), results={}, conclusion="联合检查"
    )
    partner = make_user(Role.PARTNER, partner_department=police)
    client.force_login(partner)
    url = f"/supervision/inspections/{inspection.pk}/"
    client.post(
        url,
        {
            "action": "partner_finding",
            "severity": "minor",
            "description": "未备案",
            "area": "qualifications",
        },
    )
    assert "县公安局" in Finding.objects.get(inspection=inspection).description
    outsider = make_user(Role.PARTNER)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_targeted_inspection_of_a_pickup_point(client, county, office):
    from fangxin.registry.models import PickupPoint

    _stations, operators, inspectors = county
    operator = operators[0]
    point = PickupPoint.objects.create(
        operator=operator, name="幸福里自提点", address="幸福里1号", area=operator.area
    )
    others = [i for i in inspectors if i.station_id != operator.area.station_id][:2]
    client.force_login(office)
    client.post(
        f"/supervision/operators/{operator.pk}/",
        {
            "action": "inspect",
            "source": "targeted",
            "planned_on": "2026-03-02",
            "inspectors": [u.pk for u in others],
            "free_items": "冷链",
            "pickup_point": point.pk,
        },
    )
    assert operator.inspections.get().pickup_point == point
