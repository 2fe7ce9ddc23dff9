"""The monitoring scanner: find a rule list's terms and patterns in text (no Django here).

One Aho–Corasick automaton (ahocorasick-rs) holds every exact term and every regular-expression
rule's literal anchor; it is built once per rule-list version (``scanner_for``) and reused.
A scan then

1. normalises the text one character for one (``normalise.py``), so offsets stay the
   original's;
2. runs the automaton over the whole text (overlapping matches);
3. looks again, with separators removed, only inside runs of single characters split by
   spaces or punctuation (最 低 价, 最*低*价), the usual way to dodge a word filter, mapping each
   hit back through the removed characters;
4. runs each regular expression only in a short window around its anchor's hits, so a
   pattern costs nothing where its anchor is absent;
5. drops hits an allow-list word covers (最近 for 最, 第一次 for 第一).

Every hit carries start/end offsets into the **original** text; ``text[start:end]`` is the
matched original text, separators included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from .normalise import normalise
from .rules import Rule, RuleList, literal_anchor

# Marks where scanned regions end (see formats.py): never part of a term, never a separator,
# so no hit and no evasion run crosses it.
BARRIER = "\ue000"
CONTEXT = 20
REGEX_WINDOW = 60  # characters either side of an anchor a pattern's match may reach
_SEPARATOR = r"(?:[^\w\ue000]|_)"
_EVASION = re.compile(rf"(?:[^\W_]{_SEPARATOR}{{1,3}}){{2,}}[^\W_]")
_IS_SEPARATOR = re.compile(_SEPARATOR)


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int
    term: str  # the original text at [start, end)
    context: str
    evasion: bool = False  # found only once separators were removed

    def as_dict(self) -> dict:
        return {
            "term": self.term,
            "rule": self.rule.id,
            "category": self.rule.category,
            "severity": self.rule.severity,
            "legal_basis": self.rule.legal_basis,
            "start": self.start,
            "end": self.end,
            "context": self.context,
        }


class Scanner:
    def __init__(self, rule_list: RuleList):
        self.rule_list = rule_list
        self.version = rule_list.version
        patterns: dict[str, int] = {}
        self._terms: dict[int, Rule] = {}
        self._anchored: dict[int, list[tuple[Rule, re.Pattern[str]]]] = {}
        # allow-list words per rule, with every offset at which the rule's term sits in them
        self._allow: dict[str, list[tuple[str, int]]] = {}
        for rule in rule_list.rules:
            if rule.term:
                key = normalise(rule.term)
                index = patterns.setdefault(key, len(patterns))
                self._terms[index] = rule
                self._allow[rule.id] = _allow_offsets(key, rule.allow)
            else:
                anchor = normalise(literal_anchor(rule.pattern))
                if not anchor:
                    raise ValueError(f"{rule.id}: pattern has no literal part to anchor on")
                index = patterns.setdefault(anchor, len(patterns))
                self._anchored.setdefault(index, []).append((rule, re.compile(rule.pattern)))
                self._allow[rule.id] = [(normalise(a), -1) for a in rule.allow]
        self._keys = list(patterns)
        self.longest = max(map(len, self._keys))
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def scan(self, text: str) -> list[Hit]:
        normal = normalise(text)
        found: dict[tuple[str, int, int], Hit] = {}
        matches = self._automaton.find_matches_as_indexes(normal, overlapping=True)
        self._collect(text, normal, matches, found)
        for run in _EVASION.finditer(normal):
            self._scan_run(text, normal, run.start(), run.end(), found)
        return _outermost(found.values())

    # --- internals --------------------------------------------------------------------------

    def _collect(self, text, normal, matches, found, positions=None) -> None:
        """Turn automaton matches (over ``normal``, or over a stripped run whose characters
        sit at ``positions`` of the original) into hits."""
        for index, start, end in matches:
            rule = self._terms.get(index)
            if rule is not None:
                if self._allowed(rule, normal, start, end):
                    continue
                if positions is None:
                    self._add(found, rule, text, start, end)
                else:
                    first, last = positions[start], positions[end - 1] + 1
                    if last - first > end - start:  # spans a removed separator
                        self._add(found, rule, text, first, last, evasion=True)
            for rule, compiled in self._anchored.get(index, ()):
                if positions is not None:
                    continue  # patterns run on the text as written
                # The window stays inside the anchor's cue or cell: a pattern never spans two.
                low = max(0, start - REGEX_WINDOW)
                high = min(len(normal), end + REGEX_WINDOW)
                low = normal.rfind(BARRIER, low, start) + 1 or low
                barrier = normal.find(BARRIER, end, high)
                high = barrier if barrier != -1 else high
                for match in compiled.finditer(normal, low, high):
                    # Only the match around this anchor: another anchor's match may be cut
                    # short by this window, and its own window finds it whole.
                    if match.start() > start or match.end() < end:
                        continue
                    if not self._allowed(rule, normal, match.start(), match.end()):
                        self._add(found, rule, text, match.start(), match.end())

    def _scan_run(self, text, normal, run_start, run_end, found) -> None:
        low = max(0, run_start - self.longest + 1)
        high = min(len(normal), run_end + self.longest - 1)
        window = normal[low:high]
        if BARRIER in window:
            # Stay inside the region the run belongs to.
            left = window.rfind(BARRIER, 0, run_start - low)
            right = window.find(BARRIER, run_end - low)
            low, high = low + left + 1, (low + right if right >= 0 else high)
            window = normal[low:high]
        positions = [low + i for i, ch in enumerate(window) if not _IS_SEPARATOR.match(ch)]
        stripped = "".join(normal[p] for p in positions)
        matches = self._automaton.find_matches_as_indexes(stripped, overlapping=True)
        self._collect(text, stripped, matches, found, positions)

    def _allowed(self, rule: Rule, normal: str, start: int, end: int) -> bool:
        for word, offset in self._allow.get(rule.id, ()):
            if offset < 0:  # a pattern rule: the allow word must cover the whole match
                left = normal.rfind(word, max(0, end - len(word)), start + len(word))
                if left != -1 and left <= start and left + len(word) >= end:
                    return True
                continue
            left = start - offset
            if left >= 0 and normal.startswith(word, left):
                return True
        return False

    @staticmethod
    def _add(found, rule: Rule, text: str, start: int, end: int, evasion: bool = False) -> None:
        key = (rule.id, start, end)
        if key in found:
            return
        found[key] = Hit(
            rule=rule,
            start=start,
            end=end,
            term=text[start:end],
            context=text[max(0, start - CONTEXT) : end + CONTEXT].replace(BARRIER, " "),
            evasion=evasion,
        )


def _outermost(hits: Iterable[Hit]) -> list[Hit]:
    """Drop a hit that lies inside a longer hit of the same category (最 inside 最 低 价):
    one spot, one thing to review."""
    kept: list[Hit] = []
    reach: dict[str, tuple[int, int]] = {}  # category → (end, length) of the widest so far
    for hit in sorted(hits, key=lambda h: (h.start, -h.end, h.rule.id)):
        end, length = reach.get(hit.rule.category, (-1, 0))
        if hit.end <= end and hit.end - hit.start < length:
            continue
        if hit.end > end:
            reach[hit.rule.category] = (hit.end, hit.end - hit.start)
        kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end, h.rule.id))


def _allow_offsets(term: str, words: Iterable[str]) -> list[tuple[str, int]]:
    result = []
    for word in words:
        word = normalise(word)
        offset = word.find(term)
        while offset != -1:
            result.append((word, offset))
            offset = word.find(term, offset + 1)
    return result


_SCANNERS: dict[str, Scanner] = {}
_KEEP = 8


def scanner_for(rule_list: RuleList) -> Scanner:
    """The scanner for this rule-list version, built once per process and reused."""
    scanner = _SCANNERS.get(rule_list.version)
    if scanner is None:
        scanner = Scanner(rule_list)
        while len(_SCANNERS) >= _KEEP:
            _SCANNERS.pop(next(iter(_SCANNERS)))
        _SCANNERS[rule_list.version] = scanner
    return scanner


class Locator:
    """Finds which span (start, end, payload) holds an offset: a cue, a listing cell."""

    def __init__(self, spans: list[tuple[int, int, object]]):
        self.spans = sorted(spans, key=lambda s: s[0])
        self._starts = [s[0] for s in self.spans]

    def __call__(self, offset: int):
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None
