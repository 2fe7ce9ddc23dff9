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


def test_a_bad_file_is_refused_but_the_draft_is_kept(client, enrolled):
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
    assert body.index('id="refusal"') < body.index('id="selfcheck-form"')
    assert not Answer.objects.exclude(result="compliant").exists()
    assert 'value="compliant" checked' in body
    assert not first.evidence.exists()


def test_a_refused_submit_keeps_the_typed_answers_and_the_evidence(client, enrolled):
    """Submitting with one item unanswered is refused, above the form; what was typed is
    saved as a draft and the uploaded file is kept."""
    user, _station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")
    inspection = SelfInspection.objects.get()
    answers = list(inspection.answers.order_by("pk"))
    data = _form_data(inspection, action="submit")
    data[f"note-{answers[0].pk}"] = "直播间已亮照"
    data[f"result-{answers[-1].pk}"] = ""
    data[f"file-{answers[0].pk}"] = SimpleUploadedFile("亮照.png", PNG)
    response = client.post(f"/selfcheck/enrolments/{enrolment.pk}/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "以下项目尚未完成" in body and answers[-1].requirement.code in body
    assert body.index('id="refusal"') < body.index('id="selfcheck-form"')
    assert "您填写的内容已保存为草稿" in body and "亮照.png" in body
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.DRAFT
    assert Answer.objects.get(pk=answers[0].pk).note == "直播间已亮照"
    assert Answer.objects.filter(result="compliant").count() == len(answers) - 1
    assert answers[0].evidence.get().original_name == "亮照.png"
    assert 'value="直播间已亮照"' in body


def test_outside_the_phase_the_page_is_read_only_and_says_whom_to_ask(client, enrolled, campaign):
    from fangxin.programme.models import PhaseCode
    from fangxin.programme.tests.conftest import put_phase_around_today

    user, _station, enrolment = enrolled
    station = enrolment.operator.area.station
    station.phone = "0572-6021234"
    station.save()
    put_phase_around_today(campaign, PhaseCode.GOVERNANCE)
    phase = campaign.phases.get(code=PhaseCode.SELF_INSPECTION)
    client.force_login(user)
    body = client.get(f"/selfcheck/enrolments/{enrolment.pk}/").content.decode()
    assert 'id="phase-closed"' in body
    assert f"{phase.starts_on} 至 {phase.ends_on}" in body
    assert station.name in body and "0572-6021234" in body
    assert 'type="radio"' not in body and 'id="submit-selfcheck"' not in body
    assert not SelfInspection.objects.exists()  # nothing started for a closed phase
    mine = client.get("/selfcheck/").content.decode()
    assert "已结束" in mine and "填写自查" not in mine


def test_a_form_sent_after_the_phase_closed_keeps_the_draft_and_the_file(
    client, enrolled, campaign
):
    from fangxin.programme.models import PhaseCode
    from fangxin.programme.tests.conftest import put_phase_around_today

    user, _station, enrolment = enrolled
    client.force_login(user)
    client.get(f"/selfcheck/enrolments/{enrolment.pk}/")  # opened while the phase was open
    inspection = SelfInspection.objects.get()
    first = inspection.answers.order_by("pk").first()
    put_phase_around_today(campaign, PhaseCode.GOVERNANCE)
    data = _form_data(inspection, action="submit")
    data[f"file-{first.pk}"] = SimpleUploadedFile("photo.png", PNG)
    body = client.post(f"/selfcheck/enrolments/{enrolment.pk}/", data).content.decode()
    assert "自查自纠阶段已于" in body and 'id="refusal"' in body
    assert "您填写的内容已保存为草稿" in body
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.DRAFT
    assert not Answer.objects.exclude(result="compliant").exists()
    assert first.evidence.count() == 1


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
