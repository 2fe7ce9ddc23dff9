"""Who may do what: the one place each action's decision is made.

Every action has one named permission, ``"<app>.<action>"``, registered with the ``rules``
package in ``<app>/permissions.py`` as a predicate over ``(user, obj)``. Asked without an
object (``user.has_perm("supervision.verify_order")``) a predicate answers for the role, so
pages can decide whether to offer the action; asked with one it also checks the row (scope,
state-independent ownership). Services call :func:`require`; views declare theirs with
:func:`permission` (or :func:`public` / :func:`signed_in`); templates use ``perms.app.name``
or ``{% load rules %}{% has_perm "app.name" user obj as allowed %}``; API viewsets name them
in ``action_permissions``. Role comparisons live here, in ``roles.py`` and in the scope
modules, nowhere else (``fangxin/tests/test_no_inline_roles.py``).

Which rows a user sees stays ``fangxin.core.scoping.visible``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .roles import Role
from .scoping import can_see


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(*roles: str) -> rules.Predicate:
    """A predicate true for active users holding one of ``roles``. A superuser counts as the
    office (the system administrator may do whatever the office may)."""
    names = frozenset(str(role) for role in roles)

    def check(user) -> bool:
        if not _active(user):
            return False
        return user.role in names or (Role.OFFICE in names and user.is_superuser)

    return rules.Predicate(check, name=f"has_role({','.join(sorted(names))})")


is_office = has_role(Role.OFFICE)
is_station = has_role(Role.STATION)
is_inspector = has_role(Role.INSPECTOR)
is_partner = has_role(Role.PARTNER)
is_evaluator = has_role(Role.EVALUATOR)
is_association = has_role(Role.ASSOCIATION)
is_monitor = has_role(Role.MONITOR)
is_operator = has_role(Role.OPERATOR)

# "Regulator" had two meanings; these are the two, named. To see the regulator's internal
# records (inspections, findings, cases): the office, the stations and their inspectors.
sees_as_regulator = has_role(Role.OFFICE, Role.STATION, Role.INSPECTOR)
# To decide as the regulator (issue an order, accept, verify, confirm a draw): the office and
# the stations; an inspector records, a station or the office decides.
acts_as_regulator = has_role(Role.OFFICE, Role.STATION)
# Everyone who works in the programme, outside parties included; not an operator.
is_programme_staff = has_role(*(role for role in Role if role != Role.OPERATOR))


@rules.predicate
def in_scope(user, obj) -> bool:
    """The row is inside the user's scope; asked without a row, the role-level answer is yes."""
    return obj is None or can_see(user, obj)


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    """Refuse (``PermissionDenied`` with ``message``) unless ``user`` holds ``perm`` on ``obj``."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("您的角色不能执行此操作。"))


def roles_holding(perm: str) -> frozenset[str]:
    """The roles whose users hold ``perm`` at role level (no object): for the permission
    table tests, so a reader can check each action against the plan."""
    from .models import User

    holders = set()
    for role in Role:
        user = User(username=f"probe-{role}", role=role, is_active=True)
        user.pk = 0  # unsaved users hold no group permissions; the rules backend needs none
        if rules.has_perm(perm, user):
            holders.add(str(role))
    return frozenset(holders)


# -- the decision a view declares ------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """How a view decides who may open it: ``permission`` (a named permission, checked for
    the role before the view runs and again on the row inside it), ``signed_in`` (any
    signed-in user; the rows shown come from ``visible()``) or ``public``."""

    kind: str
    perm: str = ""
    reason: str = ""


def _declare(view, access: Access):
    view.access = access
    return view


def permission(perm: str, message: str | None = None):
    """Open the view to signed-in users holding ``perm`` at role level; others get a 403."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            require(request.user, perm, message=message)
            return view(request, *args, **kwargs)

        return _declare(login_required(checked), Access("permission", perm))

    return decorate


def signed_in(reason: str):
    """Open the view to every signed-in user; ``reason`` says why that is safe (usually: the
    rows come from ``visible()``, or the view checks a permission on the row itself)."""

    def decorate(view):
        return _declare(login_required(view), Access("signed_in", reason=reason))

    return decorate


def public(reason: str):
    """Open the view to anyone, signed in or not; ``reason`` says what it shows."""

    def decorate(view):
        return _declare(view, Access("public", reason=reason))

    return decorate


def access_of(callback) -> Access | None:
    """The declared decision of a resolved URL's callback (function views, class-based views
    and DRF viewsets, which declare theirs by ``permission_classes``)."""
    declared = getattr(callback, "access", None)
    if declared is not None:
        return declared
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        declared = getattr(view_class, "access", None)
        if declared is not None:
            return declared
        classes = getattr(view_class, "permission_classes", None)
        if classes:
            names = ",".join(cls.__name__ for cls in classes)
            return Access("api", perm=names)
    return None


# -- core's own actions ----------------------------------------------------------------------

# Read the audit trail (page, API, navigation).
rules.add_perm("core.view_audit_log", is_office)
# Read the reference data (stations, areas, partner departments, calendar days) by the API.
rules.add_perm("core.view_reference_data", is_programme_staff)
# Add and change stations, areas and partner departments.
rules.add_perm("core.manage_areas", is_office)
# Enter holidays and make-up workdays.
rules.add_perm("core.manage_calendar", is_office)
# Check a statutory period version against the text in force, and be warned of unchecked ones.
rules.add_perm("core.confirm_period_rule", is_office)
# The administration pages and the API documentation, in the navigation.
rules.add_perm("core.open_admin", is_office)
rules.add_perm("core.read_api_docs", is_office)
