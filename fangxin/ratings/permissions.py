"""Who may act on consumer ratings, the survey and invited members: one named permission per
action (``fangxin.core.permissions``). The public side (rating, answering the survey, a member
scoring through a personal link) needs no account and is declared ``@public`` on its views."""

from __future__ import annotations

import rules

from fangxin.core.permissions import is_office

# Reading the ratings and answers with their flags (pages and API), and the members' scores.
rules.add_perm("ratings.view", is_office)
# Excluding a flagged (or any) rating or answer from the aggregates, with a reason.
rules.add_perm("ratings.exclude", is_office)
# Entering invited members, giving out their links and entering scores on their behalf.
rules.add_perm("ratings.manage_members", is_office)
