"""Who holds each evaluation permission, at role level: a table to check against the plan."""

import pytest
import rules

from fangxin.core.permissions import roles_holding

EXPECTED = {
    "evaluation.edit_rubric": {"office"},
    "evaluation.recompute": {"office"},
    "evaluation.adjust": {"office"},
    "evaluation.close_scoring": {"office"},
    "evaluation.view_results": {"office"},
    "evaluation.score_industry": {"office", "association"},
    "evaluation.view_ledger": {"office", "operator"},
    "evaluation.view_own_scores": {"operator"},
    "evaluation.manage_panels": {"office"},
    "evaluation.score_as_member": {"evaluator", "partner"},
    "evaluation.view_panels": {"office", "evaluator", "partner"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_permission_is_held_by_the_roles_in_the_table(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_the_table_lists_every_evaluation_permission():
    registered = {name for name in rules.permissions.permissions if name.startswith("evaluation.")}
    assert registered == set(EXPECTED)
