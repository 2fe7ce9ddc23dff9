"""``/readyz``: ready only when the database answers with every migration applied, the cache
keeps a value, the broker (when configured) connects and the upload folder is writable; each
failure is named without a connection string or a path."""

import pytest
from django.db.migrations.executor import MigrationExecutor

from fangxin.core import readiness

pytestmark = pytest.mark.django_db


def test_ready_without_a_broker(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    settings.MEDIA_ROOT = str(tmp_path)
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "broker": "not configured",
        "storage": "ok",
    }
    assert "no-cache" in answer["Cache-Control"]


def test_an_unreachable_broker_is_not_ready_and_the_url_is_not_shown(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CELERY_BROKER_URL = "redis://:secret-password@127.0.0.1:1/0"
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "error" and body["broker"].startswith("error: ")
    assert body["database"] == "ok" and "secret-password" not in answer.text


def test_the_machines_redis_as_broker_is_ready(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    try:
        readiness.broker()
    except Exception:
        pytest.skip("no Redis at 127.0.0.1:6379")
    assert client.get("/readyz").json()["broker"] == "ok"


def test_an_unwritable_upload_folder_is_not_ready(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    settings.MEDIA_ROOT = str(tmp_path / "missing")
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["storage"] == "error: the upload folder is missing or not writable"
    assert str(tmp_path) not in answer.text


def test_unapplied_migrations_are_not_ready(client, settings, tmp_path, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["migrations"] == "error: 1 migration(s) not applied"


def test_a_database_failure_is_named_and_the_migrations_skipped(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    def broken():
        raise OSError("connection refused to postgres://user:pw@db/fangxin")

    monkeypatch.setitem(readiness.CHECKS, "database", broken)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["database"] == "error: OSError" and body["migrations"] == "skipped: no database"
    assert "pw@db" not in answer.text
