"""Oversight's models, one module per concern; each is imported here so Django finds it."""

from .targets import Punishment, ResultWatch, RiskClassRecord  # noqa: F401 - issue 16 items 2-4
