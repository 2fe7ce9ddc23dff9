"""Spreadsheets built to hurt: a small .xlsx that unzips to a huge sheet, a CSV cell longer
than the csv module's default field limit. Built in the test, with zipfile, never shipped."""

from __future__ import annotations

import functools
import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
COLUMNS = "ABCDEFGHI"


# One row as a spreadsheet writer might emit it (362 bytes); rows and cells without their
# optional "r" attribute are numbered in order, so the same bytes repeat.
ROW = (
    "<row>" + "".join(f'<c t="inlineStr"><is><t>{c}1</t></is></c>' for c in COLUMNS) + "</row>"
).encode()


def _sheet(rows: int, header: list[str] | None):
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    if header:
        cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in header)
        yield f"<row>{cells}</row>".encode()
        rows -= 1
    while rows > 0:
        batch = min(rows, 10_000)
        yield ROW * batch
        rows -= batch
    yield b"</sheetData></worksheet>"


def fair_xlsx(rows: int, header: list[str]) -> bytes:
    """A workbook like a real export: the header, then rows whose cells differ."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for n in range(1, rows):
        sheet.append(
            [f"{n:08d}", f"长兴测试{n * 7919 % 100003}号电商有限公司", f"{n * 31 % 977}元"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_xlsx(rows: int, header: list[str] | None = None) -> bytes:
    """A valid workbook of ``rows`` rows (the first the header, if given) of nine identical
    cells: compressed over 200 times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in _sheet(rows, header):
                sheet.write(chunk)
    return buffer.getvalue()


@functools.cache
def bomb_xlsx() -> bytes:
    """The field's file: about 450 KB that unzips to a 106 MB sheet of 300,000 rows."""
    return sheet_xlsx(300_000)


def long_cell_csv(headers: list[str], row: list[str], column: int, length: int = 131_073) -> bytes:
    """A CSV of the headers and one row whose ``column`` (from 0) holds ``length`` characters."""
    cells = list(row)
    cells[column] = "长" * length
    return (",".join(headers) + "\n" + ",".join(cells) + "\n").encode("utf-8")
