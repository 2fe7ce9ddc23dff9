"""Read what monitors hand in — plain text, SRT/WebVTT subtitles, product listings in
CSV/XLSX/JSON — into one text to scan plus where each hit belongs (no Django here).

A ``Document`` keeps the file's decoded text (``text``) and a scan copy of the same length in
which everything that is not content (subtitle numbers and timings, WebVTT tags, the gaps
between cells) is a barrier character, so offsets in the scan copy are offsets in ``text``.
For listings, ``text`` is the cells joined one per line and each hit is reported by row, field
and its offsets inside that cell.
"""

from __future__ import annotations

import json
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath

from fangxin.core import tables

from .scanner import BARRIER, CONTEXT, Hit, Locator, Scanner

MAX_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".log", ".md", ""}
SUBTITLE_SUFFIXES = {".srt", ".vtt"}
LISTING_SUFFIXES = {".csv", ".xlsx", ".json"}
SUFFIXES = TEXT_SUFFIXES | SUBTITLE_SUFFIXES | LISTING_SUFFIXES
MAX_LISTING_ROWS = 200_000


def default_limits() -> tables.Limits:
    """The command line's limits for listings; the web app passes its settings'."""
    return tables.Limits(max_bytes=MAX_BYTES, max_rows=MAX_LISTING_ROWS)


_TIMING = re.compile(
    r"^\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*((?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})"
)
_VTT_TAG = re.compile(r"<[^>\n]{0,200}>")


class UnreadableInput(ValueError):
    """The file cannot be scanned; the message says why, in plain words (English, for the
    command line). ``code`` and ``params`` let the web app say it in the user's language."""

    def __init__(self, message: str, code: str = "unreadable", **params):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class Document:
    text: str  # the decoded file (for listings: the cells, one per line)
    scan_text: str  # non-content replaced by BARRIER (and tags cut, see segments)
    kind: str  # text | subtitles | listing
    cues: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, "HH:MM:SS.mmm"
    cells: list[tuple[int, int, tuple[int, str]]] = field(default_factory=list)  # (row, field)
    skipped: list[str] = field(default_factory=list)  # what could not be read, and where
    # When the scan copy is shorter (tags cut out): segments (scan offset, text offset) at
    # which each kept piece starts; None when offsets are the same in both.
    segments: list[tuple[int, int]] | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class LocatedHit:
    hit: object  # scanner.Hit
    start: int
    end: int
    cue_start: str | None = None
    row: int | None = None
    field: str | None = None

    def as_dict(self) -> dict:
        data = self.hit.as_dict()
        data.update(
            start=self.start,
            end=self.end,
            cue_start=self.cue_start,
            row=self.row,
            field=self.field,
        )
        return data


# --- decoding ----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (with or without BOM) or GB18030; binary is refused."""
    if not data.strip():
        raise UnreadableInput("the file is empty", "empty")
    if b"\x00" in data[:8192]:
        raise UnreadableInput("the file is binary, not text (it contains NUL bytes)", "binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableInput("the file is neither UTF-8 nor GB18030 text", "encoding")


def load(data: bytes, name: str, limits: tables.Limits | None = None) -> Document:
    """Read ``data`` (the file's bytes) as the kind its name says. Listings in CSV and XLSX
    are read by the bounded table reader within ``limits`` (size unzipped, rows, cells)."""
    limits = limits or default_limits()
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            f"the file is {len(data) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB "
            "(split it, e.g. one file per stream hour)",
            "too_large",
            size=len(data) / 1048576,
            limit=MAX_BYTES // 1048576,
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES - {""}))
        raise UnreadableInput(f"unsupported file type {suffix!r}; use {known}", "type")
    try:
        return _load(data, suffix, limits)
    except tables.TableError as exc:
        # The table reader's refusal, with its code and figures (row, column…) kept.
        raise UnreadableInput(str(exc), exc.code, **exc.params) from exc
    except RecursionError as exc:
        raise UnreadableInput("the file nests too deeply to read", "nesting") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, UnreadableInput):
            raise
        raise UnreadableInput(f"the file cannot be read: {exc}") from exc


def _load(data: bytes, suffix: str, limits: tables.Limits) -> Document:
    if suffix in (".xlsx", ".csv"):
        table = tables.read(data, "listing" + suffix, limits)
        return _listing(_table_rows(table), table.encoding)
    text, encoding = decode(data)
    if suffix == ".srt":
        return _subtitles(text, encoding, vtt=False)
    if suffix == ".vtt":
        return _subtitles(text, encoding, vtt=True)
    if suffix == ".json":
        return _listing(_json_rows(text), encoding)
    return Document(text=text, scan_text=text.replace(BARRIER, " "), kind="text", encoding=encoding)


# --- subtitles -------------------------------------------------------------------------------


def _cue_time(raw: str) -> str:
    parts = raw.replace(",", ".").split(":")
    if len(parts) == 2:
        parts.insert(0, "0")
    hours, minutes, rest = parts
    seconds, _, millis = rest.partition(".")
    return f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}.{millis.ljust(3, '0')[:3]}"


def _subtitles(text: str, encoding: str, *, vtt: bool) -> Document:
    """Cue text is scanned; numbers, timings, headers and notes are barriers. A block without
    a valid timing line is skipped and reported with its line number."""
    # The scan copy is built from pieces: barrier runs, cue text, and (WebVTT) nothing where
    # a styling tag was, so <c.yellow>最</c>低价 still reads 最低价. ``segments`` maps it back.
    pieces: list[str] = []
    segments: list[tuple[int, int]] = []  # (offset in the scan copy, offset in the text)
    scanned, done = 0, 0  # length of the scan copy so far; text offset it has reached

    def keep(upto: int, content: bool) -> None:
        nonlocal scanned, done
        if upto <= done:
            return
        if content:
            segments.append((scanned, done))
            pieces.append(text[done:upto])
        else:
            pieces.append(BARRIER * (upto - done))
            segments.append((scanned, done))
        scanned += upto - done
        done = upto

    def cut(upto: int) -> None:
        nonlocal done
        done = upto

    cues: list[tuple[int, int, str]] = []
    skipped: list[str] = []
    lines = text.splitlines(keepends=True)
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line)
    i = 0
    if vtt and (not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT")):
        skipped.append("line 1: missing WEBVTT header (read as cues anyway)")
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(i)
            i += 1
        first = lines[block[0]].strip()
        if vtt and (first.startswith(("WEBVTT", "NOTE", "STYLE", "REGION"))):
            continue
        timing_at = next((j for j in block[:2] if _TIMING.match(lines[j])), None)
        if timing_at is None:
            skipped.append(f"line {block_start + 1}: no valid timing line, cue skipped")
            continue
        try:
            cue_start = _cue_time(_TIMING.match(lines[timing_at]).group(1))
        except ValueError:
            skipped.append(f"line {timing_at + 1}: unreadable time, cue skipped")
            continue
        body = [j for j in block if j > timing_at]
        if not body:
            continue
        start = offsets[body[0]]
        end = offsets[body[-1]] + len(lines[body[-1]].rstrip("\r\n"))
        keep(start, content=False)
        if vtt:
            for tag in _VTT_TAG.finditer(text, start, end):
                keep(tag.start(), content=True)
                cut(tag.end())
        keep(end, content=True)
        cues.append((start, end, cue_start))
    if not cues:
        raise UnreadableInput(
            "no readable subtitle cue in the file; " + "; ".join(skipped[:5]), "no_cues"
        )
    keep(len(text), content=False)
    return Document(
        text=text,
        segments=segments if scanned != len(text) else None,
        scan_text="".join(pieces),
        kind="subtitles",
        cues=cues,
        skipped=skipped,
        encoding=encoding,
    )


# --- listings --------------------------------------------------------------------------------


def _named(header: list[str], row) -> list[tuple[str, object]]:
    """Every cell with a field name: its header, or its column number when the header is
    empty or the row is wider than the header (an unquoted comma, a stray column)."""
    return [
        (header[i] if i < len(header) and header[i] else f"第{i + 1}列", value)
        for i, value in enumerate(row)
    ]


def _table_rows(table: tables.Table):
    """The first non-blank row is the header; each later row's cells named by it."""
    header = None
    for number, row in table.rows:
        if header is None:
            header = ["" if h is None else str(h).strip() for h in row]
            continue
        yield number, _named(header, row)
    if header is None or not any(header):
        raise UnreadableInput("the table has no header row", "no_header")


def _json_rows(text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"invalid JSON at line {exc.lineno}: {exc.msg}", "json", line=exc.lineno
        ) from exc
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise UnreadableInput(
            "JSON listings are a list of objects (or an object holding one)", "json_shape"
        )
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            yield number, list(_flatten(item, ""))


def _flatten(value, path: str):
    """Nested JSON as (path, text) pairs: tags[0], title.en …"""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _flatten(inner, f"{path}[{index}]")
    else:
        yield path, value


def _listing(rows, encoding: str) -> Document:
    parts: list[str] = []
    cells: list[tuple[int, int, tuple[int, str]]] = []
    position = 0
    count = 0
    for number, row in rows:
        count += 1
        if count > MAX_LISTING_ROWS:
            raise UnreadableInput(
                f"more than {MAX_LISTING_ROWS} rows", "too_many_rows", limit=MAX_LISTING_ROWS
            )
        for name, value in row:
            if not isinstance(value, str) or not value.strip():
                continue
            value = value.replace(BARRIER, " ")
            cells.append((position, position + len(value), (number, str(name))))
            parts.append(value)
            position += len(value) + 1
    if not cells:
        raise UnreadableInput("the listing has no text cells", "no_cells")
    text = "\n".join(parts)
    scan_text = BARRIER.join(parts)
    return Document(text=text, scan_text=scan_text, kind="listing", cells=cells, encoding=encoding)


# --- scanning a document ---------------------------------------------------------------------


def _segment_map(segments):
    if segments is None:
        return None
    scan_starts = [s for s, _ in segments]

    def to_text(offset: int) -> int:
        scan_start, text_start = segments[bisect_right(scan_starts, offset) - 1]
        return text_start + offset - scan_start

    return to_text


def scan(scanner: Scanner, document: Document) -> list[LocatedHit]:
    hits = scanner.scan(document.scan_text)
    located = []
    cue_of = Locator(document.cues) if document.cues else None
    cell_of = Locator(document.cells) if document.cells else None
    to_text = _segment_map(document.segments)
    for hit in hits:
        start, end = hit.start, hit.end
        if to_text is not None:
            start, end = to_text(start), to_text(end - 1) + 1
        region = (cell_of or cue_of)(start) if (cell_of or cue_of) else None
        low, high = (region[0], region[1]) if region else (0, len(document.text))
        context = document.text[max(low, start - CONTEXT) : min(high, end + CONTEXT)]
        hit = Hit(hit.rule, start, end, document.text[start:end], context, hit.evasion)
        if cell_of is not None:
            if region is None:
                continue
            row, name = region[2]
            located.append(LocatedHit(hit, start - low, end - low, row=row, field=name))
        else:
            cue_start = region[2] if (cue_of is not None and region) else None
            located.append(LocatedHit(hit, start, end, cue_start=cue_start))
    return located
