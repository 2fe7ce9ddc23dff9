"""``fangxin report --campaign 2026 [--station CODE] [--output PATH]``: the summary report
(总结提升) of a campaign as a PDF and an Excel workbook with the same tables."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from fangxin.core.models import Station
from fangxin.oversight.report import figures as report_figures
from fangxin.oversight.report import pdf as report_pdf
from fangxin.oversight.report import workbook as report_workbook


class Command(BaseCommand):
    help = (
        "Write a campaign's summary report: a PDF in Chinese (charts drawn on the server) and "
        "an .xlsx workbook with the same tables, for the county (per station) or one station."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help="the campaign's year")
        parser.add_argument("--station", default="", help="a station's code (default: the county)")
        parser.add_argument(
            "--output",
            default="",
            help="the PDF's path (the workbook goes next to it, .xlsx), or a folder; "
            "default: summary-YEAR-SCOPE.pdf in the current folder",
        )

    def handle(self, *args, campaign, station, output, **options):
        translation.activate("zh-hans")
        started = time.monotonic()
        chosen = None
        if station:
            chosen = Station.objects.filter(code=station).first()
            if chosen is None:
                codes = ", ".join(Station.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(f"{station}: no such station (the stations: {codes})")
        period = report_figures.period(campaign, timezone.localdate())
        if period is None:
            raise CommandError(f"{campaign}: no such campaign")
        stem = f"summary-{campaign}-{chosen.code if chosen else 'county'}"
        target = Path(output) if output else Path.cwd()
        if target.suffix.lower() == ".pdf":
            pdf_path = target
        else:
            target.mkdir(parents=True, exist_ok=True)
            pdf_path = target / f"{stem}.pdf"
        if not pdf_path.parent.is_dir():
            raise CommandError(f"{pdf_path.parent}: no such folder")
        xlsx_path = pdf_path.with_suffix(".xlsx")
        figures = report_figures.figures(period, chosen)
        pdf_path.write_bytes(report_pdf.pdf(figures))
        xlsx_path.write_bytes(report_workbook.to_bytes(report_workbook.workbook(figures)))
        seconds = time.monotonic() - started
        self.stdout.write(f"{pdf_path}\n{xlsx_path}\n({seconds:.1f} s)")
