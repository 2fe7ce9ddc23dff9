from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangxin.core import jurisdictions


class Command(BaseCommand):
    help = "Create or update towns/streets, stations and partner departments from a YAML file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(jurisdictions.DEFAULT_FILE))

    def handle(self, *args, file, **options):
        try:
            report = jurisdictions.load(Path(file))
        except jurisdictions.JurisdictionFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.stations} stations, {report.areas} areas, "
            f"{report.partner_departments} partner departments loaded from {file}"
        )
