"""Resident identity card numbers (GB 11643-1999): 17 digits and a check character. No Django."""

from __future__ import annotations

import unicodedata
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def normalise(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw or "").strip().upper()


def check_character(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def is_valid(raw: str) -> bool:
    code = normalise(raw)
    if len(code) != 18 or not code[:17].isdigit():
        return False
    try:
        date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return code[17] == check_character(code[:17])
