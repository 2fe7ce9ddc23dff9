"""Which self-inspection rows each role sees (``fangxin.core.scoping``); imported once by the
app."""

from fangxin.core import scoping

from .models import Answer, Evidence, SelfInspection

scoping.register(
    SelfInspection, area="enrolment__operator__area", operator="enrolment__operator_id"
)
scoping.register(
    Answer,
    area="inspection__enrolment__operator__area",
    operator="inspection__enrolment__operator_id",
)
scoping.register(
    Evidence,
    area="answer__inspection__enrolment__operator__area",
    operator="answer__inspection__enrolment__operator_id",
)
