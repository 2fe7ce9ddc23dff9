"""The monitoring scanner over 50 MB of Chinese text with 10,000 terms, against bare Aho–Corasick.

Generates, from a fixed seed, 10,000 terms of 2–6 characters drawn from the 3,755 common
simplified characters of GB2312 level 1, and 50 MB (UTF-8 bytes; MB = 10^6 bytes) of text from
the same characters with commas and full stops, one term planted per ~2 KB, one in ten of
those (of three characters or more) spread out with separators (最 低 价). Then, in the same
run and over the same text:

* the anchor: bare ahocorasick-rs, overlapping matches of the raw terms, nothing else;
* pyahocorasick's ``iter()``, the usual alternative, counting matches;
* the full ``Scanner(rule_list).scan(text)``: normalisation, automaton, evasion runs,
  allow-lists, offsets and hit objects;
* the full scanner again over the same text converted to traditional characters, where
  normalisation has to translate every character.

Also the scanner's build time and memory for 10,000 and 50,000 terms. Each timing is the
best of 3 runs.

    .venv/bin/python -m benchmarks.scan

Environment: FANGXIN_BENCH_SCAN_MB (default 50) shrinks the text for a quick run.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import time
import tracemalloc
from importlib.metadata import version

import ahocorasick_rs
import opencc

from fangxin.monitoring import normalise as normalise_module
from fangxin.monitoring.rulelists import Rule, RuleList
from fangxin.monitoring.scanner import Scanner

SEED = 20240601
TEXT_MB = float(os.environ.get("FANGXIN_BENCH_SCAN_MB", "50"))
TERMS = 10_000
BIG_TERMS = 50_000
RUNS = 3
PLANT_EVERY_BYTES = 2048
SPACED_SHARE = 0.10
ALLOW_SHARE = 0.05
TERM_LENGTHS = (2, 2, 3, 3, 3, 4, 4, 4, 5, 6)  # most banned phrases are 2–4 characters
PUNCTUATION_EVERY = 12  # characters, roughly: a clause
SEPARATORS = (" ", "*", "，", "  ")
SEVERITIES = ("review", "minor", "serious")


def common_characters() -> list[str]:
    """GB2312 level 1 (rows 16–55): the 3,755 most common simplified characters, less any
    that normalisation would change (so raw and normalised terms are the same)."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                char = bytes((row, cell)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if normalise_module.normalise(char) == char:
                chars.append(char)
    return chars


def make_terms(rng: random.Random, chars: list[str], count: int) -> list[str]:
    terms: set[str] = set()
    while len(terms) < count:
        terms.add("".join(rng.choices(chars, k=rng.choice(TERM_LENGTHS))))
    return sorted(terms)


def make_rule_list(rng: random.Random, chars: list[str], terms: list[str]) -> RuleList:
    rules = tuple(
        Rule(
            id=f"bench:{term}",
            category="bench",
            category_name="基准",
            severity=rng.choice(SEVERITIES),
            legal_basis="《广告法》第九条",
            veto=None,
            term=term,
            allow=(term + rng.choice(chars),) if rng.random() < ALLOW_SHARE else (),
        )
        for term in terms
    )
    return RuleList(rules, version=f"bench-{len(terms)}-{SEED}", categories={"bench": "基准"})


def make_text(rng: random.Random, chars: list[str], terms: list[str]):
    """The text, and the planted terms as (start, end, term, spaced)."""
    population = chars + ["，"] * (len(chars) * 3 // (4 * PUNCTUATION_EVERY))
    population += ["。"] * (len(chars) // (4 * PUNCTUATION_EVERY))
    filler_chars = PLANT_EVERY_BYTES // 3  # CJK characters and full-width punctuation: 3 bytes
    target = int(TEXT_MB * 1_000_000)
    parts: list[str] = []
    planted: list[tuple[int, int, str, bool]] = []
    size = position = 0
    while size < target:
        filler = "".join(rng.choices(population, k=filler_chars))
        parts.append(filler)
        position += len(filler)
        term = rng.choice(terms)
        spaced = len(term) >= 3 and rng.random() < SPACED_SHARE
        written = rng.choice(SEPARATORS).join(term) if spaced else term
        parts.append(written)
        planted.append((position, position + len(written), term, spaced))
        position += len(written)
        size += len(filler.encode()) + len(written.encode())
    return "".join(parts), planted


def best_of(fn, runs: int = RUNS):
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def rss_bytes() -> int:
    """Current resident set size (Linux), else the peak as the nearest thing available."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def rss_growth(rule_list: RuleList) -> tuple[int, Scanner]:
    """RSS growth for one scanner (the automaton lives outside Python's heap); run first, on
    a heap no earlier scanner has left free pages in."""
    gc.collect()
    before = rss_bytes()
    scanner = Scanner(rule_list)
    return rss_bytes() - before, scanner


def heap_peak(rule_list: RuleList) -> int:
    """Peak of Python allocations while building one scanner."""
    gc.collect()
    tracemalloc.start()
    Scanner(rule_list)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def mb(n: float) -> str:
    return f"{n / 1_000_000:7.1f} MB"


def main() -> None:
    rng = random.Random(SEED)
    table_s = time.perf_counter()
    normalise_module.table()
    normalise_module.normalise("價")  # and the regex that decides whether to translate
    table_s = time.perf_counter() - table_s
    chars = common_characters()
    big_terms = make_terms(rng, chars, BIG_TERMS)
    terms = sorted(rng.sample(big_terms, TERMS))
    rule_list = make_rule_list(rng, chars, terms)
    big_rule_list = make_rule_list(rng, chars, big_terms)

    # Build figures first, on a small heap, so RSS growth is the scanners'.
    build_rss, scanner = rss_growth(rule_list)
    big_rss, big_scanner = rss_growth(big_rule_list)
    del big_scanner
    build_peak, big_peak = heap_peak(rule_list), heap_peak(big_rule_list)
    build_s, _ = best_of(lambda: Scanner(rule_list))
    big_build_s, _ = best_of(lambda: Scanner(big_rule_list))

    generated_s = time.perf_counter()
    text, planted = make_text(rng, chars, terms)
    generated_s = time.perf_counter() - generated_s
    size = len(text.encode())
    spaced = sum(1 for p in planted if p[3])

    bare = ahocorasick_rs.AhoCorasick(terms)
    bare_s, bare_matches = best_of(lambda: bare.find_matches_as_indexes(text, overlapping=True))
    bare_count = len(bare_matches)
    del bare_matches

    try:
        import ahocorasick
    except ImportError:
        ahocorasick = None
    if ahocorasick is not None:
        automaton = ahocorasick.Automaton()
        for index, term in enumerate(terms):
            automaton.add_word(term, index)
        automaton.make_automaton()
        py_s, py_count = best_of(lambda: sum(1 for _ in automaton.iter(text)))

    normalise_s, _ = best_of(lambda: normalise_module.normalise(text))
    full_s, hits = best_of(lambda: scanner.scan(text))
    found = {(h.start, h.end, h.rule.term) for h in hits}
    missed = [p for p in planted if (p[0], p[1], p[2]) not in found]
    evasion_hits = sum(1 for h in hits if h.evasion)
    hit_count = len(hits)
    del hits, found

    convert_s = time.perf_counter()
    traditional = opencc.OpenCC("s2t").convert(text)
    convert_s = time.perf_counter() - convert_s
    changed = sum(1 for a, b in zip(text, traditional, strict=False) if a != b)
    t_size = len(traditional.encode())
    t_normalise_s, _ = best_of(lambda: normalise_module.normalise(traditional))
    trad_s, trad_hits = best_of(lambda: scanner.scan(traditional))
    trad_count = len(trad_hits)
    del trad_hits

    def rate(seconds: float, nbytes: int = size) -> str:
        return f"{nbytes / 1_000_000 / seconds:8.1f} MB/s"

    print(
        f"scan (monitoring scanner on ahocorasick-rs {version('ahocorasick-rs')}), best of {RUNS}"
    )
    print(
        f"  text: {size / 1_000_000:.1f} MB UTF-8 ({len(text) / 1e6:.1f} M characters), "
        f"{len(planted):,} planted terms ({spaced:,} spread out with separators); "
        f"generated in {generated_s:.1f} s"
    )
    print(
        f"  rules: {TERMS:,} terms of 2–6 characters from {len(chars):,} common characters "
        f"(GB2312 level 1), {sum(1 for r in rule_list.rules if r.allow):,} with an allow-word"
    )
    print()
    print("  build                                     time    Python heap peak   RSS growth")
    print(f"  normalisation table (once per process)  {table_s * 1000:5.0f} ms")
    print(
        f"  Scanner, {TERMS:,} terms                  {build_s * 1000:5.0f} ms"
        f"  {mb(build_peak)}        {mb(build_rss)}"
    )
    print(
        f"  Scanner, {BIG_TERMS:,} terms                  {big_build_s * 1000:5.0f} ms"
        f"  {mb(big_peak)}        {mb(big_rss)}"
    )
    print()
    print("  search, same text, same 10,000 terms          time        speed    matches   x anchor")
    print(
        f"  ahocorasick-rs overlapping (anchor)       {bare_s:8.3f} s {rate(bare_s)}"
        f" {bare_count:10,}      1.00"
    )
    if ahocorasick is not None:
        print(
            f"  pyahocorasick iter()                      {py_s:8.3f} s {rate(py_s)}"
            f" {py_count:10,}  {py_s / bare_s:8.2f}"
        )
    else:
        print("  pyahocorasick iter()                      skipped: `ahocorasick` is not installed")
    print(
        f"  Scanner.scan, simplified text             {full_s:8.3f} s {rate(full_s)}"
        f" {hit_count:10,}  {full_s / bare_s:8.2f}"
    )
    print(
        f"  Scanner.scan, traditional text            {trad_s:8.3f} s {rate(trad_s, t_size)}"
        f" {trad_count:10,}  {trad_s / bare_s:8.2f}"
    )
    print(
        f"    of which normalise(), simplified        {normalise_s:8.3f} s"
        f" {rate(normalise_s)}  (nothing to translate: one regex search)"
    )
    print(
        f"    of which normalise(), traditional       {t_normalise_s:8.3f} s"
        f" {rate(t_normalise_s, t_size)}  (str.translate of every character)"
    )
    print()
    print(f"  full / bare ahocorasick-rs:   {full_s / bare_s:6.2f}x")
    if ahocorasick is not None:
        print(f"  full / pyahocorasick:         {full_s / py_s:6.2f}x")
    print(f"  traditional / simplified:     {trad_s / full_s:6.2f}x")
    print(
        f"  planted terms found: {len(planted) - len(missed):,} of {len(planted):,}; "
        f"{evasion_hits:,} evasion hits"
    )
    print(
        "  the scanner's hits include chance matches of short terms, less hits inside a longer"
        " hit of the same category (all terms here are one category)"
    )
    print(
        f"  traditional text: OpenCC s2t changed {changed / len(text):.0%} of characters "
        f"(converted in {convert_s:.1f} s, not timed in the scan)"
    )
    if missed:
        print(f"  note: {len(missed):,} planted terms were not found, e.g. {missed[:3]}")


if __name__ == "__main__":
    main()
