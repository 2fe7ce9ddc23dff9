"""Project-level tests: behaviour that spans several apps (the home page, links between apps'
pages, the scoping gate over every app's rows, the demo county, the API's wiring).

They live here, above every app, so that no app's own tests import an app above it (the layers
contract in pyproject.toml covers tests too).
"""
