"""`fangxin backup` and `fangxin restore`: a round trip through the real console command.

The commands run in subprocesses against a database file (SQLite) or a throwaway database
(PostgreSQL, only when the suite runs on PostgreSQL), with MEDIA_ROOT in a temporary folder.
The migrated schema is copied from the suite's own test database, so no test runs `migrate`.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

from fangxin.core import backup

ROOT = Path(__file__).resolve().parents[3]

SEED = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from fangxin.core.tests.factories import UserFactory
from fangxin.registry.tests.factories import OperatorFactory
for n in range(3):
    UserFactory(username=f"clerk{n}")
OperatorFactory.create_batch(4)
default_storage.save("evidence/selfcheck/a1b2.pdf", ContentFile(b"%PDF-1.4 evidence" * 100))
default_storage.save("stories/照片.jpg", ContentFile(bytes(range(256)) * 40))
"""

# Every row of every table, by model: the primary keys and a hash of the rows' values.
FINGERPRINT = """
import hashlib, json
from django.apps import apps
out = {}
for model in apps.get_models():
    rows = list(model.objects.order_by("pk").values_list())
    out[model._meta.label] = [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


def _media_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Site:
    """One Fangxin installation in temporary folders, driven through the console command."""

    def __init__(self, tmp: Path, database_url: str):
        self.tmp = tmp
        self.media = tmp / "media"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "fangxin.settings",
            "DATABASE_URL": database_url,
            "FANGXIN_VAR_DIR": str(tmp / "var"),
            "FANGXIN_MEDIA_ROOT": str(self.media),
            "FANGXIN_SECRET_KEY": "backup-test",
            "FANGXIN_PLAIN_STATIC": "1",
        }

    def fangxin(self, *args, check=True, stdin=None):
        done = subprocess.run(
            [sys.executable, "-m", "fangxin.cli", *args],
            env=self.env,
            cwd=self.tmp,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=120,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def fingerprint(self) -> dict:
        return json.loads(self.fangxin("shell", "-c", FINGERPRINT).stdout.strip().splitlines()[-1])


def _round_trip(site: Site, wipe_database) -> None:
    site.fangxin("shell", "-c", SEED)
    before = site.fingerprint()
    assert before["registry.Operator"][0] == 4
    assert before["core.User"][0] >= 3
    files_before = _media_hashes(site.media)
    assert len(files_before) == 2

    out = site.fangxin("backup", "--output", str(site.tmp / "backups")).stdout
    assert "uploaded files: 2" in out
    (archive,) = (site.tmp / "backups").glob("fangxin-backup-*.tar.gz")
    assert not [p for p in (site.tmp / "backups").iterdir() if p != archive]

    wipe_database()
    shutil.rmtree(site.media)

    done = site.fangxin("restore", str(archive), check=False)
    assert done.returncode != 0 and "--yes" in done.stderr  # no confirmation, nothing done
    out = site.fangxin("restore", str(archive), "--yes").stdout
    assert "uploaded files restored: 2" in out
    assert site.fingerprint() == before
    assert _media_hashes(site.media) == files_before


@pytest.fixture
def sqlite_site(tmp_path, db, django_db_blocker):
    """A migrated SQLite file copied from the suite's test database (or migrated if not SQLite)."""
    db_file = tmp_path / "db.sqlite3"
    site = Site(tmp_path, f"sqlite:///{db_file}")
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            # serialize(): the test's open (IMMEDIATE) transaction would block the backup API.
            connection.ensure_connection()
            copy = sqlite3.connect(":memory:")
            copy.deserialize(connection.connection.serialize())
            target = sqlite3.connect(db_file)
            copy.backup(target)
            target.close()
            copy.close()
        else:
            site.fangxin("migrate", "-v0")
    site.db_file = db_file
    return site


def test_sqlite_round_trip(sqlite_site):
    def wipe():
        for path in sqlite_site.tmp.glob("db.sqlite3*"):
            path.unlink()

    _round_trip(sqlite_site, wipe)


def _archive(site: Site) -> Path:
    site.fangxin("shell", "-c", SEED)
    site.fangxin("backup", "--output", str(site.tmp / "b.tar.gz"))
    return site.tmp / "b.tar.gz"


def _rewrite(archive: Path, change) -> Path:
    """A copy of the archive with change(name, data) -> (name, data) or None applied."""
    out = archive.with_name("altered.tar.gz")
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            result = change(member.name, src.extractfile(member).read())
            if result is None:
                continue
            name, data = result
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return out


def _refused(site: Site, archive: Path, message: str) -> None:
    before = site.fingerprint()
    files = _media_hashes(site.media)
    site.fangxin("shell", "-c", "from fangxin.core.models import User; User.objects.all().delete()")
    changed = site.fingerprint()
    done = site.fangxin("restore", str(archive), "--yes", check=False)
    assert done.returncode != 0
    assert "refused, nothing changed" in done.stderr and message in done.stderr, done.stderr
    assert site.fingerprint() == changed != before
    assert _media_hashes(site.media) == files


def test_tampered_archive_is_refused(sqlite_site):
    archive = _archive(sqlite_site)

    def tamper(name, data):
        if name.startswith("media/evidence/"):
            data = data.replace(b"evidence", b"forgery!", 1)
        return name, data

    _refused(sqlite_site, _rewrite(archive, tamper), "hash mismatch for media/evidence/")


def test_truncated_archive_is_refused(sqlite_site):
    archive = _archive(sqlite_site)
    cut = archive.with_name("cut.tar.gz")
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _refused(sqlite_site, cut, "cannot read the archive")


def test_path_traversal_member_is_refused(sqlite_site):
    archive = _archive(sqlite_site)
    victim = sqlite_site.tmp / "escaped.txt"

    def escape(name, data):
        if name.startswith("media/stories/"):
            return "media/../escaped.txt", data
        return name, data

    _refused(sqlite_site, _rewrite(archive, escape), "unsafe member name")
    assert not victim.exists()


def test_member_checks():
    safe = backup._safe_member_name
    assert safe("media/evidence/x.pdf") and safe("manifest.json") and safe("database.dump")
    for name in [
        "/etc/passwd",
        "media/../../x",
        "media//x",
        "media/./x",
        "media/",
        "other/x",
        "media\\..\\x",
        "database.dump/x",
    ]:
        assert not safe(name), name


def test_symlink_member_is_refused(tmp_path):
    archive = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("media/evil")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(backup.BackupError, match="not a plain file"):
        backup.unpack(archive, tmp_path / "scratch")


def test_vendor_mismatch_is_refused(sqlite_site):
    archive = _archive(sqlite_site)

    def relabel(name, data):
        if name == "database.sqlite3":
            return "database.dump", data
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["vendor"] = "postgresql"
            manifest["files"][0]["name"] = "database.dump"
            return name, json.dumps(manifest).encode()
        return name, data

    _refused(sqlite_site, _rewrite(archive, relabel), "configured database is sqlite")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the PostgreSQL round trip runs when the suite runs on PostgreSQL",
)
def test_postgresql_round_trip(tmp_path, db, django_db_blocker):
    settings = connection.settings_dict
    name = f"fangxin_backup_test_{uuid.uuid4().hex[:10]}"
    pg_env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    pg = [
        f"--host={settings.get('HOST') or '127.0.0.1'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or 'postgres'}",
    ]
    schema = tmp_path / "schema.dump"
    with django_db_blocker.unblock():
        test_db = settings["NAME"]
    subprocess.run(["createdb", *pg, name], env=pg_env, check=True)
    try:
        # The suite's migrated test database is the quickest way to a migrated throwaway one.
        subprocess.run(
            ["pg_dump", *pg, "--format=custom", "--file", str(schema), test_db],
            env=pg_env,
            check=True,
        )
        subprocess.run(
            ["pg_restore", *pg, "--no-owner", "--dbname", name, str(schema)],
            env=pg_env,
            check=True,
        )
        user = settings.get("USER") or "postgres"
        password = settings.get("PASSWORD") or ""
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        site = Site(tmp_path, f"postgres://{user}:{password}@{host}:{port}/{name}")

        def wipe():
            site.fangxin(
                "shell",
                "-c",
                "from django.db import connection\n"
                "with connection.cursor() as c:\n"
                "    c.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')",
            )

        _round_trip(site, wipe)
    finally:
        subprocess.run(["dropdb", *pg, "--force", "--if-exists", name], env=pg_env, check=False)
