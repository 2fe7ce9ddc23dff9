import pytest

from fangxin.core.roles import Role
from fangxin.programme import services as programme
from fangxin.registry.tests.factories import OperatorFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake but well-formed enough for a type check\n"


@pytest.fixture
def enrolled(campaign, office, make_user):
    """(operator user, station user, enrolment) for a live-stream operator."""
    operator = OperatorFactory(livestream=True)
    programme.enrol(office, campaign, [operator], "livestream")
    enrolment = operator.enrolments.get()
    return (
        make_user(Role.OPERATOR, operator=operator),
        make_user(Role.STATION, station=operator.area.station),
        enrolment,
    )


def complete_answers(inspection, non_compliant_first=False, target=None):
    from fangxin.selfcheck.models import Answer

    data = {}
    for n, answer in enumerate(inspection.answers.order_by("pk")):
        if non_compliant_first and n == 0:
            data[answer.pk] = {
                "result": Answer.Result.NON_COMPLIANT,
                "plan": "整改",
                "target_date": target,
            }
        else:
            data[answer.pk] = {"result": Answer.Result.COMPLIANT}
    return data
