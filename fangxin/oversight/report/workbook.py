"""The summary's tables as an Excel workbook (the report's and the dashboard's), every cell
neutralised against formula injection (``fangxin.core.spreadsheets``)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from fangxin.core.spreadsheets import neutralise

from .figures import Chart, Figures, Section

SHEET_NAME_MAX = 31  # Excel's limit


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value if isinstance(value, int | float) else str(value))


def _sheet(book: Workbook, title: str):
    names = {sheet.title for sheet in book.worksheets}
    name = str(title)[:SHEET_NAME_MAX]
    n = 2
    while name in names:
        name = f"{str(title)[: SHEET_NAME_MAX - 3]}-{n}"
        n += 1
    return book.create_sheet(name)


def _append(sheet, row) -> None:
    sheet.append([_cell(value) for value in row])


def summary_rows(figures: Figures):
    """Every section's figures for the scope with the year-on-year change."""
    previous = figures.period.previous
    yield [
        _("部分"),
        _("指标"),
        f"{figures.period.year}",
        f"{previous.year}" if previous else _("上年度"),
        _("同比增减"),
        _("同比（%）"),
    ]
    for section in figures.sections:
        for metric in section.metrics:
            yield [
                section.title,
                metric.label + (f"（{metric.unit}）" if metric.unit else ""),
                metric.value,
                metric.previous,
                metric.change,
                metric.change_pct,
            ]


def section_rows(section: Section):
    """A section's table: one row per station, then the county."""
    yield [_("监管所"), *(c.label + (f"（{c.unit}）" if c.unit else "") for c in section.columns)]
    for row in section.table:
        yield [row.label, *(cell.value for cell in row.cells)]


def chart_rows(chart: Chart):
    yield [chart.title, *(name for name, _data in chart.series)]
    for i, category in enumerate(chart.categories):
        yield [category, *(data[i] for _name, data in chart.series)]


def workbook(figures: Figures) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    overview = _sheet(book, _("概况"))
    _append(overview, [_("培育年度"), figures.period.name])
    _append(overview, [_("统计范围"), figures.scope_label])
    _append(overview, [_("统计日"), figures.period.on.isoformat()])
    _append(overview, [])
    for row in summary_rows(figures):
        _append(overview, row)
    for section in figures.sections:
        if not section.columns and not section.charts:
            continue
        sheet = _sheet(book, section.title)
        if section.columns:
            for row in section_rows(section):
                _append(sheet, row)
            _append(sheet, [])
        for chart in section.charts:
            for row in chart_rows(chart):
                _append(sheet, row)
            _append(sheet, [])
        if section.note:
            _append(sheet, [_("说明"), section.note])
    return book


def chart_workbook(section: Section, chart: Chart) -> Workbook:
    """One chart's data (the dashboard's per-chart export)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(chart.title)[:SHEET_NAME_MAX]
    for row in chart_rows(chart):
        _append(sheet, row)
    if section.columns:
        _append(sheet, [])
        for row in section_rows(section):
            _append(sheet, row)
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
