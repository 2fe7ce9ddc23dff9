"""`make run` collects static files only when a source changed (a restart stays fast)."""

import os

from django.core.management import call_command

from fangxin.core.management.commands import collectstatic_if_changed as command


def _run(capsys) -> str:
    call_command("collectstatic_if_changed")
    return capsys.readouterr().out


def test_second_run_skips_and_a_changed_source_collects_again(settings, tmp_path, capsys):
    source = tmp_path / "src"
    source.mkdir()
    asset = source / "probe.css"
    asset.write_text("body{}", encoding="utf-8")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"

    assert "collected" in _run(capsys)
    assert (tmp_path / "collected" / "probe.css").is_file()
    assert "skipped" in _run(capsys)

    asset.write_text("body{color:red}", encoding="utf-8")
    stat = asset.stat()
    os.utime(asset, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "collected" in _run(capsys)
    assert (tmp_path / "collected" / "probe.css").read_text() == "body{color:red}"
    assert "skipped" in _run(capsys)


def test_a_lost_manifest_collects_again(settings, tmp_path):
    settings.STATICFILES_DIRS = []
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    fingerprint = command.source_fingerprint()
    (tmp_path / command.STAMP_NAME).write_text(fingerprint, encoding="ascii")
    assert not command.collected_is_current(tmp_path, fingerprint)
    (tmp_path / "staticfiles.json").write_text("{}", encoding="utf-8")
    assert command.collected_is_current(tmp_path, fingerprint)
    assert not command.collected_is_current(tmp_path, "other")
