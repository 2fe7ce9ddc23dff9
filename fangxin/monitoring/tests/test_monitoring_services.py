from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.monitoring import services
from fangxin.monitoring.models import Hit, Material, RuleSet
from fangxin.registry.models import OperatorEvent
from fangxin.supervision.models import Finding, VetoEvent

from .conftest import srt_upload

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - timedelta(days=1)


def _upload(user, operator, upload=None, **fields):
    fields.setdefault("stream_date", YESTERDAY)
    fields.setdefault("duration_minutes", 90)
    return services.upload(user, operator, upload or srt_upload(), **fields)


def _scanned(user, operator, django_capture_on_commit_callbacks, upload=None):
    with django_capture_on_commit_callbacks(execute=True):
        material = _upload(user, operator, upload)
    material.refresh_from_db()
    return material


def test_upload_scans_inline_with_cue_times(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    assert material.status == Material.Status.SCANNED and material.kind == "subtitles"
    assert material.ruleset == ruleset
    hits = {(h.term, h.cue_start) for h in material.hits.all()}
    assert ("全网最低价", "00:00:01.000") in hits
    assert ("好评返现", "00:00:05.000") in hits
    assert ("降血糖", "00:01:00.500") in hits
    # Allow-listed: 最近, 最佳食用期.
    assert not material.hits.filter(term="最", cue_start="00:00:05.000").exists()
    assert not material.hits.filter(term="最", cue_start="00:01:00.500").exists()
    assert material.hit_count == material.hits.count()


def test_unreadable_material_fails_with_a_reason(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    binary = SimpleUploadedFile("x.txt", b"\x00\x01\x02binary")
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks, binary)
    assert material.status == Material.Status.FAILED and "二进制文件" in material.error


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [("movie.mp4", b"data", "file"), ("empty.srt", b"", "file")],
)
def test_bad_uploads_are_refused(ruleset, monitor, operator, name, content, field):
    with pytest.raises(ValidationError) as exc:
        _upload(monitor, operator, SimpleUploadedFile(name, content))
    assert field in exc.value.message_dict
    assert not Material.objects.exists()


def test_oversized_upload_is_refused(ruleset, monitor, operator, settings):
    settings.FANGXIN_MONITORING_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        _upload(monitor, operator, SimpleUploadedFile("big.txt", ("好" * 100).encode()))
    assert "上限" in exc.value.messages[0]


def test_future_stream_date_is_refused(ruleset, monitor, operator):
    with pytest.raises(ValidationError):
        _upload(monitor, operator, stream_date=date.today() + timedelta(days=3))


def test_who_may_upload(ruleset, operator, make_user):
    for role in (Role.OPERATOR, Role.PARTNER, Role.EVALUATOR, Role.INSPECTOR):
        with pytest.raises(PermissionDenied):
            _upload(make_user(role), operator)
    with pytest.raises(PermissionDenied):
        _upload(make_user(Role.STATION), operator)  # another area's station
    _upload(make_user(Role.STATION, station=operator.area.station), operator)


def test_confirming_makes_a_monitoring_finding_on_the_timeline(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    hit = material.hits.get(term="降血糖")
    with pytest.raises(ValidationError):  # medical claims are never minor
        services.review(monitor, hit, confirm=True, severity="minor")
    hit = services.review(monitor, hit, confirm=True)
    finding = hit.finding
    assert finding.source == Finding.Source.MONITORING and finding.severity == "serious"
    assert "00:01:00.500" in finding.description and "第十七条" in finding.description
    assert finding.found_on == YESTERDAY
    assert OperatorEvent.objects.filter(operator=operator, kind="finding").exists()
    assert hit.veto_event is None


def test_veto_category_proposes_a_veto_event(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    hit = services.review(monitor, material.hits.get(term="好评返现"), confirm=True)
    event = hit.veto_event
    assert event.status == VetoEvent.Status.PROPOSED
    assert event.kind == "counterfeit_or_fake_orders" and event.source == "monitoring"


def test_absolute_terms_are_review_and_the_reviewer_chooses(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    hit = material.hits.get(term="全网最低价")
    assert hit.severity == "review"
    hit = services.review(monitor, hit, confirm=True)
    assert hit.finding.severity == "minor"


def test_dismissing_needs_a_reason_and_reviews_once(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    hit = material.hits.get(term="全网最低价")
    with pytest.raises(ValidationError):
        services.review(monitor, hit, confirm=False, reason=" ")
    services.review(monitor, hit, confirm=False, reason="比价有据可查")
    with pytest.raises(ValidationError):
        services.review(monitor, hit, confirm=True)
    assert not Finding.objects.exists()


def test_same_rule_in_one_material_is_one_finding(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    twice = (
        "1\n00:00:01,000 --> 00:00:02,000\n好评返现\n\n2\n00:00:03,000 --> 00:00:04,000\n好评返现\n"
    )
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks, srt_upload(twice))
    first, second = material.hits.filter(term="好评返现")
    services.review(monitor, first, confirm=True)
    second = services.review(monitor, second, confirm=True)
    assert Finding.objects.count() == 1 and VetoEvent.objects.count() == 1
    first.refresh_from_db()
    assert second.finding_id == first.finding_id and second.veto_event_id == first.veto_event_id


def test_outsiders_cannot_review(
    ruleset, monitor, operator, make_user, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    hit = material.hits.first()
    for user in (make_user(Role.OPERATOR, operator=operator), make_user(Role.STATION)):
        with pytest.raises(PermissionDenied):
            services.review(user, hit, confirm=True)


def test_rescan_keeps_reviews_and_uses_the_active_version(
    ruleset, monitor, operator, office, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, operator, django_capture_on_commit_callbacks)
    services.review(monitor, material.hits.get(term="降血糖"), confirm=True)
    newer = services.save_version(office, {"extra.yaml": EXTRA_RULES}, "增加“五元”测试规则")
    assert newer.is_active and not RuleSet.objects.get(pk=ruleset.pk).is_active
    material = services.scan(material.pk)
    assert material.ruleset == newer
    assert material.hits.filter(term="五元").exists()
    assert material.hits.filter(status=Hit.Status.CONFIRMED, term="降血糖").count() == 1


EXTRA_RULES = """
category: extra
name: 测试
area: conduct
legal_basis: 测试依据
severity: minor
veto: null
rules: [五元]
"""


def test_invalid_rule_edit_is_refused_with_its_line(ruleset, office):
    bad = (
        "category: extra\nname: x\narea: conduct\nlegal_basis: y\nseverity: minor\nrules:\n"
        "  - pattern: '(a+)+'\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.save_version(office, {"extra.yaml": bad}, "坏规则")
    assert "extra.yaml:7" in exc.value.messages[0]
    assert RuleSet.objects.count() == 1 and RuleSet.objects.get().is_active


def test_duplicate_across_files_is_refused(ruleset, office):
    dup = (
        "category: extra\nname: x\narea: conduct\nlegal_basis: y\nseverity: minor\nrules: [刷單]\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.save_version(office, {"extra.yaml": dup}, "重复")
    assert "duplicate" in exc.value.messages[0]


def test_only_office_and_monitors_edit_rules(ruleset, make_user):
    with pytest.raises(PermissionDenied):
        services.save_version(make_user(Role.STATION), {"x.yaml": EXTRA_RULES}, "x")


def test_activation_keeps_one_active(ruleset, office):
    newer = services.save_version(office, {"extra.yaml": EXTRA_RULES}, "新版本")
    services.activate(office, ruleset)
    assert list(RuleSet.objects.filter(is_active=True)) == [ruleset]
    assert not RuleSet.objects.get(pk=newer.pk).is_active
