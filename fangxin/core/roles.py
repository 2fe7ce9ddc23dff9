"""The roles of the programme and the permissions each role's group carries.

A user has exactly one role; the matching auth group is kept in step with it (see
``User.save``) so that Django's permission checks and the admin agree with the role.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OFFICE = "office", pgettext_lazy("role", "领导小组办公室")
    STATION = "station", pgettext_lazy("role", "基层市场监管所")
    INSPECTOR = "inspector", pgettext_lazy("role", "执法人员")
    PARTNER = "partner", pgettext_lazy("role", "协作部门")
    EVALUATOR = "evaluator", pgettext_lazy("role", "考评组成员")
    ASSOCIATION = "association", pgettext_lazy("role", "行业协会")
    MONITOR = "monitor", pgettext_lazy("role", "第三方监测机构")
    OPERATOR = "operator", pgettext_lazy("role", "经营主体")


# Roles whose users work inside one station's jurisdiction.
STATION_ROLES = frozenset({Role.STATION, Role.INSPECTOR})

# The Django model permissions each role's group carries, as "app_label.codename": what the
# admin site needs (view/add/change of models). Who may take an action is a ``rules``
# permission in ``<app>/permissions.py``, never one of these; which rows a user sees comes
# from fangxin.core.scoping.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICE: [
        "core.view_area",
        "core.change_area",
        "core.add_area",
        "core.view_station",
        "core.change_station",
        "core.add_station",
        "core.view_partnerdepartment",
        "core.change_partnerdepartment",
        "core.add_partnerdepartment",
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
        "core.view_calendaryear",
        "core.view_periodrule",
        "core.add_periodrule",
        "core.change_periodrule",
        "core.add_calendaryear",
        "core.change_calendaryear",
        "complaints.view_notacceptedground",
        "complaints.add_notacceptedground",
        "complaints.change_notacceptedground",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "registry.view_operator",
        "registry.add_operator",
        "registry.change_operator",
    ],
    Role.STATION: [
        "core.view_area",
        "core.view_station",
        "registry.view_operator",
        "registry.add_operator",
        "registry.change_operator",
    ],
    Role.INSPECTOR: ["core.view_area", "core.view_station"],
    Role.PARTNER: [],
    Role.EVALUATOR: [],
    Role.ASSOCIATION: [],
    Role.MONITOR: [],
    Role.OPERATOR: [],
}


def sync_role_groups() -> None:
    """Create one group per role holding exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None:
                raise LookupError(f"Role {role} names unknown permission {code}")
            perms.append(perm)
        group.permissions.set(perms)
