"""The moves of titles' status fields: objections and titles (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

OPEN, UPHELD, DISMISSED = "open", "upheld", "dismissed"

# The office resolves each objection once, with a reason.
OBJECTION = table("titles.objection.status", {OPEN: {UPHELD, DISMISSED}})

VALID, REVOKED, EXPIRED = "valid", "revoked", "expired"

# A title is revoked on a confirmed veto or expires after its validity. Only the office
# reverses a revocation (the case was overturned), with a reason; an expired title is final.
TITLE = table("titles.title.status", {VALID: {REVOKED, EXPIRED}, REVOKED: {VALID}})

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

# The office checks an operator's reply once: published, or refused with a reason.
REPLY = table("titles.reply.status", {PENDING: {APPROVED, REJECTED}})

GRANTED, REFUSED = "granted", "refused"

# The office decides a re-evaluation request once, with a reason.
REEVALUATION = table("titles.reevaluation.status", {OPEN: {GRANTED, REFUSED}})
