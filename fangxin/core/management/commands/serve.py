import os
import sys

from django.core.management.base import BaseCommand

from fangxin.core import demo


class Command(BaseCommand):
    help = "Serve Fangxin with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("FANGXIN_WORKERS", "3"))

    def handle(self, *args, host, port, workers, **options):
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"Fangxin is at {url}"))
        self.stdout.write(
            f"Demo accounts (password {demo.DEMO_PASSWORD}): office, station, inspector, "
            "inspector2, partner, evaluator, association, monitor, operator"
        )
        self.stdout.flush()
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "fangxin.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ]
        os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn
