"""Who may act in titles: one named permission per action (see ``fangxin.core.permissions``).

The office publishes the notice, resolves objections, awards, confirms vetoes (which revokes)
and reads the objectors; an operator reads and prints its own certificates. Anyone may read the
published notices and verify a certificate (public pages, no permission).
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import in_scope, is_office, is_operator

rules.add_perm("titles.publish_notice", is_office)
rules.add_perm("titles.resolve_objection", is_office)
# The objectors' names and phones: the office only.
rules.add_perm("titles.view_objections", is_office)
rules.add_perm("titles.award", is_office)
# Confirming (or rejecting) a veto event: the office; a confirmation revokes the holder's title.
rules.add_perm("titles.confirm_veto", is_office)
# The register of titles, and reversing a revocation (with a reason): the office.
rules.add_perm("titles.view_titles", is_office)
rules.add_perm("titles.reinstate", is_office)
# A certificate: the office any (to reprint); the operator its own (in_scope checks the row).
# An operator's own titles page (its titles come from visible()).
rules.add_perm("titles.view_own_titles", is_operator)
rules.add_perm("titles.view_certificate", (is_office | is_operator) & in_scope)
# The right to reply: an operator replies beside its own result or title; the office approves
# (or refuses) it before it is shown on the verification page.
rules.add_perm("titles.reply", is_operator & in_scope)
rules.add_perm("titles.decide_reply", is_office)
# Re-evaluation: an operator asks (its own enrolment, once per campaign) and follows it; the
# office lists and decides.
rules.add_perm("titles.request_reevaluation", is_operator & in_scope)
rules.add_perm("titles.decide_reevaluation", is_office)
