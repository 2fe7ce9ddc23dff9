"""Backup and restore: the database and the uploaded files in one checked archive.

An archive is a ``.tar.gz`` holding ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``)
or ``database.sqlite3`` (SQLite, the online backup API), every file under MEDIA_ROOT as
``media/<path>``, and ``manifest.json`` (last) listing each member's size and sha256. Restore
reads the whole archive into a scratch folder and checks it against the manifest before it
touches anything.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_PREFIX = "media/"
# Hostile archives: bounds on what restore will unpack.
MAX_MEMBERS = 500_000
MAX_TOTAL_BYTES = 200 * 1024**3
MAX_MANIFEST_BYTES = 256 * 1024**2
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class RestoreResult:
    vendor: str
    created_at: str
    files: int
    database_bytes: int
    media_left_in_place: int = 0
    migrations_differ: list[str] = field(default_factory=list)


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMPS:
        raise BackupError(f"unsupported database vendor: {vendor}")
    return vendor


def _pg_command(program: str, db: dict) -> tuple[list[str], dict]:
    """The client tool's connection arguments and environment (the password via PGPASSWORD)."""
    args = [program, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"{args[0]} not found: install the PostgreSQL client tools (postgresql-client)"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[-2000:]}")


def dump_database(target: Path, alias: str = "default") -> str:
    """Write the database to ``target``; return the vendor."""
    vendor = _vendor(alias)
    db = connections[alias].settings_dict
    if vendor == "postgresql":
        args, env = _pg_command("pg_dump", db)
        _run([*args, "--format=custom", "--file", str(target), "--dbname", db["NAME"]], env)
    else:
        source = sqlite3.connect(str(db["NAME"]))
        try:
            dest = sqlite3.connect(str(target))
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    return vendor


def migration_leaves(alias: str = "default") -> dict[str, list[str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    leaves: dict[str, list[str]] = {}
    for app, name in sorted(loader.graph.leaf_nodes()):
        leaves.setdefault(app, []).append(name)
    return leaves


def _media_files(root: Path) -> list[tuple[Path, str]]:
    """(path, archive name) of every regular file under root; symlinks are skipped."""
    found = []
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            found.append((path, MEDIA_PREFIX + path.relative_to(root).as_posix()))
    return found


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.sha = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.sha.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(path.stat().st_mtime)
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"name": name, "size": size, "sha256": reader.sha.hexdigest()}


def default_archive_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"fangxin-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output: Path | None = None, alias: str = "default") -> tuple[Path, dict]:
    """Write one archive (to a temporary name, renamed when complete); return it and the manifest.

    ``output`` is a folder (created if missing; the archive gets a dated name in it) or a file
    name ending in .tar.gz; default: the current folder.
    """
    output = Path(output) if output else Path.cwd()
    is_file = output.name.endswith((".tar.gz", ".tgz")) and not output.is_dir()
    target = output if is_file else output / default_archive_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="fangxin-backup-", dir=target.parent) as scratch:
        dump = Path(scratch) / "dump"
        vendor = dump_database(dump, alias)
        partial = Path(scratch) / "archive.partial"
        entries = []
        with tarfile.open(partial, "w:gz") as tar:
            entries.append(_add_file(tar, dump, DUMPS[vendor]))
            for path, name in _media_files(media_root):
                entries.append(_add_file(tar, path, name))
            manifest = {
                "format": "fangxin-backup",
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "vendor": vendor,
                "migrations": migration_leaves(alias),
                "files": entries,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mode = 0o600
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, target)
    return target, manifest


# --- restore ---------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    if name in (MANIFEST, *DUMPS.values()):
        return True
    if not name.startswith(MEDIA_PREFIX) or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("..", ".", "") for part in name.split("/")):
        return False
    return len(path.parts) >= 2


def unpack(archive: Path, scratch: Path) -> dict:
    """Unpack the archive into scratch, refusing anything unexpected; return the checked manifest.

    Nothing outside scratch is written. Raises BackupError for a truncated, tampered or hostile
    archive.
    """
    seen: dict[str, dict] = {}
    total = 0
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for count, member in enumerate(tar, start=1):
                if count > MAX_MEMBERS:
                    raise BackupError(f"archive has more than {MAX_MEMBERS} members")
                if not member.isfile():
                    raise BackupError(f"archive member is not a plain file: {member.name!r}")
                if not _safe_member_name(member.name):
                    raise BackupError(f"unexpected or unsafe member name: {member.name!r}")
                if member.name in seen:
                    raise BackupError(f"duplicate member: {member.name!r}")
                total += member.size
                if total > MAX_TOTAL_BYTES:
                    raise BackupError("archive is larger than the restore limit")
                if member.name == MANIFEST and member.size > MAX_MANIFEST_BYTES:
                    raise BackupError("manifest is too large")
                dest = scratch / member.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                sha = hashlib.sha256()
                size = 0
                source = tar.extractfile(member)
                with dest.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        sha.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[member.name] = {"size": size, "sha256": sha.hexdigest()}
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"cannot read the archive (truncated or not a backup?): {exc}") from exc
    if MANIFEST not in seen:
        raise BackupError("archive has no manifest.json: not a Fangxin backup")
    try:
        manifest = json.loads((scratch / MANIFEST).read_text())
        files = {entry["name"]: entry for entry in manifest["files"]}
        vendor = manifest["vendor"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"manifest.json is unreadable: {exc}") from exc
    if manifest.get("format") != "fangxin-backup" or manifest.get("format_version") != 1:
        raise BackupError("unknown backup format version")
    if vendor not in DUMPS or DUMPS[vendor] not in files:
        raise BackupError("manifest names no database dump")
    members = set(seen) - {MANIFEST}
    if members != set(files):
        missing = sorted(set(files) - members)[:5]
        extra = sorted(members - set(files))[:5]
        raise BackupError(f"archive does not match its manifest (missing {missing}, extra {extra})")
    for name, entry in files.items():
        if seen[name]["size"] != entry.get("size") or seen[name]["sha256"] != entry.get("sha256"):
            raise BackupError(f"hash mismatch for {name}: the archive is damaged or was altered")
    return manifest


def _restore_database(dump: Path, vendor: str, alias: str) -> None:
    connection = connections[alias]
    db = connection.settings_dict
    connection.close()
    if vendor == "postgresql":
        args, env = _pg_command("pg_restore", db)
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
        options += ["--single-transaction", "--exit-on-error"]
        _run([*args, *options, "--dbname", db["NAME"], str(dump)], env)
    else:
        # The backup API copies page by page into the live file, so the WAL stays consistent.
        source = sqlite3.connect(str(dump))
        try:
            dest = sqlite3.connect(str(db["NAME"]))
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()


def check_archive(archive: Path, scratch: Path, alias: str = "default") -> dict:
    """Unpack and verify; refuse a vendor mismatch. Changes nothing outside scratch."""
    manifest = unpack(Path(archive), scratch)
    vendor = _vendor(alias)
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"this backup is of a {manifest['vendor']} database but the configured database is "
            f"{vendor}: configure DATABASE_URL for {manifest['vendor']} to restore it"
        )
    return manifest


def apply_restore(manifest: dict, scratch: Path, alias: str = "default") -> RestoreResult:
    """Overwrite the database and put the media files back (after check_archive)."""
    vendor = manifest["vendor"]
    dump = scratch / DUMPS[vendor]
    _restore_database(dump, vendor, alias)
    media_root = Path(settings.MEDIA_ROOT)
    names = [e["name"] for e in manifest["files"] if e["name"].startswith(MEDIA_PREFIX)]
    restored = set()
    for name in names:
        relative = name[len(MEDIA_PREFIX) :]
        dest = media_root / relative
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_symlink():
            dest.unlink()
        shutil.copyfile(scratch / name, dest)
        restored.add(relative)
    left = sum(1 for _path, n in _media_files(media_root) if n[len(MEDIA_PREFIX) :] not in restored)
    now_leaves = migration_leaves(alias)
    differ = sorted(
        app for app in set(now_leaves) | set(manifest.get("migrations", {}))
        if now_leaves.get(app) != manifest.get("migrations", {}).get(app)
    )  # fmt: skip
    return RestoreResult(
        vendor=vendor,
        created_at=manifest.get("created_at", ""),
        files=len(names),
        database_bytes=dump.stat().st_size,
        media_left_in_place=left,
        migrations_differ=differ,
    )
