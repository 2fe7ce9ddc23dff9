"""The intake form on a refused attempt keeps the evidence and says what to fix at the top; the
CAPTCHA reads one word; the receipt gives the decision date; the personal-data notices."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from fangxin.complaints import services
from fangxin.complaints.models import Complaint, PendingEvidence
from fangxin.complaints.sweeps import run as run_sweep
from fangxin.core import privacy

from .conftest import file_complaint
from .test_complaint_pages import form_data

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
PDF = b"%PDF-1.4\n" + b"1" * 64


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def token_in(response) -> str:
    match = re.search(r'name="evidence_token" value="([^"]+)"', response.content.decode())
    assert match, "the re-rendered form carries its evidence token"
    return match.group(1)


def test_wrong_captcha_keeps_the_evidence_and_sums_up_the_errors_at_the_top(client):
    url = reverse("public-complaint")
    refused = client.post(url, form_data(captcha_1="WRONG", evidence=[png(), pdf()]))
    assert refused.status_code == 400
    assert not Complaint.objects.exists()
    assert PendingEvidence.objects.count() == 2
    html = refused.content.decode()
    # The summary is the form's first content, and it names the CAPTCHA in the label's word.
    assert html.index('id="error-summary"') < html.index('name="kind"')
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    assert "验证码不正确" in summary and 'href="#id_captcha_1"' in summary
    assert "认证码" not in html
    assert "已上传" in html and "photo.png" in html and "receipt.pdf" in html
    assert 'id="evidence-kept"' in html

    # The second attempt brings no file: the kept ones are filed.
    done = client.post(url, form_data(evidence_token=token_in(refused)))
    assert done.status_code == 302
    complaint = Complaint.objects.get()
    assert sorted(e.original_name for e in complaint.evidence.all()) == ["photo.png", "receipt.pdf"]
    assert not PendingEvidence.objects.exists()
    for evidence in complaint.evidence.all():
        assert default_storage.exists(evidence.file.name)


def test_a_kept_file_can_be_removed_and_more_added(client, django_capture_on_commit_callbacks):
    url = reverse("public-complaint")
    refused = client.post(url, form_data(captcha_1="WRONG", evidence=[png()]))
    kept = PendingEvidence.objects.get()
    stored = kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            form_data(
                evidence_token=token_in(refused), remove_evidence=[kept.pk], evidence=[pdf()]
            ),
        )
    assert done.status_code == 302
    assert [e.original_name for e in Complaint.objects.get().evidence.all()] == ["receipt.pdf"]
    assert not default_storage.exists(stored)


def test_a_token_from_another_session_reaches_no_files(client, django_user_model):
    from django.test import Client

    refused = client.post(
        reverse("public-complaint"), form_data(captcha_1="WRONG", evidence=[png()])
    )
    stranger = Client()
    stranger.post(reverse("public-complaint"), form_data(evidence_token=token_in(refused)))
    assert not Complaint.objects.get().evidence.exists()
    assert PendingEvidence.objects.count() == 1


def test_a_fake_file_is_refused_and_the_good_one_kept(client):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a jpeg", content_type="image/jpeg")
    response = client.post(reverse("public-complaint"), form_data(evidence=[fake, pdf()]))
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert [p.original_name for p in PendingEvidence.objects.all()] == ["receipt.pdf"]
    html = response.content.decode()
    assert 'href="#id_evidence"' in html and "photo.jpg" in html


def test_a_file_chosen_again_is_kept_once(client):
    url = reverse("public-complaint")
    refused = client.post(url, form_data(captcha_1="WRONG", evidence=[png()]))
    client.post(url, form_data(evidence_token=token_in(refused), evidence=[png("again.png")]))
    assert [e.original_name for e in Complaint.objects.get().evidence.all()] == ["photo.png"]


def test_no_more_than_five_files_are_kept(client):
    url = reverse("public-complaint")
    refused = client.post(
        url,
        form_data(
            captcha_1="WRONG",
            evidence=[
                SimpleUploadedFile(f"p{i}.png", PNG + bytes([i]), content_type="image/png")
                for i in range(4)
            ],
        ),
    )
    again = client.post(
        url,
        form_data(
            captcha_1="WRONG",
            evidence_token=token_in(refused),
            evidence=[
                SimpleUploadedFile(f"p{i}.png", PNG + bytes([i]), content_type="image/png")
                for i in (4, 5)
            ],
        ),
    )
    assert PendingEvidence.objects.count() == 5
    assert "“p5.png”未保存" in again.content.decode()


def test_posts_with_files_are_rate_limited_per_ip(client, settings):
    settings.FANGXIN_COMPLAINT_UPLOAD_RATE_IP = "2/h"
    url = reverse("public-complaint")
    for _ in range(2):
        client.post(url, form_data(captcha_1="WRONG", evidence=[png()]))
    response = client.post(url, form_data(captcha_1="WRONG", evidence=[png()]))
    assert "上传过于频繁" in response.content.decode()
    assert PendingEvidence.objects.count() == 2


def test_the_sweep_deletes_forgotten_files_once(settings):
    settings.FANGXIN_COMPLAINT_PENDING_HOURS = 24
    old = services.stash_evidence("old-form", [png()]).files[0]
    new = services.stash_evidence("new-form", [pdf()]).files[0]
    PendingEvidence.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(hours=25)
    )
    assert run_sweep(timezone.localdate())["complaint_pending_evidence"] == 1
    assert not default_storage.exists(old.file.name)
    assert list(PendingEvidence.objects.all()) == [new]
    assert default_storage.exists(new.file.name)
    assert services.sweep_pending_evidence() == 0


def test_counter_registration_keeps_the_evidence_too(client, station_user, operator):
    client.force_login(station_user)
    url = reverse("complaints:create")
    refused = client.post(url, form_data(received_on="", operator=operator.pk, evidence=[png()]))
    assert refused.status_code == 200 and "已上传" in refused.content.decode()
    client.post(
        url,
        form_data(received_on="2026-11-02", operator=operator.pk, evidence_token=token_in(refused)),
    )
    assert Complaint.objects.get().evidence.get().original_name == "photo.png"


def test_captcha_has_a_larger_picture_and_a_refresh_button(client):
    html = client.get(reverse("public-complaint")).content.decode()
    assert 'id="captcha-refresh"' in html and reverse("captcha-refresh") in html
    assert "@2/ 2x" in html  # a sharp picture on phones
    assert "complaints/intake.js" in html
    refreshed = client.get(reverse("captcha-refresh"), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert refreshed.status_code == 200 and refreshed.json()["key"]


def test_operator_suggestions_sit_right_under_the_search_field(client):
    html = client.get(reverse("public-complaint")).content.decode()
    field = html.index('id="id_operator_text"')
    results = html.index('id="operator-results"')
    assert field < results < html.index('id="id_platform"')


def test_receipt_gives_the_decision_date_and_a_copy_button(client):
    client.post(reverse("public-complaint"), form_data())
    complaint = Complaint.objects.get()
    html = client.get(reverse("public-complaint-done")).content.decode()
    assert 'id="copy-code"' in html
    assert complaint.decide_by.isoformat() in html
    assert "决定受理或不予受理" in html


def test_tipoff_receipt_gives_the_case_decision_date(client):
    client.post(reverse("public-complaint"), form_data(kind="tipoff", name="", phone=""))
    complaint = Complaint.objects.get()
    html = client.get(reverse("public-complaint-done")).content.decode()
    assert "核查并决定是否立案" in html and complaint.decide_by.isoformat() in html


def test_survey_consent_is_optional_and_stored(client):
    url = reverse("public-complaint")
    client.post(url, form_data())
    client.post(url, form_data(phone="13900001111", consent_survey="on"))
    first, second = Complaint.objects.order_by("pk")
    assert first.consent_survey is False and second.consent_survey is True


def test_survey_consent_needs_a_phone():
    receipt = services.submit(
        kind="tipoff",
        channel="web",
        category="advertising",
        description="主播宣称产品能治疗糖尿病。",
        operator_text="某直播间",
        consent_survey=True,
    )
    assert receipt.complaint.consent_survey is False


def test_public_api_takes_the_survey_consent(client):
    body = {**form_data(), "consent_survey": True}
    response = client.post("/api/v1/public/complaints/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Complaint.objects.get().consent_survey is True


@pytest.mark.parametrize("url", ["public-complaint", "registry:apply"])
def test_personal_data_notice_says_why_and_how_long(client, url):
    html = client.get(reverse(url)).content.decode()
    assert 'id="privacy-notice"' in html
    assert "第十三条第一款第三项" in html and "保管期限" in html


def test_personal_data_notice_is_configurable_and_translated(client, settings):
    settings.FANGXIN_PRIVACY_NOTICE_APPLICATION = "本县告知文本"
    assert "本县告知文本" in client.get(reverse("registry:apply")).content.decode()
    with translation.override("en"):
        assert privacy.notice("complaint").startswith("Personal data notice")


def test_tracking_page_shows_the_decision_date_until_decided(client, operator, station_user):
    """Walk of issue 11: the receipt gives the date by which the complaint will be accepted or
    refused, but only once; the tracking page, where a citizen comes back, did not show it."""
    complaint = file_complaint(operator, phone="13800001234")
    assert complaint.decide_by
    page = client.post(
        "/public/complaints/track/", {"code": complaint.tracking_code, "secret": "1234"}
    ).content.decode()
    assert 'id="track-decide-by"' in page
    assert f"{complaint.decide_by:%Y-%m-%d} 前" in page and "决定受理或不予受理" in page
    services.accept(station_user, complaint)
    page = client.post(
        "/public/complaints/track/", {"code": complaint.tracking_code, "secret": "1234"}
    ).content.decode()
    assert 'id="track-decide-by"' not in page and "决定日期" in page

    tipoff = file_complaint(None, kind="tipoff", phone="13800005678")
    page = client.post(
        "/public/complaints/track/", {"code": tipoff.tracking_code, "secret": "5678"}
    ).content.decode()
    assert "核查并决定是否立案" in page and f"{tipoff.decide_by:%Y-%m-%d} 前" in page


def test_detail_cites_working_days_and_skips_the_testing_spans(client, operator, station_user):
    """Walk of issue 11: the deadline basis read "（7日，自…起算）" for a period of 7 working
    days, ended in "；（日，自起算）" once testing time was recorded (a list, not a period), and
    the English access log read "office（web page）"."""
    complaint = file_complaint(operator)
    complaint.periods_used["testing"] = [["2026-04-01", "2026-04-11"]]
    complaint.save(update_fields=["periods_used"])
    client.force_login(station_user)
    with translation.override("zh-hans"):
        page = client.get(f"/complaints/{complaint.pk}/").content.decode()
        basis = page[page.index('id="period-sources"') :]
        basis = basis[: basis.index("</p>")]
        assert "7个工作日，自" in basis
        assert "（日，自起算）" not in basis and "7日" not in basis
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        english = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "(7 working days from" in english
    assert f"{station_user.username} (web page)" in english and "（web page）" not in english
