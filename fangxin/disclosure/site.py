"""Who runs the public site and how to reach them, from settings (any county configures its
own): the front door and every page's footer read them here."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIVACY_NOTICE = _(
    "本网站公开的是经营主体的名称、统一社会信用代码、经营地址、平台账号和称号状态等依法可以"
    "公开的信息，不公开任何个人的电话、身份证号码等个人信息。浏览本网站无需注册，也不收集"
    "您的个人信息；服务器为安全运行保存访问日志（IP地址、时间、访问的页面），按网络安全法规定"
    "保存不少于六个月，期满删除。您在投诉举报、消费者评议、申请加入培育等表单中填写个人信息时，"
    "该表单会另行告知处理的目的、方式和保存期限。对本网站个人信息处理有疑问，请拨打下方电话。"
)


def office_phones() -> list[str]:
    """The configured office numbers (comma-separated in the setting), in order."""
    raw = getattr(settings, "FANGXIN_OFFICE_PHONE", "")
    return [number.strip() for number in raw.split(",") if number.strip()]


def site() -> dict:
    """The authority's name, the title's name, the hotlines, the address and the record numbers."""
    return {
        "authority": settings.FANGXIN_AUTHORITY_NAME,
        "title_name": settings.FANGXIN_TITLE_NAME,
        "hotline": settings.FANGXIN_PUBLIC_HOTLINE,
        "office_phones": office_phones(),
        "address": settings.FANGXIN_OFFICE_ADDRESS,
        "icp_record": settings.FANGXIN_ICP_RECORD,
        "security_record": settings.FANGXIN_PUBLIC_SECURITY_RECORD,
    }


def privacy_notice() -> str:
    return settings.FANGXIN_PRIVACY_NOTICE_SITE or str(DEFAULT_PRIVACY_NOTICE)
