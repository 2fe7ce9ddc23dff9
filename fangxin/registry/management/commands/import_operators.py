from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangxin.core.models import User
from fangxin.registry import importing


class Command(BaseCommand):
    help = (
        "Import operators from an .xlsx or .csv file in the template's format. "
        "All-or-nothing; exit code 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--as-user",
            default=None,
            help="import with this user's rights (default: the first active office user)",
        )

    def handle(self, *args, file, dry_run, as_user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            dataset = importing.read_upload(path.name, path.read_bytes())
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        report = importing.run_import(self._user(as_user), dataset, dry_run=dry_run)
        for row in report.rows:
            for column, message in row.errors:
                self.stderr.write(f"row {row.number} [{column}] {message}")
            for column, message in row.warnings:
                self.stderr.write(f"row {row.number} [{column}] warning: {message}")
        summary = (
            f"new {report.new_count}, updated {report.update_count}, "
            f"unchanged {report.skip_count}, errors {report.error_count}"
        )
        if not report.ok:
            raise CommandError(f"import refused, nothing written: {summary}")
        verb = "dry run ok" if dry_run else "imported"
        self.stdout.write(f"{verb}: {summary}")

    def _user(self, username):
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(role="office").order_by("pk").first()
        )
        if user is None:
            raise CommandError("no such active user; pass --as-user with an office or station user")
        return user
