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
from .rulelists import Rule, RuleList, literal_anchor

# Marks where scanned regions end (see formats.py): never part of a term, never a separator,
# so no hit and no evasion run crosses it.
BARRIER = "\ue000"
CONTEXT = 20
REGEX_WINDOW = 60  # characters either side of an anchor a pattern's match may reach
_SEPARATOR = r"(?:[^\w\ue000]|_)"
_STRIP = re.compile(_SEPARATOR)
_KEPT = re.compile(r"[^\W_]|\ue000")  # exactly the characters _STRIP keeps
# Runs of single characters split by separators: 最 低 价, 最*低*价. The pattern starts at a
# separator (a plain class, rare in text), which lets the regex engine skip ahead; it runs
# about three times faster than one starting at a word character. The run's first character
# sits just before the match and is covered by the window _scan_run takes around it.
_EVASION = re.compile(r"[^\w\ue000]{1,3}\w[^\w\ue000]{1,3}\w(?:[^\w\ue000]{1,3}\w)*")
# The underscore is a word character to the regex engine: a text that has one takes the
# slower pattern that counts it as a separator.
_EVASION_WITH_UNDERSCORE = re.compile(rf"(?:[^\W_]{_SEPARATOR}{{1,3}}){{2,}}[^\W_]")


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
        self._scan_runs(text, normal, found)
        return _outermost(found.values())

    # --- internals --------------------------------------------------------------------------

    def _collect(self, text, normal, matches, found) -> None:
        """Turn automaton matches over ``normal`` into hits; run each pattern near its anchor."""
        for index, start, end in matches:
            rule = self._terms.get(index)
            if rule is not None and not self._allowed(rule, normal, start, end):
                self._add(found, rule, text, start, end)
            for rule, compiled in self._anchored.get(index, ()):
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

    def _scan_runs(self, text: str, normal: str, found) -> None:
        """Look for terms with separators removed, around each run of single characters.

        The windows around the runs are stripped (C-speed ``re.sub``) and joined with barriers
        into one string for one automaton call; the positions that map a stripped window back
        to the original are worked out only for the few windows that hold a match.
        """
        evasion = _EVASION_WITH_UNDERSCORE if "_" in normal else _EVASION
        reach = self.longest - 1
        pieces: list[str] = []
        starts: list[int] = []  # where each piece begins in the joined string
        windows: list[tuple[int, int]] = []
        offset, size = 0, len(normal)
        regions = BARRIER in normal  # plain text has one region: no clipping to do
        strip = _STRIP.sub
        for run in evasion.finditer(normal):
            run_start, run_end = run.span()
            low = run_start - reach if run_start > reach else 0
            high = run_end + reach if run_end + reach < size else size
            if regions:  # stay inside the cue or cell the run belongs to
                low = normal.rfind(BARRIER, low, run_start) + 1 or low
                barrier = normal.find(BARRIER, run_end, high)
                high = barrier if barrier != -1 else high
            piece = strip("", normal[low:high])
            pieces.append(piece)
            starts.append(offset)
            windows.append((low, high))
            offset += len(piece) + 1
        if not pieces:
            return
        joined = BARRIER.join(pieces)
        positions_of: dict[int, list[int]] = {}
        for index, start, end in self._automaton.find_matches_as_indexes(joined, overlapping=True):
            rule = self._terms.get(index)
            if rule is None or self._allowed(rule, joined, start, end):
                continue  # patterns run on the text as written, not on stripped windows
            piece = bisect_right(starts, start) - 1
            positions = positions_of.get(piece)
            if positions is None:
                low, high = windows[piece]
                positions = [m.start() for m in _KEPT.finditer(normal, low, high)]
                positions_of[piece] = positions
            first = positions[start - starts[piece]]
            last = positions[end - 1 - starts[piece]] + 1
            if last - first > end - start:  # spans a removed separator
                self._add(found, rule, text, first, last, evasion=True)

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


_RANK = {"review": 0, "minor": 1, "serious": 2}


def _graver(hit: Hit, than: Hit) -> bool:
    return _RANK[hit.rule.severity] > _RANK[than.rule.severity] or bool(
        hit.rule.veto and hit.rule.veto != than.rule.veto
    )


def _outermost(hits: Iterable[Hit]) -> list[Hit]:
    """Drop a hit that lies inside a longer hit of the same category (最 inside 最 低 价) unless
    it is graver (a higher severity, or a veto the longer one lacks): one spot, one thing to
    review, and nothing serious lost."""
    kept: list[Hit] = []
    widest: dict[str, Hit] = {}  # per category, the kept hit reaching furthest so far
    for hit in sorted(hits, key=lambda h: (h.start, -h.end, h.rule.id)):
        outer = widest.get(hit.rule.category)
        inside = outer is not None and hit.end <= outer.end
        if inside and hit.end - hit.start < outer.end - outer.start and not _graver(hit, outer):
            continue
        if outer is None or hit.end > outer.end:
            widest[hit.rule.category] = hit
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
