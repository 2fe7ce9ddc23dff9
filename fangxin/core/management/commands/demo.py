from datetime import date

from django.core.management.base import BaseCommand, CommandError

from fangxin.core import demo


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--today: {value!r} is not a date (YYYY-MM-DD).") from None
    try:
        demo.check_today(day)
    except ValueError as exc:
        raise CommandError(f"--today: {exc}.") from None
    return day


class Command(BaseCommand):
    help = "Load the demo county and the demo accounts (idempotent), as on a day (default today)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help=(
                "Build the demo as on this day (default today): each campaign in the state its "
                f"phase implies then. From {demo.DEMO_FIRST_YEAR}-01-01 on; use a fresh database."
            ),
        )

    def handle(self, *args, today=None, **options):
        day = _day(today)
        demo.build(log=self.stdout.write, today=day)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        accounts = ", ".join(spec["username"] for spec in demo.demo_accounts())
        self.stdout.write(f"Demo accounts (password {demo.DEMO_PASSWORD}): {accounts}")
