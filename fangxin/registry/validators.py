"""Form- and model-level validators wrapping the pure USCC check with translated messages."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import uscc

_MESSAGES = {
    "length": gettext_noop("统一社会信用代码应为18位，实为%(length)s位。"),
    "charset": gettext_noop("统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、Z、S、V）。"),
    "division": gettext_noop("统一社会信用代码第3至8位（行政区划码）应为数字。"),
    "check": gettext_noop("统一社会信用代码校验位错误：应为%(expected)s，实为%(actual)s。"),
}
_WARNINGS = {"organisation_code": gettext_noop("组织机构代码（第9至17位）校验不符，请核对。")}


def uscc_error_message(result: uscc.USCCResult) -> str:
    return _(_MESSAGES[result.error]) % dict(result.params)


def uscc_warning_messages(result: uscc.USCCResult) -> list[str]:
    return [_(_WARNINGS[w]) for w in result.warnings]


REGION_WARNING = gettext_noop(
    "统一社会信用代码第3至8位（行政区划码）为%(actual)s，不是本县的%(expected)s，"
    "请核对该经营主体是否在本县登记。"
)


def uscc_region_warnings(raw: str) -> list[str]:
    """A warning when a valid code was issued outside the county (settings
    FANGXIN_COUNTY_REGION_CODE): such an operator may belong to another county's programme,
    but a branch or a relocated company can be legitimate, so it is never refused."""
    expected = getattr(settings, "FANGXIN_COUNTY_REGION_CODE", "")
    result = uscc.validate(raw)
    if not expected or not result.valid:
        return []
    actual = uscc.region_code(result.code)
    if actual == expected:
        return []
    return [_(REGION_WARNING) % {"actual": actual, "expected": expected}]


def clean_uscc(raw: str) -> str:
    """Return the normalised code or raise a ValidationError in the user's language."""
    result = uscc.validate(raw)
    if not result.valid:
        raise ValidationError(uscc_error_message(result), code=f"uscc_{result.error}")
    return result.code


PHONE_MESSAGE = gettext_noop("请输入有效的手机号码（11位）或固定电话（如0572-6021234）。")


def clean_phone(raw: str) -> str:
    """Mobile (11 digits starting 1) or landline (area code + number, optional extension)."""
    value = (raw or "").strip().replace(" ", "")
    if not value:
        return ""
    if re.fullmatch(r"1[3-9]\d{9}", value) or re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", value):
        return value
    raise ValidationError(_(PHONE_MESSAGE), code="phone")


ID_MESSAGE = gettext_noop("身份证号码格式或校验位不正确。")


def validate_phone(value: str) -> None:
    clean_phone(value)


def validate_id_number(value: str) -> None:
    from . import idnumber

    if value and not idnumber.is_valid(value):
        raise ValidationError(_(ID_MESSAGE), code="id_number")
