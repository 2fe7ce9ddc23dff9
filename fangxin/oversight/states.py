"""The moves of oversight's status fields (no Django here)."""

from __future__ import annotations

from fangxin.core.states import table  # noqa: F401
