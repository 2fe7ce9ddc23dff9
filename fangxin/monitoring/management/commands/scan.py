"""``fangxin scan FILE``: scan a transcript, subtitle file or product listing from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fangxin.monitoring import formats, rulelists
from fangxin.monitoring.scanner import scanner_for

TABLE_COLUMNS = ("start", "end", "cue_start", "row", "field", "severity", "category", "term")


class Command(BaseCommand):
    # A shell tool over a file: it needs neither the database nor the URLs checked first.
    requires_system_checks = []
    help = (
        "Scan FILE (.txt, .srt, .vtt, .csv, .xlsx, .json; UTF-8 or GB18030) against the "
        "monitoring rule list. Exit code 0 when it ran, whatever it found; 2 when the file "
        "or the rules cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--rules", help="a directory of rule files (default: the shipped rule list)"
        )
        parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")

    def handle(self, *args, file, rules: str | None, format: str, **options):
        path = Path(file)
        try:
            if path.stat().st_size > formats.MAX_BYTES:
                raise formats.UnreadableInput(
                    f"{path.stat().st_size / 1048576:.1f} MB is over the "
                    f"{formats.MAX_BYTES // 1048576} MB limit"
                )
            document = formats.load(path.read_bytes(), path.name)
        except (OSError, formats.UnreadableInput) as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        # Rules after the file: a file refused is refused at once, without loading them.
        try:
            rule_list = rulelists.load_dir(rules) if rules else rulelists.load_dir()
        except rulelists.RuleListError as exc:
            raise CommandError(f"rules: {exc}", returncode=2) from exc
        for note in document.skipped:
            self.stderr.write(f"{path}: {note}")
        hits = formats.scan(scanner_for(rule_list), document)
        if format == "jsonl":
            for hit in hits:
                self.stdout.write(json.dumps(hit.as_dict(), ensure_ascii=False))
            return
        rows = [[_cell(hit.as_dict()[c]) for c in TABLE_COLUMNS] for hit in hits]
        widths = [max([len(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(TABLE_COLUMNS)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(TABLE_COLUMNS, widths, strict=True)))
        for row in rows:
            self.stdout.write(
                "  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True))
            )
        self.stdout.write(f"{len(hits)} hits")


def _cell(value) -> str:
    return "" if value is None else str(value).replace("\n", " ")


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
