"""The moves of oversight's status fields (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

# Public-opinion incidents (issue 16 item 5): the office judges a recorded incident; only one
# of major social impact leads to an interview (约谈) with an order; a closed one is final.
INCIDENT_RECORDED, INCIDENT_MAJOR, INCIDENT_NOT_MAJOR = "recorded", "major", "not_major"
INCIDENT_INTERVIEWED, INCIDENT_CLOSED = "interviewed", "closed"
INCIDENT = table(
    "oversight.incident.status",
    {
        INCIDENT_RECORDED: {INCIDENT_MAJOR, INCIDENT_NOT_MAJOR},
        INCIDENT_MAJOR: {INCIDENT_INTERVIEWED},
        INCIDENT_INTERVIEWED: {INCIDENT_CLOSED},
        INCIDENT_NOT_MAJOR: {INCIDENT_CLOSED},
    },
)
# The red and black list: a draft is approved (or sent back to draft), then published; a
# published publication is final (and immutable at the model level).
LIST_DRAFT, LIST_APPROVED, LIST_PUBLISHED = "draft", "approved", "published"
LIST_PUBLICATION = table(
    "oversight.listpublication.status",
    {LIST_DRAFT: {LIST_APPROVED}, LIST_APPROVED: {LIST_DRAFT, LIST_PUBLISHED}},
)
