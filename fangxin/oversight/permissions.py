"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules

from fangxin.core import permissions as core_permissions

# -- dashboards and the summary report ------------------------------------------------------
# The office sees the county and any station; a station its own (the views hold it to it).
rules.add_perm("oversight.view_dashboard", core_permissions.acts_as_regulator)
rules.add_perm("oversight.generate_report", core_permissions.acts_as_regulator)
rules.add_perm("oversight.compare_stations", core_permissions.is_office)
