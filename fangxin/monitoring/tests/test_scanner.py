"""The scanner: normalisation keeps offsets, evasion runs, allow-lists, anchored patterns.

Pure Python: no database, no Django.
"""

import pytest

from fangxin.monitoring import rulelists, scanner
from fangxin.monitoring.normalise import normalise
from fangxin.monitoring.rulelists import literal_anchor
from fangxin.monitoring.scanner import BARRIER, Scanner, scanner_for

RULES = """\
category: absolute_terms
name: 绝对化用语
legal_basis: 《广告法》第九条第（三）项
severity: review
veto: null
allow: [最近, 最后]
rules:
  - 最
  - 最低价
  - term: 第一
    allow: [第一次]
  - term: ＶＩＰ专享
    severity: minor
  - pattern: '第[一1]品牌'
    name: 第一品牌
    allow: [第一品牌店]
"""


@pytest.fixture(scope="module")
def scan():
    return Scanner(rulelists.parse({"absolute.yaml": RULES})).scan


def found(hits):
    return [(h.rule.label, h.start, h.end, h.term) for h in hits]


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("VIP专享", "vip专享"),
        ("全網最低價", "全网最低价"),
        ("價格：９９元！", "价格：99元！"),  # full-width punctuation stays
        ("最近很好", "最近很好"),
        ("", ""),
    ],
)
def test_normalise_maps_one_character_to_one(text, expected):
    assert normalise(text) == expected
    assert len(normalise(text)) == len(text)


def test_simplified_text_is_returned_unchanged():
    text = "今天直播间的苹果每斤十二元"
    assert normalise(text) is text


def test_a_traditional_term_is_found_with_original_offsets(scan):
    text = "本店全網最低價格"
    hit = next(h for h in scan(text) if h.rule.term == "最低价")
    assert (hit.start, hit.end, hit.term) == (4, 7, "最低價")
    assert text[hit.start : hit.end] == hit.term


@pytest.mark.parametrize("written", ["vip专享", "VIP专享", "Vip專享", "ｖｉｐ专享"])
def test_full_width_and_case_are_folded(scan, written):
    text = f"今天{written}哦"
    hits = [h for h in scan(text) if h.rule.term == "ＶＩＰ专享"]
    assert [(h.start, h.end, h.term) for h in hits] == [(2, 7, written)]
    assert hits[0].rule.severity == "minor"


# --- exact terms -------------------------------------------------------------------------------


PRICE_RULES = """\
category: price_fraud
name: 价格欺诈
legal_basis: 《明码标价和禁止价格欺诈规定》第十九条
severity: minor
veto: null
rules:
  - term: 低价
    severity: review
  - 全网低价
  - term: 清仓价
    severity: serious
    veto: prohibited_goods
  - term: 清仓价格
    severity: review
"""


def test_a_hit_inside_a_longer_hit_of_the_same_category_is_dropped(scan):
    # One spot, one thing to review: 最 inside 最低价 is not reported again.
    assert found(scan("全网最低价")) == [("最低价", 2, 5, "最低价")]
    assert found(scan("最好")) == [("最", 0, 1, "最")]


def test_overlapping_hits_of_different_categories_are_all_kept():
    scan = Scanner(rulelists.parse({"absolute.yaml": RULES, "price.yaml": PRICE_RULES})).scan
    assert [(h.rule.category, h.start, h.end) for h in scan("全网最低价")] == [
        ("absolute_terms", 2, 5),
        ("price_fraud", 3, 5),
    ]


def test_a_nested_hit_with_a_graver_severity_or_a_veto_is_not_lost():
    scan = Scanner(rulelists.parse({"price.yaml": PRICE_RULES})).scan
    hits = scan("今天清仓价格")
    assert any(h.rule.severity == "serious" for h in hits), found(hits)
    assert any(h.rule.veto == "prohibited_goods" for h in hits), found(hits)


def test_a_nested_hit_of_lesser_severity_is_dropped():
    scan = Scanner(rulelists.parse({"price.yaml": PRICE_RULES})).scan
    assert [(h.rule.term, h.rule.severity) for h in scan("全网低价")] == [("全网低价", "minor")]


def test_hits_are_sorted_by_offset_and_repeat_where_the_text_repeats(scan):
    hits = scan("最低价，还是最低价，最好")
    assert [(h.start, h.rule.term) for h in hits] == [(0, "最低价"), (6, "最低价"), (10, "最")]


def test_hit_context_is_the_surrounding_text(scan):
    text = "前" * 30 + "最低价" + "后" * 30
    hit = next(h for h in scan(text) if h.rule.term == "最低价")
    assert hit.context == "前" * scanner.CONTEXT + "最低价" + "后" * scanner.CONTEXT


def test_hit_as_dict_has_the_report_fields(scan):
    hit = next(h for h in scan("全网最低价") if h.rule.term == "最低价")
    assert hit.as_dict() == {
        "term": "最低价",
        "rule": "absolute_terms:最低价",
        "category": "absolute_terms",
        "severity": "review",
        "legal_basis": "《广告法》第九条第（三）项",
        "start": 2,
        "end": 5,
        "context": "全网最低价",
    }


def test_nothing_is_found_in_a_clean_text(scan):
    assert scan("今天给大家介绍烟台苹果，产地直发。") == []


# --- evasion -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "最 低 价",
        "最*低*价",
        "最　低　价",
        "最，低，价",
        "最-低-价",
        "最_低_价",
        "最 . 低 . 价",
        "最  低  价",
    ],
)
def test_separated_terms_are_found_spanning_the_separators(scan, written):
    text = f"全网{written}哦"
    hits = [h for h in scan(text) if h.rule.term == "最低价"]
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.start, hit.end) == (2, 2 + len(written))
    assert hit.term == written == text[hit.start : hit.end]
    assert hit.evasion


def test_separated_traditional_term_is_found(scan):
    hits = [h for h in scan("最 低 價") if h.rule.term == "最低价"]
    assert [(h.start, h.end, h.term, h.evasion) for h in hits] == [(0, 5, "最 低 價", True)]


def test_a_plain_hit_is_not_marked_as_evasion(scan):
    hit = next(h for h in scan("最低价") if h.rule.term == "最低价")
    assert not hit.evasion


def test_an_evasion_run_does_not_cross_a_barrier(scan):
    assert [h for h in scan(f"最 低{BARRIER}价") if h.rule.term == "最低价"] == []


def test_too_many_separators_are_not_an_evasion(scan):
    # Up to three separators between characters count; four read as a pause.
    assert [h for h in scan("最    低    价") if h.rule.term == "最低价"] == []


def test_evasion_of_an_allowed_word_stays_allowed(scan):
    assert [h for h in scan("我们 第 一 次 见") if h.rule.term == "第一"] == []


# --- allow-lists -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["最近很好", "最后一天", "最後一天", "我们第一次来"])
def test_allow_listed_words_never_fire(scan, text):
    assert scan(text) == []


def test_a_patterns_allow_list_covers_the_whole_match(scan):
    assert [h for h in scan("第一品牌店") if h.rule.pattern] == []
    assert [h.term for h in scan("第1品牌，第一品牌店") if h.rule.pattern] == ["第1品牌"]


def test_allow_list_only_covers_its_own_occurrence(scan):
    assert found(scan("最近是第一次，也是第一")) == [("第一", 9, 11, "第一")]
    assert found(scan("最近最好")) == [("最", 2, 3, "最")]


# --- patterns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["第一品牌", "第1品牌"])
def test_an_anchored_pattern_is_found(scan, written):
    text = f"我们是{written}哦"
    hits = [h for h in scan(text) if h.rule.pattern]
    assert [(h.start, h.end, h.term) for h in hits] == [(3, 7, written)]
    assert hits[0].rule.id == "absolute_terms:re:第一品牌"


def test_a_pattern_needs_its_anchor(scan):
    assert [h for h in scan("第2品牌") if h.rule.pattern] == []


def test_a_pattern_matches_normalised_text(scan):
    hits = [h for h in scan("第１品牌") if h.rule.pattern]
    assert [(h.start, h.end, h.term) for h in hits] == [(0, 4, "第１品牌")]


@pytest.mark.parametrize(
    ("pattern", "anchor"),
    [
        ("第[一1]品牌", "品牌"),
        ("国家级?产品", "国家"),
        ("最(高|佳)", ""),  # alternation: no safe anchor
        ("[0-9]+", ""),
        ("\\d+元", "元"),
        ("全网销量第一", "全网销量第一"),
        ("治.*癌症", "癌症"),
    ],
)
def test_literal_anchor(pattern, anchor):
    assert literal_anchor(pattern) == anchor


@pytest.mark.parametrize(
    ("pattern", "anchor"),
    [("品牌.{0,3}第一", "品牌"), ("\\d{3,}元", "元"), ("[0-9]{11}", "")],
)
def test_literal_anchor_skips_counted_repetition(pattern, anchor):
    # The digits of {m,n} are not text: 品牌.{0,3}第一 once anchored on "0,3" and never fired.
    assert literal_anchor(pattern) == anchor


def test_a_pattern_with_counted_repetition_is_found():
    rule_list = rulelists.parse(
        {
            "a.yaml": RULES.split("rules:")[0]
            + "rules:\n  - pattern: '品牌.{0,3}第一'\n    name: 品牌第一\n"
        }
    )
    hits = Scanner(rule_list).scan("这个品牌，第一")
    assert [(h.start, h.end, h.term) for h in hits] == [(2, 7, "品牌，第一")]


def test_the_scanner_refuses_a_pattern_without_an_anchor_even_if_built_by_hand():
    # rulelists.parse refuses such a pattern with file:line (test_rules); a RuleList built in
    # code must not slip past: without an anchor the pattern would never run.
    rule = rulelists.Rule(
        id="hand:re:digits",
        category="hand",
        category_name="手写",
        severity="review",
        legal_basis="测试",
        veto=None,
        pattern="[0-9]+",
    )
    with pytest.raises(ValueError, match=r"hand:re:digits"):
        Scanner(rulelists.RuleList((rule,), version="hand"))


# --- reuse -------------------------------------------------------------------------------------


def test_scanner_for_reuses_the_scanner_of_a_version():
    rule_list = rulelists.parse({"absolute.yaml": RULES})
    again = rulelists.parse({"absolute.yaml": RULES})
    other = rulelists.parse({"absolute.yaml": RULES.replace("最低价", "最高级")})
    assert scanner_for(rule_list) is scanner_for(again)
    assert scanner_for(other) is not scanner_for(rule_list)
    assert scanner_for(other).version == other.version
