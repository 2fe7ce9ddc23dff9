"""Monitoring rule lists: load, validate and describe them (no Django here).

A rule list is a set of YAML files, one per category. Each file names its category, the legal
basis and severity its rules share, the veto situation they may establish, an allow-list, and
the rules: exact terms or (a few) regular expressions, each able to override the shared fields::

    category: absolute_terms
    name: 绝对化用语
    legal_basis: 《中华人民共和国广告法》第九条第（三）项
    area: marketing             # the requirement area of the work guide its hits count in
    severity: review            # review | minor | serious
    veto: null                  # a veto kind, or null
    never_minor: false          # true: no rule of this file may be "minor"
    allow: [最近, 最后]          # words that never fire any rule of this file
    rules:
      - term: 最
        allow: [最佳食用期]
      - pattern: '第[一1]品牌'
        name: 第一品牌

Loading rejects, with the file and line: a missing field, an unknown area, severity or veto kind, an
empty or duplicate term (after normalisation), an invalid regular expression, and a pattern
that could backtrack catastrophically (a quantified group that itself contains a quantifier).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .normalise import normalise

SEVERITIES = ("review", "minor", "serious")
VETO_KINDS = frozenset(
    {
        "prohibited_content",
        "prohibited_goods",
        "health_hazard",
        "counterfeit_or_fake_orders",
        "harm_to_vulnerable",
        "credit_listing",
    }
)
# The work guide's eight requirement areas (programme/data/guides/default.yaml; a test keeps the
# two in step). A confirmed hit becomes a finding in its category's area.
AREA_CODES = (
    "qualifications",
    "conduct",
    "site",
    "quality",
    "marketing",
    "labelling",
    "consumer_rights",
    "after_sales",
)
# Rule-list versions stored before categories named their area (issue 12 item 2) are still read,
# with the area the shipped files then got; a category outside this map must say its area.
LEGACY_CATEGORY_AREAS = {
    "absolute_terms": "marketing",
    "counterfeit": "quality",
    "fake_reviews": "marketing",
    "false_claims": "marketing",
    "health_food_claims": "marketing",
    "labelling": "labelling",
    "medical_claims": "marketing",
    "minors": "consumer_rights",
    "price_fraud": "conduct",
    "prohibited_content": "conduct",
    "prohibited_goods": "conduct",
}
DEFAULT_DIR = Path(__file__).parent / "data" / "rules"
MAX_PATTERN_LENGTH = 200
RULE_FIELDS = frozenset({"term", "pattern", "name", "severity", "legal_basis", "veto", "allow"})
# A group with a quantifier inside, itself quantified: (a+)+, (\w*)*, (a|aa){2,} …
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*?}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,)")


def literal_anchor(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` contains, or ''.

    Conservative: an escape, a class, a counted repetition, an optional character (?, *,
    {0,…}) or anything inside a group ends the run; any alternation gives up.
    """
    if "|" in pattern:
        return ""
    best, run = "", ""
    i, depth, length = 0, 0, len(pattern)
    while i < length:
        char = pattern[i]
        following = pattern[i + 1] if i + 1 < length else ""
        if char == "\\":
            best, run, i = max(best, run, key=len), "", i + 2
            continue
        if char in "[{":
            close = "]" if char == "[" else "}"
            end = pattern.find(close, i + 2 if char == "[" else i + 1)
            best, run, i = max(best, run, key=len), "", (end + 1 if end > 0 else length)
            continue
        if char in "()":
            depth += 1 if char == "(" else -1
        if char in ".^$*+?()" or depth:
            best, run, i = max(best, run, key=len), "", i + 1
            continue
        if following in ("?", "*") or pattern.startswith("{0", i + 1):
            best, run, i = max(best, run, key=len), "", i + 1
            continue
        run += char
        if following in ("+", "{"):
            best, run = max(best, run, key=len), ""
        i += 1
    return max(best, run, key=len)


class RuleListError(ValueError):
    """A rule file that cannot be used, with where: ``file:line: reason``."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    category_name: str
    severity: str
    legal_basis: str
    veto: str | None
    area: str = ""  # requirement area code (AREA_CODES)
    term: str = ""  # exact term, as written
    pattern: str = ""  # regular expression, matched on the normalised text
    name: str = ""
    allow: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.term or self.name or self.pattern


@dataclass(frozen=True)
class RuleList:
    rules: tuple[Rule, ...]
    version: str  # digest of the files' content: the same files, the same version
    categories: Mapping[str, str] = field(default_factory=dict)  # code → Chinese name
    areas: Mapping[str, str] = field(default_factory=dict)  # category code → area code

    def __len__(self) -> int:
        return len(self.rules)


def _where(source: str, node) -> str:
    line = node.start_mark.line + 1 if node is not None else 0
    return f"{source}:{line}"


def _node_items(node) -> dict[str, object]:
    return {key.value: value for key, value in node.value} if node is not None else {}


def _text(value, where: str, name: str, *, required: bool = True) -> str:
    if value is None:
        if required:
            raise RuleListError(f"{where}: missing {name}")
        return ""
    if not isinstance(value, str | int | float):
        raise RuleListError(f"{where}: {name} must be text")
    return str(value).strip()


def _check_pattern(pattern: str, where: str) -> None:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RuleListError(f"{where}: pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise RuleListError(f"{where}: invalid regular expression {pattern!r}: {exc}") from exc
    if _NESTED_QUANTIFIER.search(pattern):
        raise RuleListError(
            f"{where}: pattern {pattern!r} nests quantifiers and could backtrack "
            "catastrophically; rewrite it without a repeated group that repeats inside"
        )
    if compiled.match(""):
        raise RuleListError(f"{where}: pattern {pattern!r} matches the empty string")
    if not literal_anchor(pattern):
        raise RuleListError(
            f"{where}: pattern {pattern!r} has no plain text that every match contains; "
            "add a literal word (e.g. 原价\\d+ rather than \\d+)"
        )


def _area(value, where: str, category: str, strict: bool) -> str:
    if value is None and not strict and category in LEGACY_CATEGORY_AREAS:
        return LEGACY_CATEGORY_AREAS[category]
    if value is None:
        raise RuleListError(
            f"{where}: missing area (the requirement area its hits count in, one of "
            f"{', '.join(AREA_CODES)})"
        )
    if not isinstance(value, str) or value not in AREA_CODES:
        raise RuleListError(
            f"{where}: unknown area {value!r}: the work guide's areas are {', '.join(AREA_CODES)}"
        )
    return value


def parse_file(text: str, source: str, *, strict: bool = False) -> tuple[str, str, list[Rule]]:
    """The category code, its name and its rules, from one file's text.

    A file names its ``area``; one of the shipped categories may leave it out (a version stored
    before the key existed, an office's edit of such a file) and gets that category's area from
    LEGACY_CATEGORY_AREAS, unless ``strict`` (the shipped files themselves)."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleListError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleListError(f"{source}:1: a rule file is a mapping with category and rules")
    top = _node_items(root)
    where = f"{source}:1"
    category = _text(data.get("category"), where, "category")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", category):
        raise RuleListError(f"{where}: category {category!r} must be a lower-case code")
    name = _text(data.get("name"), where, "name")
    area = _area(data.get("area"), where, category, strict)
    shared_basis = _text(data.get("legal_basis"), where, "legal_basis")
    shared_severity = _text(data.get("severity"), where, "severity")
    shared_veto = data.get("veto")
    never_minor = data.get("never_minor", False)
    if not isinstance(never_minor, bool):
        raise RuleListError(f"{where}: never_minor is true or false")
    file_allow = data.get("allow") or []
    if not isinstance(file_allow, list):
        raise RuleListError(f"{where}: allow is a list of words, e.g. allow: [最近, 最后]")
    shared_allow = tuple(str(a) for a in file_allow)
    if shared_veto is not None and (
        not isinstance(shared_veto, str) or shared_veto not in VETO_KINDS
    ):
        raise RuleListError(f"{where}: unknown veto kind {shared_veto!r}")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise RuleListError(f"{_where(source, top.get('rules'))}: rules must be a non-empty list")
    nodes = top["rules"].value
    rules = []
    for item, node in zip(items, nodes, strict=True):
        where = _where(source, node)
        if isinstance(item, str):
            item = {"term": item}
        if not isinstance(item, dict):
            raise RuleListError(f"{where}: a rule is a term or a mapping")
        unknown = set(item) - {
            "term",
            "pattern",
            "name",
            "severity",
            "legal_basis",
            "veto",
            "allow",
        }
        if unknown:
            raise RuleListError(f"{where}: unknown field {', '.join(sorted(unknown))}")
        term = _text(item.get("term"), where, "term", required=False)
        pattern = _text(item.get("pattern"), where, "pattern", required=False)
        if bool(term) == bool(pattern):
            raise RuleListError(f"{where}: a rule has exactly one of term and pattern")
        if pattern:
            _check_pattern(pattern, where)
        elif not normalise(term).strip():
            raise RuleListError(f"{where}: empty term")
        severity = _text(item.get("severity"), where, "severity", required=False) or (
            shared_severity
        )
        if severity not in SEVERITIES:
            raise RuleListError(f"{where}: severity {severity!r} is not one of {SEVERITIES}")
        if never_minor and severity == "minor":
            raise RuleListError(f"{where}: rules of {category} are never minor")
        veto = item.get("veto", shared_veto)
        if veto is not None and (not isinstance(veto, str) or veto not in VETO_KINDS):
            raise RuleListError(f"{where}: unknown veto kind {veto!r}")
        allow = item.get("allow") or ()
        if isinstance(allow, str) or not all(isinstance(a, str | int) for a in allow):
            raise RuleListError(f"{where}: allow is a list of words, e.g. allow: [最近, 最后]")
        rules.append(
            Rule(
                id=f"{category}:{term or 're:' + (item.get('name') or pattern)}",
                category=category,
                category_name=name,
                severity=severity,
                legal_basis=_text(item.get("legal_basis"), where, "legal_basis", required=False)
                or shared_basis,
                veto=veto,
                area=area,
                term=term,
                pattern=pattern,
                name=_text(item.get("name"), where, "name", required=False),
                allow=shared_allow + tuple(str(a) for a in allow),
            )
        )
    return category, name, rules


def parse(files: Mapping[str, str], *, strict: bool = False) -> RuleList:
    """A rule list from ``{file name: text}``; duplicate terms across files are refused."""
    rules: list[Rule] = []
    categories: dict[str, str] = {}
    areas: dict[str, str] = {}
    seen_terms: dict[str, str] = {}
    seen_categories: dict[str, str] = {}
    digest = hashlib.sha256()
    for source in sorted(files):
        text = files[source]
        digest.update(source.encode() + b"\0" + text.encode() + b"\0")
        category, name, file_rules = parse_file(text, source, strict=strict)
        if category in seen_categories:
            raise RuleListError(
                f"{source}:1: category {category} is also in {seen_categories[category]}"
            )
        seen_categories[category] = source
        categories[category] = name
        areas[category] = file_rules[0].area
        nodes = yaml.compose(text)
        rule_nodes = _node_items(nodes)["rules"].value
        for rule, node in zip(file_rules, rule_nodes, strict=True):
            key = normalise(rule.term) if rule.term else "re:" + rule.pattern
            where = _where(source, node)
            if key in seen_terms:
                raise RuleListError(
                    f"{where}: duplicate {rule.label!r}, first at {seen_terms[key]}"
                )
            seen_terms[key] = where
            rules.append(rule)
    if not rules:
        raise RuleListError("the rule list is empty")
    return RuleList(tuple(rules), digest.hexdigest()[:16], categories, areas)


def read_dir(directory: Path | str = DEFAULT_DIR) -> dict[str, str]:
    directory = Path(directory)
    if not directory.is_dir():
        raise RuleListError(f"{directory}: no such directory")
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.yaml"))}
    if not files:
        raise RuleListError(f"{directory}: no *.yaml rule files")
    return files


def load_dir(directory: Path | str = DEFAULT_DIR, *, strict: bool = False) -> RuleList:
    return parse(read_dir(directory), strict=strict)


def by_category(rules: Iterable[Rule]) -> dict[str, list[Rule]]:
    grouped: dict[str, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.category, []).append(rule)
    return grouped
