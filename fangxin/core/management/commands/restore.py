import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangxin.core.backup import BackupError, apply_restore, check_archive


class Command(BaseCommand):
    help = (
        "Restore a backup made by `fangxin backup`: checks every hash first, then OVERWRITES "
        "the configured database and puts the uploaded files back under MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `fangxin backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes=False, **options):
        if not Path(archive).is_file():
            raise CommandError(f"no such file: {archive}")
        with tempfile.TemporaryDirectory(prefix="fangxin-restore-") as scratch:
            try:
                manifest = check_archive(Path(archive), Path(scratch))
            except BackupError as exc:
                raise CommandError(f"refused, nothing changed: {exc}") from exc
            self.stdout.write(
                f"archive verified: {manifest['vendor']} backup made {manifest['created_at']}, "
                f"{len(manifest['files'])} members, all hashes match"
            )
            if not yes:
                if not sys.stdin.isatty():
                    raise CommandError("not confirmed (pass --yes to restore without asking)")
                answer = input("This overwrites the current database and files. Type yes: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("not confirmed; nothing changed")
            try:
                result = apply_restore(manifest, Path(scratch))
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"database restored ({result.vendor}, {result.database_bytes} bytes)")
        self.stdout.write(f"uploaded files restored: {result.files}")
        if result.media_left_in_place:
            self.stdout.write(
                f"files under MEDIA_ROOT not in the backup, left in place: "
                f"{result.media_left_in_place}"
            )
        if result.migrations_differ:
            self.stdout.write(
                "the code's migrations differ from the backup's for: "
                + ", ".join(result.migrations_differ)
                + " — run `fangxin migrate`"
            )
