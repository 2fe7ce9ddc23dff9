import pytest
from django.urls import reverse

from fangxin.complaints import services
from fangxin.complaints.models import Complaint, PersonalDataAccess
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD

from .conftest import file_complaint

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": "complaint",
        "name": "李四",
        "phone": "13900005678",
        "operator_text": "某直播间",
        "category": "quality",
        "description": "买到的水果缺斤少两。",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def test_public_form_files_a_complaint_and_shows_the_code_once(client):
    response = client.post(reverse("public-complaint"), form_data())
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "web"
    receipt = client.get(reverse("public-complaint-done"))
    assert complaint.tracking_code in receipt.content.decode()
    again = client.get(reverse("public-complaint-done"))
    assert again.status_code == 302  # shown once


def test_wrong_captcha_is_refused(client):
    response = client.post(reverse("public-complaint"), form_data(captcha_1="WRONG"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_complaint_without_phone_is_refused_in_chinese(client):
    response = client.post(reverse("public-complaint"), form_data(phone=""))
    assert response.status_code == 400
    assert "投诉需要调解" in response.content.decode()


def test_picked_operator_is_used(client, operator):
    client.post(reverse("public-complaint"), form_data(operator=operator.pk))
    assert Complaint.objects.get().operator == operator


def test_html_is_never_rendered(client, office):
    client.post(reverse("public-complaint"), form_data(description="<script>alert(1)</script>"))
    complaint = Complaint.objects.get()
    client.force_login(office)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rate_limit_per_ip(client, settings):
    settings.FANGXIN_COMPLAINT_RATE_IP = "2/m"
    for _ in range(2):
        assert client.post(reverse("public-complaint"), form_data()).status_code == 302
    response = client.post(reverse("public-complaint"), form_data())
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_rate_limit_per_phone(client, settings):
    settings.FANGXIN_COMPLAINT_RATE_PHONE = "1/d"
    assert client.post(reverse("public-complaint"), form_data()).status_code == 302
    other_ip = client.post(reverse("public-complaint"), form_data(), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 429
    assert Complaint.objects.count() == 1


def test_operator_search_finds_name_and_handle(client, operator):
    operator.accounts.create(platform="douyin", handle="长兴好物直播")
    by_name = client.get(reverse("public-complaint-operators"), {"operator_text": operator.name})
    assert f'data-pick-operator="{operator.pk}"' in by_name.content.decode()
    by_handle = client.get(reverse("public-complaint-operators"), {"operator_text": "好物直播"})
    assert operator.name in by_handle.content.decode()
    short = client.get(reverse("public-complaint-operators"), {"operator_text": "长"})
    assert "data-pick-operator" not in short.content.decode()


def test_tracking_page_never_reveals_existence(client, operator):
    complaint = file_complaint(operator)
    url = reverse("public-complaint-track")
    wrong_tail = client.post(url, {"code": complaint.tracking_code, "secret": "0000"})
    no_code = client.post(url, {"code": "TS2222222222", "secret": "1234"})
    assert wrong_tail.status_code == no_code.status_code == 200
    assert "track-result" not in wrong_tail.content.decode()
    assert wrong_tail.context["error"] == no_code.context["error"]
    ok = client.post(url, {"code": complaint.tracking_code, "secret": "1234"})
    body = ok.content.decode()
    assert ok.status_code == 200 and "已登记，待处理" in body
    assert "张三" not in body and "13800001234" not in body


def test_tracking_is_rate_limited(client, settings, operator):
    settings.FANGXIN_COMPLAINT_TRACK_RATE_IP = "2/m"
    url = reverse("public-complaint-track")
    for _ in range(2):
        client.post(url, {"code": "TS2222222222", "secret": "1234"})
    assert client.post(url, {"code": "TS2222222222", "secret": "1234"}).status_code == 429


def test_station_handles_through_the_page(client, operator, station_user):
    complaint = file_complaint(operator)
    client.force_login(station_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "13800001234" in page  # the handler sees the phone, and it is logged
    assert PersonalDataAccess.objects.filter(user=station_user).exists()
    client.post(url, {"action": "accept"})
    complaint.refresh_from_db()
    assert complaint.status == "accepted"
    response = client.post(url, {"action": "close", "substantiated": "maybe"}, follow=True)
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.substantiated is False
    assert response.status_code == 200


def test_refusal_is_a_message_not_a_500(client, operator, station_user):
    complaint = file_complaint(operator)
    client.force_login(station_user)
    url = reverse("complaints:detail", args=[complaint.pk])
    response = client.post(url, {"action": "refuse", "reason": ""}, follow=True)
    assert "请选择不予受理的法定情形" in response.content.decode()
    response = client.post(url, {"action": "testing", "started_on": "x"}, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.MONITOR, Role.PARTNER])
def test_outsiders_cannot_open_another_stations_item(client, operator, make_user, role):
    complaint = file_complaint(operator)
    client.force_login(make_user(role))
    response = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code in (403, 404)


def test_inspector_of_the_station_sees_it_masked_and_cannot_act(client, operator, make_user):
    complaint = file_complaint(operator)
    inspector = make_user(Role.INSPECTOR, station=operator.area.station)
    client.force_login(inspector)
    url = reverse("complaints:detail", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "138********" in page and "13800001234" not in page
    assert client.post(url, {"action": "accept"}).status_code == 403


def test_operator_sees_accepted_complaints_against_itself_only(client, operator, make_user):
    station_user = make_user(Role.STATION, station=operator.area.station)
    received = file_complaint(operator)
    accepted = file_complaint(operator)
    services.accept(station_user, accepted)
    tipoff = file_complaint(operator, kind="tipoff")
    services.start_verification(station_user, tipoff)
    own = make_user(Role.OPERATOR, operator=operator)
    client.force_login(own)
    listing = client.get(reverse("complaints:list")).content.decode()
    assert accepted.tracking_code in listing
    assert received.tracking_code not in listing and tipoff.tracking_code not in listing
    page = client.get(reverse("complaints:detail", args=[accepted.pk])).content.decode()
    assert "13800001234" not in page and "张*" in page
    assert client.get(reverse("complaints:detail", args=[tipoff.pk])).status_code == 404
    assert client.get(reverse("complaints:export")).status_code == 403


def test_export_masks_phones_and_neutralises(client, office, operator):
    file_complaint(None, operator_text="=HYPERLINK(1)")
    client.force_login(office)
    response = client.get(reverse("complaints:export"))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "'=HYPERLINK(1)" in values and "138********" in values


def test_counter_registration_by_station(client, station_user, operator):
    client.force_login(station_user)
    data = form_data(received_on="2026-11-02", operator=operator.pk)
    response = client.post(reverse("complaints:create"), data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.channel == "counter"
    assert str(complaint.received_on) == "2026-11-02"


def test_office_triage_list(client, office, operator):
    unknown = file_complaint(None)
    known = file_complaint(operator)
    client.force_login(office)
    body = client.get(reverse("complaints:list"), {"triage": "true"}).content.decode()
    assert unknown.tracking_code in body and known.tracking_code not in body
    client.post(
        reverse("complaints:detail", args=[unknown.pk]),
        {"action": "assign", "operator_uscc": operator.uscc, "station": ""},
    )
    unknown.refresh_from_db()
    assert unknown.operator == operator and unknown.station == operator.area.station


def test_login_required_for_staff_pages(client):
    response = client.get(reverse("complaints:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_password_constant_is_importable():
    assert PASSWORD
