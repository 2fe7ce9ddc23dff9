from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangxin.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive "
        "(fangxin-backup-YYYYMMDD-HHMMSS.tar.gz) with a manifest of sha256 hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="folder for the archive (default: the current folder) or the archive's file name",
        )

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = create_backup(Path(output) if output else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = [e for e in manifest["files"] if e["name"].startswith("media/")]
        database = manifest["files"][0]
        self.stdout.write(f"backup written: {path}")
        self.stdout.write(f"database ({manifest['vendor']}): {database['size']} bytes")
        self.stdout.write(f"uploaded files: {len(media)} ({sum(e['size'] for e in media)} bytes)")
        self.stdout.write(f"archive size: {path.stat().st_size} bytes")
