"""Who may act on the supervision side: one named permission per action (the ``rules``
package), composed from the role predicates of ``fangxin.core.permissions``.

Asked without a row (``user.has_perm("supervision.verify_order")``) each answers for the role,
so pages decide whether to offer the action and API viewsets refuse a role up front; asked
with the row it also checks that the row is the user's to act on. Services call
``require(user, name, obj, message)``; which rows a user sees stays
``fangxin.core.scoping.visible``, and the predicates below lean on it.

The rows the permissions are asked about:

- an operator (``Operator``): risk class, watch list, targeted inspections, samples, cases,
  veto proposals, conflicts, the operator's file;
- a draw plan (``DrawPlan``, for ``create_plan`` the unsaved plan about to be made);
- an inspection, a finding, a sample, a rectification order, a case, a veto event.
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import (
    acts_as_regulator,
    in_scope,
    is_inspector,
    is_office,
    is_operator,
    is_partner,
    is_station,
    sees_as_regulator,
)
from fangxin.core.scoping import visible
from fangxin.registry.masking import may_see_personal_data

# --- row predicates (each answers yes for the role-level question, asked without a row) ----


@rules.predicate
def of_own_station(user, obj) -> bool:
    """The row belongs to the user's own station by its ``station_id`` (a draw plan, an
    inspection task): the station that made the plan, the station responsible for the task."""
    if obj is None:
        return True
    return user.station_id is not None and obj.station_id == user.station_id


@rules.predicate
def assigned_to_task(user, inspection) -> bool:
    """The user is one of the inspection's inspectors."""
    return inspection is None or inspection.inspectors.filter(pk=user.pk).exists()


@rules.predicate
def joins_inspection(user, inspection) -> bool:
    """The user's partner department takes part in this joint inspection."""
    if inspection is None:
        return True
    return (
        user.partner_department_id is not None
        and inspection.partner_departments.filter(pk=user.partner_department_id).exists()
    )


@rules.predicate
def own_operator_row(user, obj) -> bool:
    """The row is about the operator the user acts for (an order to that operator)."""
    if obj is None:
        return True
    return user.operator_id is not None and obj.operator_id == user.operator_id


@rules.predicate
def has_task_on(user, operator) -> bool:
    """An inspection of this operator is among the inspector's own tasks (the inspections an
    inspector may see are exactly those he is assigned to)."""
    from .models import Inspection

    if operator is None:
        return True
    return visible(user, Inspection).filter(operator=operator).exists()


@rules.predicate
def sees_task_contacts(user, inspection) -> bool:
    """Unmasked contact phones on an inspection task: whoever may see the operator's personal
    data, and the inspectors assigned to the task (they have to reach the place). Asked
    without a task: the regulator's roles."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if inspection is None:
        return sees_as_regulator(user)
    if may_see_personal_data(user, inspection.operator):
        return True
    return is_inspector(user) and assigned_to_task(user, inspection)


# --- the decisions, named --------------------------------------------------------------------

# The office, or the station acting inside its jurisdiction (the row's operator lies in one
# of the station's areas): everything a regulator decides about an operator's record.
in_jurisdiction = acts_as_regulator & in_scope
# The office, or the station that owns the row (a plan, an inspection task) by station_id.
owns_as_station = is_office | (is_station & of_own_station)

PERMISSIONS: dict[str, rules.Predicate] = {
    # Operators: risk class and the watch list (key supervision targets).
    "supervision.set_risk_class": in_jurisdiction,
    "supervision.add_watchentry": in_jurisdiction,
    # Random draws: make a plan, freeze its pools, run it, cancel it (the office, or the
    # station whose plan it is; a county-wide plan is the office's).
    "supervision.create_plan": owns_as_station,
    "supervision.freeze_plan": owns_as_station,
    "supervision.run_draw": owns_as_station,
    "supervision.cancel_plan": owns_as_station,
    # An inspector declares a conflict of interest with any operator he might be drawn for,
    # his tasks or not.
    "supervision.declare_conflict": is_inspector,
    # Inspections: a targeted task, recording the result (and its photos), publishing it.
    "supervision.create_inspection": in_jurisdiction,
    "supervision.record_inspection": owns_as_station | (is_inspector & assigned_to_task),
    "supervision.publish_inspection": owns_as_station,
    "supervision.add_partner_finding": is_partner & joins_inspection,
    "supervision.create_finding": in_jurisdiction,
    # Samples: taking one, recording the testing body's conclusion.
    "supervision.take_sample": in_jurisdiction,
    "supervision.record_sample_result": in_jurisdiction,
    # After a finding: interviews and guidance, rectification orders.
    "supervision.record_measure": in_jurisdiction,
    "supervision.issue_order": in_jurisdiction,
    "supervision.answer_order": is_operator & own_operator_row,
    "supervision.verify_order": in_jurisdiction,
    # Cases: opening (a clue), extending or deciding the filing, suspending, the decision.
    "supervision.open_case": in_jurisdiction,
    "supervision.extend_filing": in_jurisdiction,
    "supervision.decide_filing": in_jurisdiction,
    "supervision.suspend_case": in_jurisdiction,
    "supervision.decide_case": in_jurisdiction,
    # Veto events: a station proposes, the office decides.
    "supervision.propose_veto": in_jurisdiction,
    "supervision.decide_veto": is_office,
    # What the regulator reads: the cases, the dashboard, an inspection's internal note, the
    # place of a task (the joint departments too), the operator's supervision file (the
    # office, the operator's station, an inspector for the operators of his own tasks: draws
    # assign inspectors to other stations' operators, so his station's area is neither needed
    # nor enough) and the regulator's part of that file (records and forms, not inspectors).
    "supervision.view_cases": sees_as_regulator,
    "supervision.view_dashboard": sees_as_regulator,
    "supervision.view_internal_note": sees_as_regulator,
    "supervision.view_task_place": sees_as_regulator | is_partner,
    "supervision.view_operator_file": is_office
    | (is_station & in_scope)
    | (is_inspector & has_task_on),
    "supervision.manage_operator_file": in_jurisdiction,
    "supervision.see_task_contacts": sees_task_contacts,
    # Credit lists (veto situation 6): reading the published lists in raises veto proposals
    # for the whole county, the office's to do and its to read.
    "supervision.import_credit_list": is_office,
    "supervision.view_credit_listings": is_office,
}


for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)


def planning_station(user):
    """The station a user's draw plans belong to: a station plans for itself; the office
    chooses (None: a county-wide plan)."""
    return user.station if is_station(user) else None
