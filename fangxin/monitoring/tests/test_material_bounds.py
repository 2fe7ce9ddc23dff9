"""A listing that would hold the scan for minutes is refused at once, with the reason; a scan
that dies is marked failed, never left pending (the field's 450 KB workbook that unzips to a
106 MB sheet left its material pending for good)."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import timezone

from fangxin.core.tests.hostile_tables import bomb_xlsx, long_cell_csv
from fangxin.monitoring import formats, services, sweeps
from fangxin.monitoring.models import Material

from .conftest import srt_upload
from .test_scan_cli import scan

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - timedelta(days=1)


def upload(user, operator, file, capture) -> Material:
    with capture(execute=True):
        material = services.upload(user, operator, file, stream_date=YESTERDAY)
    material.refresh_from_db()
    return material


def test_the_zip_bomb_material_fails_at_once_with_the_reason(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("listing.xlsx", bomb_xlsx())
    started = time.perf_counter()
    material = upload(monitor, operator, file, django_capture_on_commit_callbacks)
    assert time.perf_counter() - started < 1.0
    assert material.status == Material.Status.FAILED
    assert "解压后有" in material.error and "64 MB" in material.error


def test_a_listing_cell_too_long_fails_with_row_and_column(
    ruleset, monitor, operator, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile(
        "listing.csv", long_cell_csv(["商品", "卖点"], ["蜂蜜", "好"], column=1)
    )
    material = upload(monitor, operator, file, django_capture_on_commit_callbacks)
    assert material.status == Material.Status.FAILED
    assert "第2行第2列（B列）" in material.error


def test_a_scan_stopped_mid_way_is_marked_failed_and_the_stop_goes_on(
    ruleset, monitor, operator, django_capture_on_commit_callbacks, monkeypatch
):
    def killed(*args, **kwargs):
        raise SystemExit(1)  # what gunicorn's worker timeout raises in the worker

    monkeypatch.setattr(formats, "scan", killed)
    with pytest.raises(SystemExit):
        upload(monitor, operator, srt_upload(), django_capture_on_commit_callbacks)
    material = Material.objects.get()
    assert material.status == Material.Status.FAILED
    assert "扫描未完成" in material.error


def test_the_sweep_fails_materials_whose_scan_never_finished(ruleset, monitor, operator, settings):
    settings.FANGXIN_MONITORING_SCAN_TIMEOUT_MINUTES = 30
    stalled = services.upload(monitor, operator, srt_upload(), stream_date=YESTERDAY)
    recent = services.upload(monitor, operator, srt_upload(), stream_date=YESTERDAY)
    Material.objects.filter(pk=stalled.pk).update(
        uploaded_at=timezone.now() - timedelta(minutes=31)
    )
    assert sweeps.run(timezone.localdate()) == {"monitoring_scans_stalled": 1}
    assert sweeps.run(timezone.localdate()) == {"monitoring_scans_stalled": 0}
    stalled.refresh_from_db()
    recent.refresh_from_db()
    assert stalled.status == Material.Status.FAILED and "扫描未完成" in stalled.error
    assert recent.status == Material.Status.PENDING


def test_the_command_line_refuses_the_zip_bomb_at_once(tmp_path):
    path = tmp_path / "listing.xlsx"
    path.write_bytes(bomb_xlsx())
    started = time.perf_counter()
    with pytest.raises(CommandError, match="unzips to") as caught:
        scan(str(path))
    assert caught.value.returncode == 2
    assert time.perf_counter() - started < 1.0
