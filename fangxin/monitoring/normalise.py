"""Text normalisation for the scanner: one character in, one character out (no Django here).

Full-width letters and digits become ASCII, letters lower-case, traditional characters their
simplified form (OpenCC's t2s, character by character). Because every character maps to exactly
one character, an offset in the normalised text is the same offset in the original, which is
what lets every hit point back at the original text.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# Blocks where OpenCC has single-character traditional → simplified conversions.
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@cache
def table() -> dict[int, str]:
    mapping: dict[int, str] = {}
    # Full-width digits and letters. Full-width punctuation (，！：) is left alone: it is in
    # every Chinese sentence, and to the scanner it is a separator either way.
    for low, high in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)):
        for code in range(low, high):
            mapping[code] = chr(code - 0xFEE0).lower()
    for code in range(ord("A"), ord("Z") + 1):
        mapping[code] = chr(code + 32)
    converter = opencc.OpenCC("t2s")
    for low, high in _CJK_BLOCKS:
        for code in range(low, high):
            char = chr(code)
            simplified = converter.convert(char)
            if simplified != char and len(simplified) == 1:
                mapping[code] = simplified
    return mapping


@cache
def _trigger() -> re.Pattern[str]:
    chars = "".join(re.escape(chr(code)) for code in sorted(table()))
    return re.compile(f"[{chars}]")


def normalise(text: str) -> str:
    # Most transcripts are simplified Chinese with nothing to change: one C-speed search
    # decides, and the per-character translation runs only when it has work to do.
    if _trigger().search(text) is None:
        return text
    return text.translate(table())
