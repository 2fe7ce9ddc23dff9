from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.programme.models import PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.selfcheck import services
from fangxin.selfcheck.models import Answer, SelfInspection
from fangxin.selfcheck.tests.conftest import PDF, PNG, complete_answers

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_creates_one_answer_per_item_of_the_kind(enrolled):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    codes = set(inspection.answers.values_list("requirement__code", flat=True))
    assert codes and all(code.startswith("LS-") for code in codes)
    assert services.start(user, enrolment) == inspection


def test_another_operator_cannot_start_or_save(enrolled, make_user):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    stranger = make_user(Role.OPERATOR)
    with pytest.raises(PermissionDenied):
        services.start(stranger, enrolment)
    with pytest.raises(PermissionDenied):
        services.save_answers(stranger, inspection, {})


def test_submit_lists_what_is_missing(enrolled):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    first = inspection.answers.order_by("pk").first()
    services.save_answers(user, inspection, {first.pk: {"result": "non_compliant"}})
    with pytest.raises(ValidationError) as err:
        services.submit(user, inspection)
    text = " ".join(err.value.messages)
    assert "以下项目尚未完成" in text
    assert "整改措施" in text and "未填写自查结果" in text
    assert SelfInspection.objects.get().status == SelfInspection.Status.DRAFT


def test_target_date_in_the_past_is_refused(enrolled):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.save_answers(user, inspection, complete_answers(inspection, True, yesterday))
    assert "整改期限不能早于今天" in str(err.value)


def test_submit_return_resubmit_accept(enrolled):
    user, station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    target = timezone.localdate() + timedelta(days=20)
    services.save_answers(user, inspection, complete_answers(inspection, True, target))
    services.submit(user, inspection)
    assert Notification.objects.filter(user=station).exists()
    first = inspection.answers.order_by("pk").first()
    with pytest.raises(ValidationError):
        services.review(station, inspection, accept=False)  # a return needs a comment
    services.review(station, inspection, accept=False, item_comments={first.pk: "请补充照片"})
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.RETURNED
    assert Answer.objects.get(pk=first.pk).review_comment == "请补充照片"
    assert Notification.objects.filter(user=user, subject__contains="退回").exists()
    assert any("退回" in m.subject for m in mail.outbox) or not user.email
    services.submit(user, inspection)
    services.review(station, inspection, accept=True)
    assert SelfInspection.objects.get().status == SelfInspection.Status.ACCEPTED
    kinds = list(enrolment.operator.events.values_list("summary", flat=True))
    assert any("重新提交自查" in k for k in kinds)


def test_station_of_another_area_cannot_review(enrolled, make_user):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    services.save_answers(user, inspection, complete_answers(inspection))
    services.submit(user, inspection)
    with pytest.raises(PermissionDenied):
        services.review(make_user(Role.STATION), inspection, accept=True)


def test_out_of_phase_submission_is_refused(enrolled, campaign):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    services.save_answers(user, inspection, complete_answers(inspection))
    put_phase_around_today(campaign, PhaseCode.GOVERNANCE)
    with pytest.raises(ValidationError) as err:
        services.submit(user, inspection)
    assert "自查自纠" in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("a.exe", b"MZ", "类型不允许"),
        ("a.png", b"GIF89a", "内容与扩展名.png不符"),
        ("a.pdf", PNG, "内容与扩展名.pdf不符"),
        ("a.jpg", b"", "空文件"),
    ],
)
def test_bad_evidence_is_refused(enrolled, name, content, fragment):
    user, _station, enrolment = enrolled
    answer = services.start(user, enrolment).answers.first()
    with pytest.raises(ValidationError) as err:
        services.add_evidence(user, answer, SimpleUploadedFile(name, content))
    assert fragment in str(err.value)
    assert not answer.evidence.exists()


def test_evidence_over_the_limit(enrolled, settings):
    settings.FANGXIN_MAX_UPLOAD_BYTES = 1024
    user, _station, enrolment = enrolled
    answer = services.start(user, enrolment).answers.first()
    with pytest.raises(ValidationError, match="过大"):
        services.add_evidence(user, answer, SimpleUploadedFile("big.png", PNG + b"0" * 2048))


def test_good_evidence_keeps_its_hash(enrolled):
    import hashlib

    user, _station, enrolment = enrolled
    answer = services.start(user, enrolment).answers.first()
    evidence = services.add_evidence(user, answer, SimpleUploadedFile("执照.pdf", PDF))
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.original_name == "执照.pdf"
    assert evidence.content_type == "application/pdf"
    assert "执照" not in evidence.file.name  # stored under a random name


def test_rectify_and_reminders_once(enrolled):
    user, _station, enrolment = enrolled
    inspection = services.start(user, enrolment)
    target = timezone.localdate() + timedelta(days=1)
    services.save_answers(user, inspection, complete_answers(inspection, True, target))
    services.submit(user, inspection)
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0  # never twice
    call_command("sweep")
    assert Notification.objects.filter(user=user, subject__startswith="整改期限将至").count() == 1
    answer = inspection.answers.get(result="non_compliant")
    with pytest.raises(ValidationError):
        services.mark_rectified(user, answer, "")
    services.mark_rectified(user, answer, "已整改", SimpleUploadedFile("after.png", PNG))
    answer.refresh_from_db()
    assert answer.rectified_at is not None
    assert answer.evidence.get().purpose == "rectification"


def test_progress_counts_not_started(enrolled, campaign, office):
    from fangxin.programme.models import Enrolment

    user, _station, enrolment = enrolled
    counts = services.progress(SelfInspection.objects.all(), Enrolment.objects.all())
    assert counts["counts"]["not_started"] == 1
    services.start(user, enrolment)
    counts = services.progress(SelfInspection.objects.all(), Enrolment.objects.all())
    assert counts["counts"]["draft"] == 1 and counts["counts"]["not_started"] == 0
