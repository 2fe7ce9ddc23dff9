"""What each role finds in the navigation bar; later capabilities append their entries."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import (
    acts_as_regulator,
    has_role,
    is_operator,
    sees_as_regulator,
)
from .roles import Role


@dataclass(frozen=True)
class NavItem:
    """An entry of the navigation bar, shown to the holders of ``permission`` (a named
    permission of the app the entry opens) or, for the apps that have not named theirs yet,
    to the users ``shown_to`` (a role predicate of ``fangxin.core.permissions``); neither:
    every signed-in user."""

    label: str
    url_name: str
    permission: str | None = None
    shown_to: Callable[..., bool] | None = None

    def allowed(self, user) -> bool:
        if self.shown_to is not None and not self.shown_to(user):
            return False
        return self.permission is None or user.has_perm(self.permission)


NAV_ITEMS: list[NavItem] = [
    NavItem(_("首页"), "home"),
    NavItem(_("我的资料"), "registry:my-operator", "registry.view_own_profile"),
    NavItem(
        _("经营主体"),
        "registry:operator-list",
        "registry.browse_operators",
        shown_to=~is_operator,
    ),
    NavItem(_("培育年度"), "programme:campaign-list"),
    NavItem(_("自查自纠"), "selfcheck:mine", "selfcheck.fill"),
    NavItem(_("自查进度"), "selfcheck:dashboard", "selfcheck.view_progress"),
    NavItem(_("培训"), "programme:trainings", "programme.view_trainings"),
    NavItem(_("集中治理"), "supervision:dashboard", shown_to=acts_as_regulator),
    NavItem(
        _("检查任务"),
        "supervision:inspection-list",
        shown_to=has_role(Role.INSPECTOR, Role.PARTNER),
    ),
    NavItem(_("整改通知"), "supervision:order-list", shown_to=is_operator),
    NavItem(_("投诉举报"), "complaints:list", shown_to=sees_as_regulator | is_operator),
    NavItem(
        _("第三方监测"),
        "monitoring:material-list",
        shown_to=has_role(Role.OFFICE, Role.STATION, Role.INSPECTOR, Role.MONITOR),
    ),
    NavItem(_("评议"), "ratings:review", "ratings.view"),
    NavItem(_("消息"), "inbox"),
    NavItem(_("审计日志"), "audit", "core.view_audit_log"),
    NavItem(_("系统管理"), "admin:index", "core.open_admin"),
    NavItem(_("接口文档"), "api-docs", "core.read_api_docs"),
]


# What anyone may open without an account.
PUBLIC_ITEMS: list[NavItem] = [
    NavItem(_("检查结果公示"), "public-inspections"),
    NavItem(_("双随机抽取公示"), "public-draws"),
    NavItem(_("申请加入培育"), "registry:apply"),
    NavItem(_("投诉举报"), "public-complaint"),
    NavItem(_("办理进度查询"), "public-complaint-track"),
    NavItem(_("消费者评议"), "public-ratings"),
]


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return [
            {"label": item.label, "url": reverse(item.url_name), "name": item.url_name}
            for item in PUBLIC_ITEMS
        ]
    return [
        {"label": item.label, "url": reverse(item.url_name), "name": item.url_name}
        for item in NAV_ITEMS
        if item.allowed(user)
    ]
