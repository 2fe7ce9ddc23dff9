"""Which evaluation rows each role sees (``fangxin.core.scoping``); imported once by the app.

The office sees everything (the gate's rule). An operator sees its own enrolments' ledger
entries and scores; rubrics are the programme's published rules, readable by every signed-in
user. Nobody else sees ledgers or scores until the panels (issue 13 item 2) give evaluators
their enrolments.
"""

from django.db.models import Q

from fangxin.core import scoping
from fangxin.core.roles import Role

from .models import LedgerEntry, Rubric, Score, ScoringClosure


def everything(user) -> Q:
    return Q()


scoping.register(Rubric, roles=dict.fromkeys(Role, everything))
scoping.register(ScoringClosure, roles=dict.fromkeys(Role, everything))
scoping.register(LedgerEntry, operator="enrolment__operator_id")
scoping.register(Score, operator="enrolment__operator_id")


# Panels (考评组): an evaluator or a partner department's member sees the panels he sits on and
# his own score sheets; the office everything.
from .models_panels import Panel, PanelScore  # noqa: E402


def own_panels(user) -> Q:
    return Q(members__user=user)


def own_scores(user) -> Q:
    return Q(member=user)


scoping.register(Panel, roles={Role.EVALUATOR: own_panels, Role.PARTNER: own_panels})
scoping.register(PanelScore, roles={Role.EVALUATOR: own_scores, Role.PARTNER: own_scores})
