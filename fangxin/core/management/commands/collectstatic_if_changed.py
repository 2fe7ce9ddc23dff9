"""Collect static files only when their sources changed since the last collection.

The compressed manifest storage hashes and gzips/brotlis every file on each collection (about
40 s on a 2-core machine), so ``make run`` repeating it on every start made a restart slow. A
fingerprint of what the finders see (path, size, modification time of every source file, plus
the storage backend and URL) is kept beside the collected files; when it is unchanged and the
manifest is still there, collecting again would produce the same output and is skipped.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

STAMP_NAME = ".fangxin-sources.sha256"


def source_fingerprint() -> str:
    """A digest of every static source file the finders list, and of how they are stored."""
    digest = hashlib.sha256()
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    digest.update(f"{backend}|{settings.STATIC_URL}\n".encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def collected_is_current(root: Path, fingerprint: str) -> bool:
    stamp = root / STAMP_NAME
    if not stamp.is_file() or stamp.read_text(encoding="ascii").strip() != fingerprint:
        return False
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    # A manifest storage serves nothing without its manifest; someone may have deleted it.
    return "Manifest" not in backend or (root / "staticfiles.json").is_file()


class Command(BaseCommand):
    help = "collectstatic, skipped when no static source file changed since the last run."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="collect even when unchanged")

    def handle(self, *args, force=False, **options):
        root = Path(settings.STATIC_ROOT)
        fingerprint = source_fingerprint()
        if not force and collected_is_current(root, fingerprint):
            self.stdout.write("static files unchanged; collection skipped")
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        root.mkdir(parents=True, exist_ok=True)
        (root / STAMP_NAME).write_text(fingerprint + "\n", encoding="ascii")
        self.stdout.write("static files collected")
