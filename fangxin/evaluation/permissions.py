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
