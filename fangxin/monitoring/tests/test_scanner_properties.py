"""Properties of the scanner over generated rule lists and texts (Hypothesis).

Terms are drawn from characters that have a traditional form, filler text from other
characters (so filler never holds a term), allow-words are a term plus a character that appears
nowhere else. Planted terms, written simplified, traditional or spread out with separators,
must all be found where they were planted; allow-words must never fire.

Pure Python: no database, no Django.
"""

import re
from dataclasses import dataclass

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from fangxin.monitoring.normalise import normalise
from fangxin.monitoring.rulelists import Rule, RuleList
from fangxin.monitoring.scanner import Scanner

TERM_CHARS = "价国质货钱优专卖发对长门马鸟龙风乐买单广东医药证级网销"
FILLER_CHARS = "的是在不了有和人这中大为上个以要他时来用们生到作地于出就分成会可下而过子多天"
FILLER_SEPARATORS = "，。 "
ALLOW_SUFFIXES = "甲乙丙丁"
SEPARATORS = " *，　-_."
TO_TRADITIONAL = opencc.OpenCC("s2t")
TRADITIONAL = {c: TO_TRADITIONAL.convert(c) for c in TERM_CHARS}
NOT_SEPARATOR = re.compile(r"[\W_]")

assert not set(TERM_CHARS) & set(FILLER_CHARS + ALLOW_SUFFIXES)
assert all(normalise(t) == s != t for s, t in TRADITIONAL.items())

PROPERTIES = settings(max_examples=50, deadline=None)


@dataclass(frozen=True)
class Plant:
    rule: Rule
    start: int
    end: int
    kind: str  # plain | traditional | spaced | allowed


@st.composite
def rule_lists(draw) -> RuleList:
    terms = draw(
        st.lists(
            st.text(alphabet=TERM_CHARS, min_size=2, max_size=5),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    rules = []
    for term in terms:
        allow = (term + draw(st.sampled_from(ALLOW_SUFFIXES)),) if draw(st.booleans()) else ()
        rules.append(
            Rule(
                id=f"generated:{term}",
                category="generated",
                category_name="生成",
                severity=draw(st.sampled_from(("review", "minor", "serious"))),
                legal_basis="测试",
                veto=None,
                term=term,
                allow=allow,
            )
        )
    return RuleList(tuple(rules), version="generated:" + "|".join(terms))


filler = st.text(alphabet=FILLER_CHARS + FILLER_SEPARATORS, max_size=30)


@st.composite
def planted_texts(draw):
    rule_list = draw(rule_lists())
    parts: list[str] = []
    plants: list[Plant] = []
    position = 0

    def add(text: str) -> int:
        nonlocal position
        start = position
        parts.append(text)
        position += len(text)
        return start

    add(draw(filler))
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        rule = draw(st.sampled_from(rule_list.rules))
        kinds = ["plain", "traditional"]
        if len(rule.term) >= 3:  # evasion runs are three or more single characters
            kinds.append("spaced")
        if rule.allow:
            kinds.append("allowed")
        kind = draw(st.sampled_from(kinds))
        if kind == "plain":
            written = rule.term
        elif kind == "traditional":
            written = "".join(TRADITIONAL[c] for c in rule.term)
        elif kind == "spaced":
            gaps = [
                draw(st.text(alphabet=SEPARATORS, min_size=1, max_size=3)) for _ in rule.term[1:]
            ]
            written = rule.term[0] + "".join(
                g + c for g, c in zip(gaps, rule.term[1:], strict=True)
            )
        else:
            written = rule.allow[0]
        start = add(written)
        end = start + (len(rule.term) if kind == "allowed" else len(written))
        plants.append(Plant(rule, start, end, kind))
        # Filler between plants keeps one plant from completing another's allow-word.
        add(draw(filler) or "的")
    return rule_list, "".join(parts), plants


@PROPERTIES
@given(planted_texts())
def test_every_planted_term_is_found_where_it_was_planted(case):
    rule_list, text, plants = case
    hits = Scanner(rule_list).scan(text)
    spans = {(h.rule.id, h.start, h.end) for h in hits}
    for plant in plants:
        if plant.kind == "allowed":
            continue
        assert (plant.rule.id, plant.start, plant.end) in spans, (plant, text)


@PROPERTIES
@given(planted_texts())
def test_allow_listed_words_never_fire(case):
    rule_list, text, plants = case
    hits = Scanner(rule_list).scan(text)
    spans = {(h.rule.id, h.start, h.end) for h in hits}
    for plant in plants:
        if plant.kind == "allowed":
            assert (plant.rule.id, plant.start, plant.end) not in spans, (plant, text)


@PROPERTIES
@given(planted_texts())
def test_every_hit_is_the_original_text_of_its_rules_term(case):
    rule_list, text, _plants = case
    for hit in Scanner(rule_list).scan(text):
        assert text[hit.start : hit.end] == hit.term
        assert NOT_SEPARATOR.sub("", normalise(hit.term)) == normalise(hit.rule.term)
        assert hit.evasion == (NOT_SEPARATOR.search(hit.term) is not None)


@PROPERTIES
@given(st.text())
def test_normalise_keeps_every_offset(text):
    normal = normalise(text)
    assert len(normal) == len(text)
    for original, mapped in zip(text, normal, strict=True):
        assert mapped == original or normalise(original) == mapped


@PROPERTIES
@given(st.text(alphabet=FILLER_CHARS + FILLER_SEPARATORS + SEPARATORS, max_size=200), rule_lists())
def test_filler_alone_gives_no_hits(text, rule_list):
    assert Scanner(rule_list).scan(text) == []
