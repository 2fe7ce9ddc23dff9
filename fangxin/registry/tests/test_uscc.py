"""GB 32100-2015 check characters, with real published codes and generated ones."""

from hypothesis import given
from hypothesis import strategies as st

from fangxin.registry import uscc

# Codes published on the companies' own business-licence disclosures.
REAL_CODES = [
    "91330100716105852F",  # Alibaba (China) Co., Ltd.
    "9144030071526726XG",  # Shenzhen Tencent Computer Systems Co., Ltd.
    "914403001922038216",  # Huawei Technologies Co., Ltd.
    "91110000802100433B",  # Beijing Baidu Netcom Science and Technology Co., Ltd.
]

first17 = st.text(alphabet=uscc.ALPHABET, min_size=2, max_size=2).flatmap(
    lambda head: st.text(alphabet="0123456789", min_size=6, max_size=6).flatmap(
        lambda division: st.text(alphabet=uscc.ALPHABET, min_size=9, max_size=9).map(
            lambda org: head + division + org
        )
    )
)


def test_real_codes_are_valid():
    for code in REAL_CODES:
        result = uscc.validate(code)
        assert result.valid, code
        assert result.warnings == ()


def test_lower_case_full_width_and_blanks_are_normalised():
    full_width = "９１３３０１００７１６１０５８５２Ｆ"
    assert uscc.validate(full_width).code == "91330100716105852F"
    assert uscc.validate("  91330100716105852f \n").valid


def test_errors_name_the_problem():
    assert uscc.validate("91330100716105852").error == "length"
    assert uscc.validate("91330100716105852I").error == "charset"
    assert uscc.validate("9133A100716105852F").error == "division"
    result = uscc.validate("91330100716105852G")
    assert result.error == "check"
    assert dict(result.params) == {"expected": "F", "actual": "G"}


def test_organisation_code_mismatch_is_only_a_warning():
    code = uscc.make("91330522MA2B3C4D5")
    result = uscc.validate(code)
    assert result.valid
    assert result.warnings == ("organisation_code",)


@given(first17)
def test_made_codes_validate(prefix):
    assert uscc.validate(uscc.make(prefix)).valid


@given(first17, st.integers(min_value=0, max_value=16), st.sampled_from(uscc.ALPHABET))
def test_any_single_character_change_is_caught(prefix, position, replacement):
    code = uscc.make(prefix)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed != code and changed[2:8].isdigit():
        assert not uscc.validate(changed).valid


def test_messages_are_translated():
    from django.utils import translation

    from fangxin.registry.validators import uscc_error_message

    result = uscc.validate("91330100716105852G")
    with translation.override("zh-hans"):
        assert "校验位错误" in uscc_error_message(result)
    with translation.override("en"):
        assert "check character" in uscc_error_message(result)
