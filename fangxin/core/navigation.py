"""What each role finds in the navigation bar; later capabilities append their entries."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in user
    office_only: bool = False
    roles: frozenset[str] | None = None  # None: every role
    hidden_for: frozenset[str] = frozenset()

    def allowed(self, user) -> bool:
        if self.office_only and not user.is_office:
            return False
        if self.roles is not None and user.role not in self.roles:
            return False
        if user.role in self.hidden_for:
            return False
        return self.permission is None or user.has_perm(self.permission)


NAV_ITEMS: list[NavItem] = [
    NavItem(_("首页"), "home"),
    NavItem(_("我的资料"), "registry:my-operator", roles=frozenset({Role.OPERATOR})),
    NavItem(
        _("经营主体"),
        "registry:operator-list",
        "registry.view_operator",
        hidden_for=frozenset({Role.OPERATOR}),
    ),
    NavItem(_("培育年度"), "programme:campaign-list"),
    NavItem(_("自查自纠"), "selfcheck:mine", roles=frozenset({Role.OPERATOR})),
    NavItem(
        _("自查进度"),
        "selfcheck:dashboard",
        roles=frozenset({Role.OFFICE, Role.STATION, Role.INSPECTOR}),
    ),
    NavItem(
        _("培训"),
        "programme:trainings",
        roles=frozenset({Role.OFFICE, Role.STATION, Role.OPERATOR}),
    ),
    NavItem(
        _("集中治理"),
        "supervision:dashboard",
        roles=frozenset({Role.OFFICE, Role.STATION}),
    ),
    NavItem(
        _("检查任务"),
        "supervision:inspection-list",
        roles=frozenset({Role.INSPECTOR, Role.PARTNER}),
    ),
    NavItem(_("整改通知"), "supervision:order-list", roles=frozenset({Role.OPERATOR})),
    NavItem(
        _("投诉举报"),
        "complaints:list",
        roles=frozenset({Role.OFFICE, Role.STATION, Role.INSPECTOR, Role.OPERATOR}),
    ),
    NavItem(
        _("第三方监测"),
        "monitoring:material-list",
        roles=frozenset({Role.OFFICE, Role.STATION, Role.INSPECTOR, Role.MONITOR}),
    ),
    NavItem(_("评议"), "ratings:review", "ratings.view"),
    NavItem(_("消息"), "inbox"),
    NavItem(_("审计日志"), "audit", "core.view_audit", office_only=True),
    NavItem(_("系统管理"), "admin:index", office_only=True),
    NavItem(_("接口文档"), "api-docs", office_only=True),
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
