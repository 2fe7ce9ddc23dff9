"""Who may do what with the public site's own content, as one table a reader can check."""

from __future__ import annotations

from fangxin.core.permissions import roles_holding

EXPECTED = {
    # Good-practice stories: the office writes, publishes and takes them back.
    "disclosure.write_story": {"office"},
    # The public's suggestions, with the names and contacts given: the office reads and answers.
    "disclosure.view_suggestions": {"office"},
    "disclosure.answer_suggestion": {"office"},
}


def test_the_permission_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("disclosure.")}
    assert registered == set(EXPECTED)
    assert {perm: roles_holding(perm) for perm in EXPECTED} == EXPECTED
