"""``fangxin export-title-feed [--date YYYY-MM-DD] [--out FILE]``: the daily title feed of a
day (today by default) as a CSV file, the same bytes ``/public/feed/titles-<day>.csv`` serves.
The verification links start with FANGXIN_PUBLIC_BASE_URL (or ``--base-url``)."""

from __future__ import annotations

import sys
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fangxin.disclosure import feed


class Command(BaseCommand):
    help = "Write the daily title feed (CSV, UTF-8 with BOM) of a day to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day, YYYY-MM-DD (default: today).")
        parser.add_argument("--out", help="The file to write (default: standard output).")
        parser.add_argument("--base-url", help="Default: FANGXIN_PUBLIC_BASE_URL.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else today
        except ValueError:
            raise CommandError(f"--date: expected YYYY-MM-DD, got {options['date']!r}") from None
        if day > today:
            raise CommandError(f"--date: {day} is in the future; the feed records what was.")
        base_url = options["base_url"] or settings.FANGXIN_PUBLIC_BASE_URL
        if not base_url:
            self.stderr.write(
                "FANGXIN_PUBLIC_BASE_URL is not set: verification_url holds paths only."
            )
        content = feed.render(day, base_url or "")
        if options["out"]:
            with open(options["out"], "wb") as out:
                out.write(content)
            self.stderr.write(f"Wrote the title feed of {day} to {options['out']}.")
        else:
            sys.stdout.buffer.write(content)
