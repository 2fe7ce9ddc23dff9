"""The detail pages read what they are sent through forms (``supervision.forms``): dates and
numbers refused in the pages' words, unknown actions and rows answered without a 500, and the
result of an inspection saved with its photos all or nothing (the service's transaction)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.supervision import services
from fangxin.supervision.models import Case, Inspection, VetoEvent
from fangxin.supervision.tests.test_api_supervision import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(make_user):
    return World(make_user)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_bad_photo_keeps_the_result_unsaved(client, world, make_user):
    inspection = services.create_inspection(
        world.station,
        world.operator,
        source=Inspection.Source.TARGETED,
        inspectors=world.inspectors,
        planned_on=timezone.localdate(),
        free_items=["亮照"],
    )
    item = inspection.items.get()
    client.force_login(world.inspectors[0])
    url = f"/supervision/inspections/{inspection.pk}/"
    data = {
        "inspected_on": timezone.localdate().isoformat(),
        "conclusion": "符合要求",
        f"result-{item.pk}": "compliant",
        "photos": SimpleUploadedFile("scene.png", b"not an image at all"),
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200 and _messages(response)
    assert "检查结果已保存。" not in _messages(response)
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.PLANNED and not inspection.evidence.exists()

    data["inspected_on"] = "2024-13-40"
    data["photos"] = SimpleUploadedFile("scene.png", PNG)
    response = client.post(url, data, follow=True)
    assert "请填写有效的日期。" in _messages(response)
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.PLANNED

    data["inspected_on"] = timezone.localdate().isoformat()
    data["photos"] = SimpleUploadedFile("scene.png", PNG)
    assert client.post(url, data).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.RECORDED and inspection.evidence.count() == 1


def test_the_case_page_reads_its_forms(client, world):
    case = services.open_case(world.station, world.operator, "无证经营", timezone.localdate())
    url = f"/supervision/cases/{case.pk}/"
    client.force_login(world.station)
    response = client.post(url, {"action": "suspend", "days": "十", "reason": "检测"}, follow=True)
    assert "中止天数应为整数。" in _messages(response)
    response = client.post(url, {"action": "nonsense"}, follow=True)
    assert "未知的操作。" in _messages(response)
    assert client.post(url, {"action": "file"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == Case.Status.FILED
    response = client.post(
        url,
        {"action": "decide", "decided_on": timezone.localdate().isoformat(), "amount": "abc"},
        follow=True,
    )
    assert "罚没金额应为数字。" in _messages(response)
    assert Case.objects.get(pk=case.pk).status == Case.Status.FILED

    client.force_login(world.operator_user)
    assert client.post(url, {"action": "file"}).status_code == 403


def test_the_veto_list_decides_through_its_form(client, world):
    event = services.propose_veto(
        world.station,
        world.operator,
        "counterfeit_or_fake_orders",
        "刷单炒信",
        timezone.localdate(),
        VetoEvent.Source.STATION,
    )
    client.force_login(world.station)
    page = client.get("/supervision/vetoes/").content.decode()
    assert 'value="confirm"' not in page  # the office's decision
    decision = {"event": event.pk, "decision": "confirm", "reason": "属实"}
    response = client.post("/supervision/vetoes/", decision, follow=True)
    assert "只有领导小组办公室可以认定取消称号情形。" in _messages(response)
    client.force_login(world.office)
    assert 'value="confirm"' in client.get("/supervision/vetoes/").content.decode()
    for bad in ("", "abc", "99999999999999999999999"):
        assert client.post("/supervision/vetoes/", {"event": bad}).status_code == 404
    client.post("/supervision/vetoes/", decision)
    assert VetoEvent.objects.get(pk=event.pk).status == VetoEvent.Status.CONFIRMED


def test_the_operator_file_refuses_a_bad_date_in_words(client, world, make_user):
    url = f"/supervision/operators/{world.operator.pk}/"
    client.force_login(world.station)
    response = client.post(
        url, {"action": "veto", "kind": "prohibited_goods", "description": "x"}, follow=True
    )
    assert "请填写有效的日期。" in _messages(response)
    assert not VetoEvent.objects.exists()
    response = client.post(url, {"action": "watch", "reason": "多次投诉"}, follow=True)
    assert world.operator.watch_entries.get().starts_on == timezone.localdate()
    client.force_login(world.inspectors[0])  # opens the file of his task, acts on none
    assert client.post(url, {"action": "risk", "risk_class": "D", "reason": "x"}).status_code == 403
