"""The public objection form: the phone confirmed by a one-time code (no CAPTCHA), closed
without an SMS backend, rate-limited, evidence checked like every upload and shown to the office
only; the objector's phone never on a public page."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core.models import OneTimeCode
from fangxin.titles import services
from fangxin.titles.models import Objection, ObjectionEvidence, PendingObjectionEvidence

from .conftest import PUBLISHED

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def candidate(office, campaign, enrol, closed, monkeypatch):
    enrol()
    closed()
    notice = services.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    monkeypatch.setattr(services, "_today", lambda today: today or PUBLISHED)
    return notice.candidates.get()


def url(candidate):
    return f"/public/titles/candidates/{candidate.pk}/object/"


def form(**kw):
    return {"name": "王五", "phone": PHONE, "facts": "直播间虚假宣传", "action": "submit"} | kw


def ask_code(client, candidate, last_code):
    response = client.post(url(candidate), form(action="send"))
    assert response.status_code == 200, response.text
    return last_code()


def test_without_an_sms_backend_the_form_is_closed(client, candidate, settings):
    settings.FANGXIN_SMS_BACKEND = ""
    page = client.get(url(candidate))
    assert "短信验证服务未开通" in page.text and 'id="objection-form"' not in page.text
    assert "captcha" not in page.text.lower()
    posted = client.post(url(candidate), form(code="123456"))
    assert posted.status_code == 503 and not Objection.objects.exists()
    with pytest.raises(services.ValidationError, match="短信验证服务未开通"):
        services.submit_confirmed_objection(
            None, candidate, name="王五", phone=PHONE, code="123456", facts="x"
        )


def test_a_wrong_expired_or_reused_code_is_refused(client, candidate, console_sms):
    code = ask_code(client, candidate, console_sms)
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(url(candidate), form(code=wrong))
    assert refused.status_code == 400 and "验证码不正确" in refused.text
    assert not Objection.objects.exists()
    # Expired.
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.post(url(candidate), form(code=code))
    assert expired.status_code == 400 and "验证码已过期" in expired.text
    # A fresh code works once; used again it is refused.
    code = ask_code(client, candidate, console_sms)
    assert client.post(url(candidate), form(code=code)).status_code == 200
    again = client.post(url(candidate), form(code=code))
    assert again.status_code == 400 and "验证码已使用" in again.text
    assert Objection.objects.count() == 1


def test_evidence_is_checked_kept_and_shown_to_the_office_only(
    client, candidate, console_sms, office, make_user
):
    code = ask_code(client, candidate, console_sms)
    fake = SimpleUploadedFile("证据.png", b"not a png at all", content_type="image/png")
    refused = client.post(url(candidate), form(code=code, evidence=[fake]))
    assert refused.status_code == 400 and "内容与扩展名.png不符" in refused.text
    exe = SimpleUploadedFile("run.exe", b"MZ" + b"0" * 20)
    refused = client.post(url(candidate), form(code=code, evidence=[exe]))
    assert "类型不允许" in refused.text
    # The refused files cost no code: the same code still confirms.
    good = SimpleUploadedFile("截图.png", PNG, content_type="image/png")
    done = client.post(url(candidate), form(code=code, evidence=[good]))
    assert done.status_code == 200, done.text
    evidence = ObjectionEvidence.objects.get()
    assert evidence.original_name == "截图.png" and evidence.objection.phone == PHONE
    link = f"/titles/evidence/{evidence.pk}/"
    assert client.get(link).status_code in (302, 403)
    client.force_login(make_user("operator"))
    assert client.get(link).status_code == 403
    client.force_login(office)
    page = client.get(f"/titles/notices/{candidate.notice_id}/")
    assert link in page.text and PHONE not in page.text  # masked until revealed
    assert client.get(link).status_code == 200


def test_evidence_too_large_is_refused_with_the_reason(client, candidate, console_sms, settings):
    settings.FANGXIN_MAX_UPLOAD_BYTES = 32
    code = ask_code(client, candidate, console_sms)
    big = SimpleUploadedFile("大图.png", PNG, content_type="image/png")
    refused = client.post(url(candidate), form(code=code, evidence=[big]))
    assert refused.status_code in (400, 413)
    assert "过大" in refused.content.decode() or "上限" in refused.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_rate_limited_per_phone(client, candidate, console_sms, settings):
    settings.FANGXIN_COMPLAINT_RATE_PHONE = "1/d"
    settings.FANGXIN_OTP_RATE_PHONE = "10/h"
    code = ask_code(client, candidate, console_sms)
    assert client.post(url(candidate), form(code=code)).status_code == 200
    code = ask_code(client, candidate, console_sms)
    limited = client.post(url(candidate), form(code=code))
    assert limited.status_code == 400 and "次数已达上限" in limited.text
    assert Objection.objects.count() == 1


def test_objections_are_rate_limited_per_ip(client, candidate, console_sms, settings):
    settings.FANGXIN_COMPLAINT_RATE_IP = "1/h"
    code = ask_code(client, candidate, console_sms)
    assert client.post(url(candidate), form(code=code)).status_code == 200
    limited = client.post(url(candidate), form(code="123456"))
    assert limited.status_code == 429 and "提交过于频繁" in limited.text


def test_an_anonymous_crawl_finds_no_phone(client, candidate, console_sms):
    code = ask_code(client, candidate, console_sms)
    client.post(url(candidate), form(code=code))
    objection = Objection.objects.get()
    pages = [
        "/public/titles/notices/",
        f"/public/titles/notices/{candidate.notice_id}/",
        url(candidate),
    ]
    for path in pages:
        text = client.get(path).content.decode()
        assert PHONE not in text and "王五" not in text, path
    tracked = client.post("/public/titles/objections/", {"code": objection.tracking_code})
    assert PHONE not in tracked.text and "王五" not in tracked.text
    assert client.get(f"/titles/notices/{candidate.notice_id}/").status_code in (302, 403)


# --- never lose what was uploaded because of a refusal -----------------------------------


def kept_token(page) -> str:
    return re.search(r'name="evidence_token" value="([^"]+)"', page.text).group(1)


def png(name="截图.png", extra=b""):
    return SimpleUploadedFile(name, PNG + extra, content_type="image/png")


def test_files_survive_a_wrong_code_and_are_filed_with_the_objection(
    client, candidate, console_sms
):
    # Files chosen before asking for the code are kept by that very post.
    sent = client.post(url(candidate), form(action="send", evidence=[png()]))
    assert sent.status_code == 200 and "已上传的1个证据文件已保留" in sent.text
    code = console_sms()
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(
        url(candidate),
        form(code=wrong, evidence_token=kept_token(sent), evidence=[png("发票.png", b"1")]),
    )
    assert refused.status_code == 400 and "验证码不正确" in refused.text
    assert "已上传的2个证据文件已保留" in refused.text and "截图.png" in refused.text
    assert PendingObjectionEvidence.objects.count() == 2
    assert not Objection.objects.exists()
    # The same file chosen again is kept once; the right code files both, nothing re-sent.
    done = client.post(
        url(candidate), form(code=code, evidence_token=kept_token(refused), evidence=[png()])
    )
    assert done.status_code == 200, done.text
    objection = Objection.objects.get()
    filed = sorted(e.original_name for e in objection.evidence.all())
    assert filed == ["发票.png", "截图.png"]
    assert not PendingObjectionEvidence.objects.exists()
    assert all(default_storage.exists(e.file.name) for e in objection.evidence.all())


def test_a_kept_file_can_be_removed_and_a_stranger_token_reaches_nothing(
    client, candidate, console_sms, django_capture_on_commit_callbacks
):
    from django.test import Client

    sent = client.post(url(candidate), form(action="send", evidence=[png()]))
    token = kept_token(sent)
    kept = PendingObjectionEvidence.objects.get()
    # Another session sending this form's token gets a token of its own and no files.
    other = Client().post(url(candidate), form(code="123456", evidence_token=token))
    assert "已保留" not in other.text and kept_token(other) != token
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(
            url(candidate),
            form(action="send", evidence_token=token, remove_evidence=[str(kept.pk)]),
        )
    assert "已保留" not in removed.text
    assert not PendingObjectionEvidence.objects.exists()
    assert not default_storage.exists(kept.file.name)


def test_a_refused_file_is_not_kept_and_says_why(client, candidate, console_sms):
    fake = SimpleUploadedFile("证据.png", b"not a png at all", content_type="image/png")
    sent = client.post(url(candidate), form(action="send", evidence=[fake]))
    assert "内容与扩展名.png不符" in sent.text and "已保留" not in sent.text
    assert not PendingObjectionEvidence.objects.exists()


def test_files_of_forms_never_sent_are_swept(client, candidate, console_sms, settings):
    client.post(url(candidate), form(action="send", evidence=[png()]))
    kept = PendingObjectionEvidence.objects.get()
    assert services.sweep_pending_objection_evidence() == 0
    later = timezone.now() + timedelta(hours=settings.FANGXIN_COMPLAINT_PENDING_HOURS + 1)
    assert services.sweep_pending_objection_evidence(later) == 1
    assert not PendingObjectionEvidence.objects.exists()
    assert not default_storage.exists(kept.file.name)
