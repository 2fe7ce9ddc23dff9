"""Spreadsheets we hand out: every cell neutralised against formula injection."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Stop a spreadsheet from reading a cell as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def download(content: bytes, filename: str, content_type: str = XLSX_TYPE) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, title: str, header: Sequence, rows: Iterable[Sequence]
) -> HttpResponse:
    """One sheet: a header row, then the rows, each cell neutralised."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]  # Excel's limit on sheet names
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), filename)
