"""One bounded reader for the tables people upload: CSV (UTF-8, UTF-8 with a byte-order mark,
GB18030) and XLSX (no Django here, so the monitoring scanner and benchmarks can use it).

A small file can be a big table: a 446 KB .xlsx unzipped to a 106 MB sheet of 300,000 rows and
held a web worker for 30 s. So every limit is checked before reading and again while reading:

* before: the file's size; for XLSX, the uncompressed sizes its zip declares (Python's zipfile
  never inflates a member past its declared size, so the declaration binds) and each large
  member's compression ratio, before openpyxl parses anything;
* while: rows are streamed (openpyxl read-only; csv over the decoded text) and counted, and
  every cell's length is checked, so a refusal names the row and column where it stopped.

A refusal is a ``TableError`` with a ``code`` and ``params`` (``row``, ``column``, ``letter``,
``limit``, …) from which the caller words it in the user's language; its message is English.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

MB = 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
# Members this small may compress as well as they like (an empty sheet, styles).
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 16 * MB  # the CSV's bytes; the XLSX's members once unzipped, together
    max_rows: int = 10_000  # non-blank rows, headers included
    max_cell_chars: int = 32_767  # Excel's own limit on a cell
    max_columns: int = 200  # cells further right are not read
    # Uncompressed : compressed, for each XLSX member over 1 MB. Real sheets compress 5–30
    # times; deflate's ceiling is about 1,000. The declared sizes already bind (see above): this
    # refuses the shape of a bomb even where a generous max_bytes would let it through.
    max_ratio: int = 200
    max_members: int = 1_000  # files inside the XLSX zip
    blank_run_end: int = 1_000  # this many blank rows in a row end the data
    max_blank_rows: int = 100_000  # blank rows in all (a sheet of gaps is refused)


class TableError(ValueError):
    """The table cannot be read, or is over a limit. ``code`` says which; ``params`` the
    figures and where (``row`` as the spreadsheet numbers it, ``column`` from 1, ``letter``)."""

    def __init__(self, message: str, code: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class Table:
    kind: str  # csv | xlsx
    encoding: str  # the CSV's codec (utf-8-sig reads UTF-8 with or without a BOM); XLSX: utf-8
    rows: Iterator[tuple[int, list]]  # the non-blank rows: (row number, cell values)


def column_letter(number: int) -> str:
    """1 → A, 27 → AA: the column as Excel names it."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(data: bytes, name: str, limits: Limits | None = None, *, formulas: bool = False) -> Table:
    """Open ``data`` (a file named ``name``) as a table, or refuse it. The rows are read as
    they are iterated, and iterating may raise ``TableError`` too. ``formulas``: XLSX formulas
    as their text (never evaluated) instead of their cached results."""
    limits = limits or Limits()
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".xls":
        raise TableError("old Excel (.xls) files are not read; save as .xlsx", "xls")
    if suffix not in SUFFIXES:
        raise TableError(
            f"only .xlsx and .csv files are read, not {suffix!r}",
            "type",
            suffix=suffix or PurePath(name or "").name,
        )
    if not data.strip():
        raise TableError("the file is empty", "empty")
    if len(data) > limits.max_bytes:
        raise TableError(
            f"the file is {len(data) / MB:.1f} MB; the limit is {limits.max_bytes // MB} MB",
            "too_large",
            size=len(data) / MB,
            limit=limits.max_bytes // MB,
        )
    if suffix == ".xlsx":
        workbook = _open_xlsx(data, limits, formulas)
        return Table("xlsx", "utf-8", _bounded(_xlsx_values(workbook, limits), limits))
    text, encoding = _decode(data)
    return Table("csv", encoding, _bounded(_csv_values(text), limits))


# --- XLSX ------------------------------------------------------------------------------------


def _open_xlsx(data: bytes, limits: Limits, formulas: bool):
    if not data.startswith(b"PK\x03\x04"):
        raise TableError("the file is not an Excel workbook (.xlsx)", "not_xlsx")
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(f"the workbook is damaged: {exc}", "damaged") from exc
    if len(members) > limits.max_members:
        raise TableError(
            f"the workbook holds {len(members)} files; at most {limits.max_members}",
            "members",
            count=len(members),
            limit=limits.max_members,
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > limits.max_bytes:
        raise TableError(
            f"the workbook unzips to {unzipped / MB:.1f} MB; the limit is "
            f"{limits.max_bytes // MB} MB",
            "unzipped_too_large",
            size=unzipped / MB,
            limit=limits.max_bytes // MB,
        )
    for member in members:
        if member.file_size <= RATIO_FLOOR_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise TableError(
                f"{member.filename} is compressed {ratio:.0f} times (at most "
                f"{limits.max_ratio}): a zip bomb, not a spreadsheet",
                "ratio",
                part=member.filename,
                ratio=ratio,
                limit=limits.max_ratio,
            )
    from openpyxl import load_workbook  # imported here: CSV-only callers never pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"the workbook cannot be read: {exc}", "damaged") from exc
    if not workbook.worksheets:
        workbook.close()
        raise TableError("the workbook has no worksheet", "damaged")
    return workbook


def _xlsx_values(workbook, limits: Limits) -> Iterator[tuple[int, list]]:
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=limits.max_columns)
        for number, row in enumerate(rows, start=1):
            yield number, list(row)
    except TableError:
        raise
    except Exception as exc:  # damaged XML inside the sheet
        raise TableError(f"the workbook cannot be read: {exc}", "damaged") from exc
    finally:
        workbook.close()


# --- CSV -------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    # Excel on Chinese Windows and 12315 save CSV in GB18030 (GBK); everything else in UTF-8,
    # with or without a byte-order mark. UTF-8 first: GB18030 decodes almost anything.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError("the CSV file is neither UTF-8 nor GB18030", "encoding")
    if "\x00" in text:
        raise TableError("the file is binary, not a CSV text", "binary")
    return text, encoding


def _csv_values(text: str) -> Iterator[tuple[int, list]]:
    # csv refuses a field over field_size_limit() (131,072 characters by default) with an error
    # that names no column. Cells are measured here instead, against our own limit, so csv's
    # must not trip first: it only ever goes up, to this text's length, which is bounded.
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        raise TableError(
            f"unreadable CSV at row {number + 1}: {exc}", "csv", row=number + 1
        ) from exc


# --- limits while reading ---------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _bounded(rows: Iterator[tuple[int, list]], limits: Limits) -> Iterator[tuple[int, list]]:
    filled = blank = blank_run = 0
    for number, row in rows:
        row = row[: limits.max_columns]
        while row and _blank(row[-1]):
            row.pop()
        if not row:
            blank += 1
            blank_run += 1
            if blank_run >= limits.blank_run_end:
                return
            if blank > limits.max_blank_rows:
                raise TableError(
                    f"more than {limits.max_blank_rows} blank rows (row {number})",
                    "blank_rows",
                    row=number,
                    limit=limits.max_blank_rows,
                )
            continue
        blank_run = 0
        filled += 1
        if filled > limits.max_rows:
            raise TableError(
                f"more than {limits.max_rows} rows (stopped at row {number})",
                "too_many_rows",
                row=number,
                limit=limits.max_rows,
            )
        for index, value in enumerate(row):
            text = getattr(value, "text", value)  # an array formula's text
            if isinstance(text, str) and len(text) > limits.max_cell_chars:
                raise TableError(
                    f"row {number}, column {column_letter(index + 1)}: {len(text)} characters; "
                    f"a cell holds at most {limits.max_cell_chars}",
                    "cell_too_long",
                    row=number,
                    column=index + 1,
                    letter=column_letter(index + 1),
                    length=len(text),
                    limit=limits.max_cell_chars,
                )
        yield number, row
