"""Oversight's models, one module per concern; each is imported here so Django finds it."""
