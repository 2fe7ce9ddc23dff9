"""The personal-data notices shown where the public gives us personal data.

The data on these forms are processed to perform statutory duties (PIPL art. 13(1)(3)), so the
notice tells why and how long they are kept and asks for no consent; optional uses (a
satisfaction survey) are asked for separately, as a checkbox that is stored. The office may
replace a text by a setting (``FANGXIN_PRIVACY_NOTICE_<FORM>``); the built-in texts follow the
page's language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_NOTICES = {
    "complaint": _(
        "个人信息处理告知：您填写的姓名、联系电话及上传的材料，由市场监督管理部门为依法处理投诉"
        "举报（履行法定职责，《个人信息保护法》第十三条第一款第三项）收集和使用，仅用于登记、受理、"
        "调解、核查、告知处理结果和统计分析，提交不以您的同意为前提。举报人的信息依法保密；"
        "投诉人的联系方式只有在您勾选同意后才提供给被投诉方用于调解。材料在办结后按市场监管"
        "业务档案的保管期限保存，期满后删除或销毁。满意度回访为可选项，不勾选不影响受理。"
        "查阅、更正个人信息，请凭查询码联系承办的市场监管所。"
    ),
    "application": _(
        "个人信息处理告知：您填写的法定代表人姓名、身份证号码、联系人和联系电话，由市场监督管理"
        "部门为开展放心电商培育和依法监督管理（履行法定职责，《个人信息保护法》第十三条第一款"
        "第三项）收集和使用，仅用于核实经营主体、审核申请、联系和监督检查，身份证号码和电话"
        "不予公开。信息在经营主体参加培育期间保存，退出后按市场监管业务档案的保管期限保存，"
        "期满后删除或销毁。查阅、更正个人信息，请联系所属市场监管所。"
    ),
}


def notice(form: str) -> str:
    """The notice for ``form`` ("complaint" or "application"): the configured text, if any."""
    configured = getattr(settings, f"FANGXIN_PRIVACY_NOTICE_{form.upper()}", "")
    return configured or str(DEFAULT_NOTICES[form])
