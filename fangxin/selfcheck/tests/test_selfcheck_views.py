import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from fangxin.core.roles import Role
from fangxin.selfcheck.models import Answer, SelfInspection
from fangxin.selfcheck.tests.conftest import PNG

pytestmark = pytest.mark.django_db


def _form_data(inspection, result="compliant", **extra):
    data = {}
    for answer in inspection.answers.all():
        data[f"result-{answer.pk}"] = result
        data[f"note-{answer.pk}"] = ""
        data[f"plan-{answer.pk}"] = ""
        data[f"target-{answer.pk}"] = ""
    data.update(extra)
    return data


def test_operator_fills_uploads_and_submits(client, enrolled):
    user, _station, enrolment = enrolled
    client.force_login(user)
    page = client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    assert page.status_code == 200
    inspection = SelfInspection.objects.get()
    first = inspection.answers.order_by("pk").first()
    data = _form_data(inspection, action="submit")
    data[f"file-{first.pk}"] = SimpleUploadedFile("photo.png", PNG)
    response = client.post(f"/selfcheck/enrolments/{enrolment.pk}/", data)
    assert response.status_code == 302
    assert SelfInspection.objects.get().status == "submitted"
    assert first.evidence.count() == 1


def test_bad_file_rolls_back_the_whole_save(client, enrolled):
    user, _station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    inspection = SelfInspection.objects.get()
    first = inspection.answers.order_by("pk").first()
    data = _form_data(inspection, action="save")
    data[f"file-{first.pk}"] = SimpleUploadedFile("photo.png", b"not an image")
    response = client.post(f"/selfcheck/enrolments/{enrolment.pk}/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "内容与扩展名.png不符" in body
    assert not Answer.objects.filter(result="compliant").exists()
    assert 'value="compliant" checked' in body  # what the user typed is kept


def test_missing_items_are_listed_on_submit(client, enrolled):
    user, _station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    response = client.post(f"/selfcheck/enrolments/{enrolment.pk}/", {"action": "submit"})
    assert "以下项目尚未完成" in response.content.decode()


def test_other_operator_and_other_station_get_404(client, enrolled, make_user):
    user, _station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    inspection = SelfInspection.objects.get()
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(f"/selfcheck/enrolments/{enrolment.pk}/").status_code == 404
    assert client.get(f"/selfcheck/inspections/{inspection.pk}/").status_code == 404
    client.force_login(make_user(Role.STATION))
    assert client.get(f"/selfcheck/inspections/{inspection.pk}/").status_code == 404


def test_station_returns_and_dashboard_counts(client, enrolled):
    user, station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    inspection = SelfInspection.objects.get()
    client.post(f"/selfcheck/enrolments/{enrolment.pk}/", _form_data(inspection, action="submit"))
    client.force_login(station)
    dashboard = client.get("/selfcheck/dashboard/")
    row = dashboard.context["rows"][0]
    assert row["counts"]["submitted"] == 1
    first = inspection.answers.order_by("pk").first()
    client.post(
        f"/selfcheck/inspections/{inspection.pk}/",
        {"decision": "return", f"comment-{first.pk}": "请补充照片"},
    )
    assert SelfInspection.objects.get().status == "returned"
    row = client.get("/selfcheck/dashboard/").context["rows"][0]
    assert row["counts"]["returned"] == 1 and row["counts"]["submitted"] == 0
    client.force_login(user)
    page = client.get(f"/selfcheck/enrolments/{enrolment.pk}/").content.decode()
    assert "请补充照片" in page


def test_dashboard_export_and_access(client, enrolled, office, make_user):
    client.force_login(office)
    response = client.get("/selfcheck/dashboard/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=1).value == "监管所"
    for role in (Role.OPERATOR, Role.MONITOR):
        client.force_login(make_user(role))
        assert client.get("/selfcheck/dashboard/export.xlsx").status_code == 403


def test_evidence_download_is_scoped(client, enrolled, make_user):
    from fangxin.selfcheck import services

    user, station, enrolment = enrolled
    answer = services.start(user, enrolment).answers.first()
    evidence = services.add_evidence(user, answer, SimpleUploadedFile("p.png", PNG))
    client.force_login(station)
    assert client.get(f"/selfcheck/evidence/{evidence.pk}/").status_code == 200
    client.force_login(make_user(Role.OPERATOR))
    assert client.get(f"/selfcheck/evidence/{evidence.pk}/").status_code == 404


def test_rectify_through_the_page(client, enrolled):
    from fangxin.selfcheck import services
    from fangxin.selfcheck.tests.conftest import complete_answers

    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    target = timezone.localdate() + timedelta(days=5)
    services.save_answers(user, inspection, complete_answers(inspection, True, target))
    services.submit(user, inspection)
    answer = inspection.answers.get(result="non_compliant")
    client.force_login(user)
    client.post(f"/selfcheck/answers/{answer.pk}/rectify/", {"note": "已完成"})
    assert Answer.objects.get(pk=answer.pk).rectified_at is not None
