"""The moves of oversight's status fields (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table

# The red and black list: a draft is approved (or sent back to draft), then published; a
# published publication is final (and immutable at the model level).
LIST_DRAFT, LIST_APPROVED, LIST_PUBLISHED = "draft", "approved", "published"
LIST_PUBLICATION = table(
    "oversight.listpublication.status",
    {LIST_DRAFT: {LIST_APPROVED}, LIST_APPROVED: {LIST_DRAFT, LIST_PUBLISHED}},
)
