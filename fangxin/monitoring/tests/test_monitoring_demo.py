"""The demo monitoring: the shipped rule list finds every planted problem in the demo
transcripts, never the clean passages; the reviews leave confirmed, dismissed and pending hits,
findings and proposed veto events; a second build does nothing."""

from pathlib import Path

import pytest
from django.core.management import call_command

from fangxin.monitoring import demo
from fangxin.monitoring.models import Hit, LicenceCheck, Material
from fangxin.supervision.models import Finding, VetoEvent

# The demo is built as on the clock's day: frozen on the demo tests' day (see conftest).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

PLANTED = {
    "honey.srt": ["全网最低价", "降血糖", "治疗失眠", "原价999"],
    "cosmetics.srt": ["最 低 价", "好评返现"],
    "clothing.srt": ["全网最低价", "原价999", "好评返现"],
    "group-buying.srt": ["全网最低价", "最 低 价", "弹簧刀", "好评返现"],
}
CLEAN = ["最近", "第一次", "最佳食用期"]


def spans(text: str, passage: str) -> list[tuple[int, int]]:
    found, at = [], text.find(passage)
    while at != -1:
        found.append((at, at + len(passage)))
        at = text.find(passage, at + 1)
    return found


def test_demo_monitoring_finds_the_planted_problems_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    materials = {Path(m.original_name).name: m for m in Material.objects.all()}
    assert set(materials) == {stream.file for stream in demo.STREAMS}
    assert {m.status for m in materials.values()} == {Material.Status.SCANNED}
    assert {m.uploaded_by.username for m in materials.values()} == {"monitor"}
    assert all(m.duration_minutes > 0 for m in materials.values())

    for name, material in materials.items():
        text = (demo.DATA / name).read_text(encoding="utf-8")
        hits = list(material.hits.all())
        for passage in PLANTED.get(name, []):
            places = spans(text, passage)
            assert places, (name, passage)
            for start, end in places:
                assert any(h.start < end and start < h.end for h in hits), (name, passage, start)
        for passage in CLEAN:
            for start, end in spans(text, passage):
                inside = [h for h in hits if start <= h.start and h.end <= end]
                assert inside == [], (name, passage, [(h.term, h.rule_id) for h in inside])
    assert materials["clean-tea.srt"].hits.count() == 0
    spaced = materials["cosmetics.srt"].hits.filter(term="最 低 价").get()
    assert spaced.evasion

    hits = Hit.objects.all()
    statuses = set(hits.values_list("status", flat=True))
    assert statuses == {Hit.Status.PENDING, Hit.Status.CONFIRMED, Hit.Status.DISMISSED}
    assert not hits.filter(status=Hit.Status.DISMISSED, reason="").exists()
    # The oldest stream was worked through, the newest with problems is mostly still open.
    assert not materials["honey.srt"].hits.filter(status=Hit.Status.PENDING).exists()
    assert materials["group-buying.srt"].hits.filter(status=Hit.Status.PENDING).exists()
    findings = Finding.objects.filter(source=Finding.Source.MONITORING)
    assert findings.count() == hits.exclude(finding=None).values("finding").distinct().count()
    assert findings.filter(severity=Finding.Severity.SERIOUS).exists()
    vetoes = VetoEvent.objects.filter(source=VetoEvent.Source.MONITORING)
    assert vetoes.exists() and set(vetoes.values_list("status", flat=True)) == {"proposed"}
    knife = materials["group-buying.srt"].hits.filter(term="弹簧刀").first()
    assert knife.status == Hit.Status.CONFIRMED and knife.veto_event is not None

    checks = LicenceCheck.objects.all()
    assert checks.count() == len(demo.LICENCE_CHECKS)
    assert {c.checked_by.username for c in checks} == {"monitor"}
    assert set(checks.values_list("result", flat=True)) == set(LicenceCheck.Result.values)

    count, lines = Material.objects.count(), []
    demo.build(lines.append)
    assert lines == ["monitoring: present"]
    assert Material.objects.count() == count
    assert LicenceCheck.objects.count() == len(demo.LICENCE_CHECKS)
