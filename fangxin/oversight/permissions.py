"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules

from fangxin.core import permissions as core_permissions

# The red and black list: the office drafts, edits, approves and publishes, sets the rules and
# records exits; a station reads its own area's drafts and exports a publication.
_lists_readers = core_permissions.is_office | core_permissions.is_station
rules.add_perm("oversight.view_lists", _lists_readers)
rules.add_perm("oversight.export_lists", _lists_readers)
rules.add_perm("oversight.draft_lists", core_permissions.is_office)
rules.add_perm("oversight.edit_lists", core_permissions.is_office)
rules.add_perm("oversight.approve_lists", core_permissions.is_office)
rules.add_perm("oversight.publish_lists", core_permissions.is_office)
rules.add_perm("oversight.set_list_rules", core_permissions.is_office)
rules.add_perm("oversight.record_list_exit", core_permissions.is_office)
