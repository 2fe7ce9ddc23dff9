"""Who may act in oversight: one named permission per action (see ``fangxin.core.permissions``);
the table a reader can check is ``tests/test_permission_table.py``."""

from __future__ import annotations

import rules

from fangxin.core import permissions as core_permissions  # noqa: F401

# --- public-opinion incidents and publicity (issue 16 items 5 and 6) --------------------------
from fangxin.core.permissions import (
    acts_as_regulator as _acts_as_regulator,
)
from fangxin.core.permissions import in_scope as _in_scope
from fangxin.core.permissions import is_office as _is_office

# A station records incidents about operators of its own area, the office about any; the office
# alone judges whether an incident has a major social impact (the county's decision); the
# station or the office then holds the interview and closes the incident.
rules.add_perm("oversight.view_incidents", _acts_as_regulator & _in_scope)
rules.add_perm("oversight.record_incident", _acts_as_regulator & _in_scope)
rules.add_perm("oversight.judge_incident", _is_office)
rules.add_perm("oversight.hold_interview", _acts_as_regulator & _in_scope)
rules.add_perm("oversight.close_incident", _acts_as_regulator & _in_scope)
# Publicity activities, meetings and field visits: a station keeps its own, the office the
# county's and every station's.
rules.add_perm("oversight.view_publicity", _acts_as_regulator & _in_scope)
rules.add_perm("oversight.manage_publicity", _acts_as_regulator & _in_scope)
# Choosing a record's station (or none: the county): the office; a station's records are its own.
rules.add_perm("oversight.choose_record_station", _is_office)
