"""Oversight's models, one module per concern; each is imported here so Django finds it."""

from .lists import (  # noqa: F401
    BlackListExit,
    ListEdit,
    ListEntry,
    ListPublication,
    ListRule,
    ListSettings,
    PublicationEvent,
)
