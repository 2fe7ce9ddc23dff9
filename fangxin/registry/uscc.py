"""Unified social credit codes (统一社会信用代码), GB 32100-2015. No Django here.

An 18-character code: registration authority (1), organisation type (1), administrative
division (6), organisation code (9, GB 11714, with its own check character last) and a check
character computed over the first 17 with weights 3^(i-1) mod 31.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class USCCResult:
    """``error`` is a code (length, charset, division, check) with details in ``params``;
    the UI turns it into a sentence in the user's language."""

    code: str
    valid: bool
    error: str = ""
    params: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()


def normalise(raw: str) -> str:
    """Full-width to half-width, surrounding blanks removed, upper case."""
    return unicodedata.normalize("NFKC", raw or "").strip().upper()


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check(first8: str) -> str:
    """The check character of a GB 11714 organisation code (positions 9–16 of a USCC)."""
    total = sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def validate(raw: str) -> USCCResult:
    code = normalise(raw)
    if len(code) != 18:
        return USCCResult(code, False, "length", (("length", str(len(code))),))
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return USCCResult(code, False, "charset", (("chars", "".join(bad)),))
    if not code[2:8].isdigit():
        return USCCResult(code, False, "division")
    expected = check_character(code[:17])
    if code[17] != expected:
        return USCCResult(code, False, "check", (("expected", expected), ("actual", code[17])))
    warnings: tuple[str, ...] = ()
    org = code[8:17]
    # Newer codes are not always built on an organisation code; a mismatch is only a hint.
    if (
        all(ch.isdigit() or "A" <= ch <= "Z" for ch in org[:8])
        and organisation_code_check(org[:8]) != org[8]
    ):
        warnings = ("organisation_code",)
    return USCCResult(code, True, warnings=warnings)


def region_code(code: str) -> str:
    """Characters 3–8: the administrative division code of the registering authority."""
    return normalise(code)[2:8]


def make(first17: str) -> str:
    """Complete 17 characters with their check character (for demo data and tests)."""
    return first17 + check_character(first17)
