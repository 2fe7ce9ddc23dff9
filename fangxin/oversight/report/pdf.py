"""The summary report (总结提升) as a PDF: HTML rendered by WeasyPrint with the CJK font
embedded (fonts-noto-cjk, found by fontconfig as the titles' certificate finds it) and the
charts drawn by matplotlib as PNG images inside it."""

from __future__ import annotations

import base64
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from . import charts
from .figures import Figures


def chart_images(figures: Figures) -> dict[str, str]:
    """Every chart of the figures as a ``data:`` URI, by chart key."""
    images = {}
    for section in figures.sections:
        for chart in section.charts:
            if not chart.categories:
                continue
            data = base64.b64encode(charts.png(chart)).decode("ascii")
            images[chart.key] = f"data:image/png;base64,{data}"
    return images


def html(figures: Figures, *, generated_by: str = "") -> str:
    css = Path(finders.find("oversight/report.css")).read_text(encoding="utf-8")
    images = chart_images(figures)
    sections = [
        {
            "section": section,
            "charts": [
                (chart, images[chart.key]) for chart in section.charts if chart.key in images
            ],
        }
        for section in figures.sections
    ]
    return render_to_string(
        "oversight/report/summary.html",
        {
            "figures": figures,
            "period": figures.period,
            "sections": sections,
            "css": css,
            "generated_by": generated_by,
        },
    )


def pdf(figures: Figures, *, generated_by: str = "") -> bytes:
    from weasyprint import HTML

    return HTML(string=html(figures, generated_by=generated_by)).write_pdf()
