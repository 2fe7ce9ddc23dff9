"""Which titles rows each role sees (``fangxin.core.scoping``); imported once by the app.

A notice and its candidate lines exist only once published (publishing creates them), so they
are public; withdrawn candidates are left out of the public pages by the views. Titles are
public too (anyone verifies a certificate); an operator sees its own. Objections (the objector's
name and phone) are unregistered: the office only.
"""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models import Candidate, Notice, Reevaluation, ReevaluationEvidence, Reply, Title, TitleEvent


def everything(user) -> Q:
    return Q()


scoping.register(Notice, public=Q(), roles=dict.fromkeys(Role, everything))
scoping.register(Candidate, public=Q(), roles=dict.fromkeys(Role, everything))
scoping.register(Title, public=Q(), operator="operator_id")
scoping.register(TitleEvent, operator="title__operator_id")
# A reply is public once the office approved it; the operator sees its own.
scoping.register(Reply, public=Q(status="approved"), operator="operator_id")
# A re-evaluation and its files: the operator its own, the office all.
scoping.register(Reevaluation, operator="operator_id")
scoping.register(ReevaluationEvidence, operator="reevaluation__operator_id")
