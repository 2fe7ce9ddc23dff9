from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fangxin.core.sweeps import run_all


class Command(BaseCommand):
    help = "Send due reminders and notices (run from cron, e.g. every hour). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="act as if today were YYYY-MM-DD (for testing)")
        parser.add_argument(
            "--background",
            action="store_true",
            help="hand the sweep to a Celery worker when CELERY_BROKER_URL is set",
        )

    def handle(self, *args, today=None, background=False, **options):
        if background:
            from fangxin.core.background import enqueue

            enqueue("fangxin.core.sweeps.run_all_today")
            self.stdout.write("sweep queued" if settings.CELERY_BROKER_URL else "sweep done")
            return
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        for name, count in run_all(day).items():
            self.stdout.write(f"{name}: {count}")
