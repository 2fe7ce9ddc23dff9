"""Who holds each ratings permission, at role level: a table to check against the plan."""

import pytest
import rules

from fangxin.core.permissions import roles_holding

EXPECTED = {
    "ratings.view": {"office"},
    "ratings.exclude": {"office"},
    "ratings.manage_members": {"office"},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_each_permission_is_held_by_the_roles_in_the_table(perm):
    assert roles_holding(perm) == EXPECTED[perm]


def test_the_table_lists_every_ratings_permission():
    registered = {name for name in rules.permissions.permissions if name.startswith("ratings.")}
    assert registered == set(EXPECTED)
