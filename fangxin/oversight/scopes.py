"""Which oversight rows each role sees (``fangxin.core.scoping``); imported once by the app.
Each concern registers its models in its own module, imported here."""

from . import lists_scopes  # noqa: F401 - the red and black list
