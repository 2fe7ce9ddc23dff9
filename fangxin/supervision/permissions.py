"""Who may act on the supervision side: one predicate per action (the ``rules`` package).
Views, templates and services ask ``user.has_perm(name, obj)``; which rows a user sees stays
``fangxin.core.scoping.visible``, and the predicates below lean on it."""

from __future__ import annotations

import rules

from fangxin.core.roles import Role
from fangxin.core.scoping import can_see, visible
from fangxin.registry.masking import may_see_personal_data


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _has_task_on(user, operator) -> bool:
    """An inspection of this operator is among the inspector's own tasks (the inspections an
    inspector may see are exactly those he is assigned to)."""
    from .models import Inspection

    return visible(user, Inspection).filter(operator=operator).exists()


@rules.predicate
def opens_operator_file(user, operator) -> bool:
    """The operator's supervision file: the office, the station responsible for the operator,
    and an inspector for the operators of his own tasks (draws assign inspectors to other
    stations' operators, so his station's area is neither needed nor enough)."""
    if not _active(user) or operator is None:
        return False
    if user.is_office:
        return True
    if user.role == Role.STATION:
        return can_see(user, operator)
    if user.role == Role.INSPECTOR:
        return _has_task_on(user, operator)
    return False


@rules.predicate
def declares_conflict(user, operator) -> bool:
    """An inspector may declare a conflict of interest with any operator he might be drawn
    for, his tasks or not."""
    return _active(user) and user.role == Role.INSPECTOR


@rules.predicate
def sees_task_contacts(user, inspection) -> bool:
    """Unmasked contact phones on an inspection task: whoever may see the operator's personal
    data, and the inspectors assigned to the task (they have to reach the place)."""
    if not _active(user) or inspection is None:
        return False
    if may_see_personal_data(user, inspection.operator):
        return True
    return user.role == Role.INSPECTOR and inspection.inspectors.filter(pk=user.pk).exists()


rules.add_perm("supervision.view_operator_file", opens_operator_file)
rules.add_perm("supervision.declare_conflict", declares_conflict)
rules.add_perm("supervision.see_task_contacts", sees_task_contacts)


# --- credit lists (veto situation 6) --------------------------------------------------------
# Imported here, not at the top: this section is added apart from the conversion above.
from fangxin.core.permissions import is_office  # noqa: E402

# Reading the regulator's published credit lists into the system raises veto proposals for the
# whole county: the office's to do, and its to read.
rules.add_perm("supervision.import_credit_list", is_office)
rules.add_perm("supervision.view_credit_listings", is_office)
