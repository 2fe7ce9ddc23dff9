"""Who may act on the public site's own content: one named permission per action (see
``fangxin.core.permissions``).

The office writes and publishes good-practice stories, reads the public's suggestions (with
the names and contacts given) and answers them. Anyone reads published stories and published
answers (public pages, no permission).
"""

from __future__ import annotations

import rules

from fangxin.core.permissions import is_office

rules.add_perm("disclosure.write_story", is_office)
rules.add_perm("disclosure.view_suggestions", is_office)
rules.add_perm("disclosure.answer_suggestion", is_office)
