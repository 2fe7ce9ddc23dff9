"""Rule lists: what loads, what each rule inherits, and every refusal names ``file:line``.

Pure Python: no database, no Django.
"""

import pytest

from fangxin.monitoring import rulelists
from fangxin.monitoring.rulelists import RuleListError
from fangxin.monitoring.scanner import Scanner

HEADER = """\
category: absolute_terms
name: 绝对化用语
legal_basis: 《广告法》第九条第（三）项
severity: review
veto: null
"""


def parse(body: str, header: str = HEADER, name: str = "absolute.yaml") -> rulelists.RuleList:
    return rulelists.parse({name: header + body})


def refused(files: dict[str, str]) -> str:
    with pytest.raises(RuleListError) as caught:
        rulelists.parse(files)
    return str(caught.value)


# --- what loads ----------------------------------------------------------------------------------


def test_rules_inherit_the_file_fields_and_may_override_them():
    rule_list = parse(
        "allow: [最近]\n"
        "rules:\n"
        "  - 最低价\n"
        "  - term: 第一\n"
        "    allow: [第一次]\n"
        "    severity: serious\n"
        "    legal_basis: 另一条\n"
        "    veto: prohibited_content\n"
        "  - pattern: '第[一1]品牌'\n"
        "    name: 第一品牌\n"
    )
    plain, first, pattern = rule_list.rules
    assert plain.term == "最低价"
    assert plain.category == "absolute_terms"
    assert plain.category_name == "绝对化用语"
    assert (plain.severity, plain.veto) == ("review", None)
    assert plain.legal_basis == "《广告法》第九条第（三）项"
    assert plain.allow == ("最近",)
    assert (first.severity, first.legal_basis, first.veto) == (
        "serious",
        "另一条",
        "prohibited_content",
    )
    assert first.allow == ("最近", "第一次")
    assert pattern.pattern == "第[一1]品牌"
    assert pattern.label == "第一品牌"
    assert rule_list.categories == {"absolute_terms": "绝对化用语"}
    assert len(rule_list) == 3


def test_rule_ids_are_unique_and_name_the_category():
    rule_list = parse("rules:\n  - 最低价\n  - pattern: '第[一1]品牌'\n    name: 第一品牌\n")
    assert [r.id for r in rule_list.rules] == [
        "absolute_terms:最低价",
        "absolute_terms:re:第一品牌",
    ]


def test_version_is_a_digest_of_the_content():
    one = parse("rules:\n  - 最低价\n")
    again = parse("rules:\n  - 最低价\n")
    other = parse("rules:\n  - 最高级\n")
    assert one.version == again.version
    assert one.version != other.version


def test_load_dir_reads_every_yaml_file(tmp_path):
    (tmp_path / "absolute.yaml").write_text(HEADER + "rules:\n  - 最低价\n", encoding="utf-8")
    (tmp_path / "medical.yaml").write_text(
        HEADER.replace("absolute_terms", "medical_claims").replace("绝对化用语", "医疗用语")
        + "rules:\n  - 治愈\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    rule_list = rulelists.load_dir(tmp_path)
    assert sorted(r.term for r in rule_list.rules) == ["最低价", "治愈"]
    assert set(rule_list.categories) == {"absolute_terms", "medical_claims"}


def test_load_dir_refuses_a_missing_or_empty_directory(tmp_path):
    with pytest.raises(RuleListError, match="no such directory"):
        rulelists.load_dir(tmp_path / "missing")
    with pytest.raises(RuleListError, match=r"no \*\.yaml rule files"):
        rulelists.load_dir(tmp_path)


# --- refusals, each with file:line --------------------------------------------------------------

# Line numbers: HEADER is lines 1-5, "rules:" line 6, the first rule line 7.
REFUSALS = [
    pytest.param(
        "rules:\n  - 最低价\n  - pattern: '第[一品牌'\n",
        "absolute.yaml:8",
        "invalid regular expression",
        id="invalid-regex",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - pattern: '(a+)+品牌'\n",
        "absolute.yaml:8",
        "nests quantifiers",
        id="nested-quantifier",
    ),
    pytest.param(
        "rules:\n  - pattern: '(\\w*)*品牌'\n",
        "absolute.yaml:7",
        "nests quantifiers",
        id="nested-star",
    ),
    pytest.param(
        "rules:\n  - pattern: '品牌(\\d{1,3}){2,}'\n",
        "absolute.yaml:7",
        "nests quantifiers",
        id="nested-counted",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - 最高级\n  - 最低价\n",
        "absolute.yaml:9",
        "duplicate",
        id="duplicate-term",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - 最低價\n",
        "absolute.yaml:8",
        "duplicate",
        id="duplicate-traditional",
    ),
    pytest.param(
        "rules:\n  - vip专享\n  - ＶＩＰ专享\n",
        "absolute.yaml:8",
        "duplicate",
        id="duplicate-full-width",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - term: 最高级\n    severity: fatal\n",
        "absolute.yaml:8",
        "severity 'fatal'",
        id="unknown-severity",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - term: 最高级\n    veto: jail\n",
        "absolute.yaml:8",
        "unknown veto kind",
        id="unknown-veto",
    ),
    pytest.param(
        "rules:\n  - 最低价\n  - term: 最高级\n    sevrity: minor\n",
        "absolute.yaml:8",
        "unknown field sevrity",
        id="unknown-field",
    ),
    pytest.param(
        "rules:\n  - pattern: '(品牌)?'\n",
        "absolute.yaml:7",
        "matches the empty string",
        id="empty-match",
    ),
    pytest.param(
        "rules:\n  - term: 最低价\n    pattern: 最低价\n",
        "absolute.yaml:7",
        "exactly one of term and pattern",
        id="term-and-pattern",
    ),
    pytest.param(
        "rules:\n  - term: [最低价]\n",
        "absolute.yaml:7",
        "must be text",
        id="term-not-text",
    ),
]


@pytest.mark.parametrize(("body", "where", "reason"), REFUSALS)
def test_a_bad_rule_is_refused_with_file_and_line(body, where, reason):
    message = refused({"absolute.yaml": HEADER + body})
    assert message.startswith(where + ":"), message
    assert reason in message


def test_unknown_file_severity_is_refused_at_the_first_rule():
    message = refused(
        {
            "absolute.yaml": HEADER.replace("severity: review", "severity: grave")
            + "rules:\n  - 最\n"
        }
    )
    assert message.startswith("absolute.yaml:7:")
    assert "severity 'grave'" in message


def test_minor_is_refused_in_a_never_minor_file():
    header = HEADER + "never_minor: true\n"  # the first rule is on line 8
    message = refused(
        {"absolute.yaml": header + "rules:\n  - 最低价\n  - term: 最高级\n    severity: minor\n"}
    )
    assert message.startswith("absolute.yaml:9:")
    assert "never minor" in message


def test_a_never_minor_file_may_not_make_minor_its_shared_severity():
    header = HEADER.replace("severity: review", "severity: minor") + "never_minor: true\n"
    message = refused({"absolute.yaml": header + "rules:\n  - 最低价\n"})
    assert message.startswith("absolute.yaml:8:")
    assert "never minor" in message


def test_duplicates_across_files_name_both_places():
    medical = HEADER.replace("absolute_terms", "medical_claims")
    message = refused(
        {
            "a.yaml": HEADER + "rules:\n  - 最低价\n",
            "b.yaml": medical + "rules:\n  - 治愈\n  - 最低價\n",
        }
    )
    assert message.startswith("b.yaml:8:")
    assert "first at a.yaml:7" in message


def test_the_same_category_in_two_files_is_refused():
    message = refused(
        {"a.yaml": HEADER + "rules:\n  - 最低价\n", "b.yaml": HEADER + "rules:\n  - 治愈\n"}
    )
    assert message.startswith("b.yaml:1:")
    assert "also in a.yaml" in message


@pytest.mark.parametrize("field", ["category", "name", "legal_basis", "severity"])
def test_a_missing_file_field_is_refused(field):
    header = "".join(line + "\n" for line in HEADER.splitlines() if not line.startswith(field))
    message = refused({"absolute.yaml": header + "rules:\n  - 最低价\n"})
    assert message.startswith("absolute.yaml:")
    assert field in message


def test_an_empty_rules_list_and_bad_yaml_are_refused():
    assert "non-empty list" in refused({"absolute.yaml": HEADER + "rules: []\n"})
    assert refused({"absolute.yaml": "category: [\n"}).startswith("absolute.yaml")
    assert refused({"absolute.yaml": "- just a list\n"}).startswith("absolute.yaml:1:")


def test_a_pattern_without_a_literal_anchor_is_refused_on_load():
    # The scanner runs a pattern only near its anchor; without one it would never run.
    message = refused({"absolute.yaml": HEADER + "rules:\n  - 最低价\n  - pattern: '[0-9]+'\n"})
    assert message.startswith("absolute.yaml:8:")


def test_a_group_with_an_optional_inside_repeated_is_refused():
    # (aa?)+ is (a|aa)+ in disguise: 30 a's before a failing anchor took 0.2 s, x1.6 per a.
    message = refused({"absolute.yaml": HEADER + "rules:\n  - pattern: '(aa?)+xy品牌'\n"})
    assert message.startswith("absolute.yaml:7:")


def test_a_veto_that_is_not_text_is_refused_with_file_and_line():
    message = refused({"absolute.yaml": HEADER + "rules:\n  - term: 最低价\n    veto: [a, b]\n"})
    assert message.startswith("absolute.yaml:7:")


def test_an_allow_list_given_as_a_string_is_not_split_into_characters():
    # Split into 最 and 近, it would silence every hit of the term 最.
    try:
        rule_list = parse("rules:\n  - term: 最\n    allow: 最近\n")
    except RuleListError as exc:  # refusing it is fine too
        assert str(exc).startswith("absolute.yaml:7:")
        return
    assert rule_list.rules[0].allow == ("最近",)


def test_by_category_groups_rules():
    rule_list = rulelists.parse(
        {
            "a.yaml": HEADER + "rules:\n  - 最低价\n  - 最高级\n",
            "b.yaml": HEADER.replace("absolute_terms", "medical_claims") + "rules:\n  - 治愈\n",
        }
    )
    grouped = rulelists.by_category(rule_list.rules)
    assert {k: [r.term for r in v] for k, v in grouped.items()} == {
        "absolute_terms": ["最低价", "最高级"],
        "medical_claims": ["治愈"],
    }


# --- the shipped rule list ---------------------------------------------------------------------


def test_the_shipped_rule_list_loads_and_a_clean_passage_is_clean():
    if not any(rulelists.DEFAULT_DIR.glob("*.yaml")):
        pytest.skip("no shipped rule files yet")
    rule_list = rulelists.load_dir()
    assert len(rule_list) > 0
    scanner = Scanner(rule_list)
    passage = (
        "大家好，今天给大家介绍山东烟台的红富士苹果，产地直发，每箱五公斤，"
        "收到后如有破损可以联系客服处理。苹果清洗后即可食用，请放在阴凉处保存。"
        "下单前请看清规格和重量，谢谢大家的支持。"
    )
    hits = [h for h in scanner.scan(passage) if h.rule.severity != "review"]
    assert hits == [], [(h.term, h.rule.id) for h in hits]
