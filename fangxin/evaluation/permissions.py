"""Who may act in evaluation: one named permission per action (see ``fangxin.core.permissions``).

The office edits rubrics, recomputes, adjusts scores by hand and reads the results; an operator
reads its own enrolments' ledgers (the rows come from ``visible()``, ``scopes.py``).
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import in_scope, is_association, is_office, is_operator

# The office owns the rubric, the scores and the results.
rules.add_perm("evaluation.edit_rubric", is_office)
rules.add_perm("evaluation.recompute", is_office)
rules.add_perm("evaluation.adjust", is_office)
rules.add_perm("evaluation.close_scoring", is_office)
# Industry evaluation (行业评议): the association scores each enrolment; the office may too.
rules.add_perm("evaluation.score_industry", is_association | is_office)
rules.add_perm("evaluation.view_results", is_office)
# A ledger: the office any; the operator its own enrolments' (in_scope checks the row).
rules.add_perm("evaluation.view_ledger", (is_office | is_operator) & in_scope)
# The operator's own scores page (its enrolments, from visible()).
rules.add_perm("evaluation.view_own_scores", is_operator)

# --- evaluation panels (考评组) ---------------------------------------------------------------

from fangxin.core.permissions import is_evaluator, is_partner  # noqa: E402


@rules.predicate
def member_of_its_panel(user, enrolment) -> bool:
    """Asked of an enrolment: the user is a member of the panel it is assigned to and has
    declared no conflict with its operator. Asked without one (role level): yes."""
    if enrolment is None:
        return True
    from fangxin.supervision import facts as supervision_facts

    from .models_panels import PanelMember

    panel = PanelMember.objects.filter(
        user_id=user.pk, panel__assignments__enrolment_id=enrolment.pk
    )
    if not panel.exists():
        return False
    conflicts = supervision_facts.declared_conflicts(
        user_ids=[user.pk], operator_ids=[enrolment.operator_id]
    )
    return not conflicts


# The office forms panels, names their members and assigns enrolments.
rules.add_perm("evaluation.manage_panels", is_office)
# Evaluators and partner departments' people score as members; on an enrolment only a member
# of its panel without a declared conflict with its operator.
rules.add_perm("evaluation.score_as_member", (is_evaluator | is_partner) & member_of_its_panel)
# The panels' API: the office all of them; members their own (rows from visible()).
rules.add_perm("evaluation.view_panels", is_office | is_evaluator | is_partner)


def panel_member_candidates():
    """The users the office may name to a panel: active evaluators and partner departments'
    people (the roles that hold ``evaluation.score_as_member``)."""
    from fangxin.core.models import User
    from fangxin.core.roles import Role

    return User.objects.filter(is_active=True, role__in=[Role.EVALUATOR, Role.PARTNER]).order_by(
        "username"
    )
