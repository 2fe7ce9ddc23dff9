"""The legal grounds for not accepting a complaint, loaded from ``data/`` and validated."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REASONS_FILE = Path(__file__).parent / "data" / "not_accepted_reasons.yaml"


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    source: str


def parse(text: str) -> dict[str, Reason]:
    data = yaml.safe_load(text) or {}
    reasons: dict[str, Reason] = {}
    for index, item in enumerate(data.get("reasons") or [], start=1):
        missing = {"code", "text", "source"} - set(item or {})
        if missing:
            raise ValueError(f"reason {index}: missing {', '.join(sorted(missing))}")
        if item["code"] in reasons:
            raise ValueError(f"reason {index}: duplicate code {item['code']!r}")
        reasons[item["code"]] = Reason(item["code"], item["text"], item["source"])
    if not reasons:
        raise ValueError("no reasons listed")
    return reasons


@cache
def not_accepted_reasons() -> dict[str, Reason]:
    return parse(REASONS_FILE.read_text(encoding="utf-8"))


def choices() -> list[tuple[str, str]]:
    return [(r.code, r.text) for r in not_accepted_reasons().values()]
