"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules  # noqa: F401

from fangxin.core import permissions as core_permissions  # noqa: F401
