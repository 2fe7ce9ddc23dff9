"""Which red and black list rows each role sees (``fangxin.core.scoping``).

A publication is public once published; a draft never is. A station sees the periods and, in
them, only its own area's entries (drafts included); the office sees everything. Exits from the
black list are published facts. Edits, events and rules: the office only (unregistered).
"""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models.lists import BlackListExit, ListEntry, ListPublication


def _every_period(user) -> Q:
    return Q()


scoping.register(ListPublication, public=Q(status="published"), roles={Role.STATION: _every_period})
scoping.register(ListEntry, area="area", public=Q(publication__status="published", removed=False))
scoping.register(BlackListExit, area="area", public=Q())
