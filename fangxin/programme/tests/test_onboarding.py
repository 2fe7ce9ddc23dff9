"""Onboarding: confirming an application enrols while a campaign takes operators (or says
exactly what was not done), late enrolment needs a reason, "enrol all" asks first, live-stream
needs a fixed studio, and a credit code from another county is a warning."""

import pytest
from django.contrib.messages import get_messages

from fangxin.core.roles import Role
from fangxin.programme.models import Enrolment, PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.registry.uscc import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied():
    return OperatorFactory(
        name="待确认直播团购公司",
        livestream=True,
        group_buying=True,
        status=Operator.Status.APPLIED,
    )


def _texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _confirm(client, operator):
    return client.post(f"/programme/applications/{operator.pk}/confirm/")


def test_confirming_during_mobilisation_enrols_every_kind(client, campaign, applied, make_user):
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    client.force_login(make_user(Role.STATION, station=applied.area.station))
    texts = _texts(_confirm(client, applied))
    assert Operator.objects.get(pk=applied.pk).status == Operator.Status.ACTIVE
    assert set(
        Enrolment.objects.filter(operator=applied, status="enrolled").values_list("kind", flat=True)
    ) == {"livestream", "group_buying"}
    assert any(f"已纳入{campaign.year}年度培育对象名单：直播营销、社区团购" in t for t in texts)


def test_confirming_says_what_was_not_done(client, campaign, make_user):
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    nomad = OperatorFactory(
        livestream=True,
        group_buying=True,
        status=Operator.Status.APPLIED,
        fixed_studio=False,
        uscc=make("91330523MA0000001"),  # registered in Anji, not Changxing
    )
    client.force_login(make_user(Role.STATION, station=nomad.area.station))
    texts = _texts(_confirm(client, nomad))
    assert list(Enrolment.objects.values_list("kind", flat=True)) == ["group_buying"]
    assert any("未纳入" in t and "直播营销" in t and "固定直播场所" in t for t in texts)
    assert any("330523" in t and "330522" in t for t in texts)
    assert Operator.objects.get(pk=nomad.pk).status == Operator.Status.ACTIVE


def test_confirming_after_mobilisation_leaves_enrolment_to_the_station(
    client, campaign, applied, make_user, django_capture_on_commit_callbacks
):
    make_user(Role.OPERATOR, operator=applied)  # the applicant's account gets the notice
    client.force_login(make_user(Role.STATION, station=applied.area.station))
    with django_capture_on_commit_callbacks(execute=True):
        texts = _texts(_confirm(client, applied))  # the fixture is in self-inspection
    assert Operator.objects.get(pk=applied.pk).status == Operator.Status.ACTIVE
    assert not Enrolment.objects.exists()
    assert any("未自动纳入" in t and "补录原因" in t for t in texts)
    # Walk of issue 11: the timeline and the operator's notice said "纳入培育对象名单" (the
    # year's list) although nothing was enrolled.
    from fangxin.core.models import Notification
    from fangxin.registry.models import OperatorEvent

    said = [e.summary for e in OperatorEvent.objects.filter(operator=applied)]
    said += [n.body for n in Notification.objects.all()]
    assert len(said) == 2 and not any("名单" in s for s in said)
    assert all("培育对象库" in s for s in said)


def test_confirming_late_with_a_reason_enrols(client, campaign, applied, make_user):
    client.force_login(make_user(Role.STATION, station=applied.area.station))
    response = client.post(
        f"/programme/applications/{applied.pk}/confirm/", {"reason": "申请于动员阶段提交，审核延误"}
    )
    assert any("已纳入" in t for t in _texts(response))
    assert set(Enrolment.objects.values_list("late_reason", flat=True)) == {
        "申请于动员阶段提交，审核延误"
    }
    assert Enrolment.objects.count() == 2


def test_confirming_for_another_station_is_404(client, applied, make_user):
    client.force_login(make_user(Role.STATION))
    assert _confirm(client, applied).status_code == 404
    assert Operator.objects.get(pk=applied.pk).status == Operator.Status.APPLIED


def test_enrol_all_shows_how_many_and_asks_first(client, campaign, make_user):
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    mine = OperatorFactory(name="本所甲")
    OperatorFactory(name="本所乙", area=mine.area)
    OperatorFactory(name="本所无固定直播间", area=mine.area, fixed_studio=False)
    OperatorFactory(name="他所丙")
    client.force_login(make_user(Role.STATION, station=mine.area.station))
    url = f"/programme/{campaign.year}/enrolments/"
    page = client.post(url, {"kind": "livestream"})
    body = page.content.decode()
    assert page.status_code == 200
    assert not Enrolment.objects.exists()  # nothing yet: a count and a question
    assert "将纳入 2 家经营主体" in body and 'id="confirm-enrol"' in body
    assert "本所无固定直播间" in body and "固定直播场所" in body
    assert "他所丙" not in body
    done = client.post(url, {"kind": "livestream", "area": "", "reason": "", "confirm": "1"})
    assert "已纳入2家（直播营销）。" in _texts(done)
    assert Enrolment.objects.count() == 2


def test_enrol_one_by_credit_code_goes_straight_and_explains_a_refusal(client, campaign, make_user):
    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    nomad = OperatorFactory(name="流动主播", fixed_studio=False)
    client.force_login(make_user(Role.STATION, station=nomad.area.station))
    response = client.post(
        f"/programme/{campaign.year}/enrolments/", {"kind": "livestream", "uscc": nomad.uscc}
    )
    assert response.status_code == 302
    assert any("未纳入流动主播" in t and "固定直播场所" in t for t in _texts(response))
    assert not Enrolment.objects.exists()


def test_late_enrolment_from_the_page_needs_a_reason(client, campaign, make_user):
    operator = OperatorFactory(name="补录主体")
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    url = f"/programme/{campaign.year}/enrolments/"
    assert 'id="enrolment-late"' in client.get(url).content.decode()
    refused = client.post(url, {"kind": "livestream", "uscc": operator.uscc})
    assert any("补录原因" in t for t in _texts(refused))
    assert not Enrolment.objects.exists()
    client.post(url, {"kind": "livestream", "uscc": operator.uscc, "reason": "7月新开直播间"})
    assert Enrolment.objects.get().late_reason == "7月新开直播间"
    assert "7月新开直播间" in client.get(url).content.decode()


def test_region_code_is_a_warning_on_the_operator_page(client, make_user, settings):
    outsider = OperatorFactory(uscc=make("91330523MA0000002"))
    station = make_user(Role.STATION, station=outsider.area.station)
    client.force_login(station)
    body = client.get(f"/registry/operators/{outsider.pk}/").content.decode()
    assert "330523" in body and "不是本县的330522" in body
    settings.FANGXIN_COUNTY_REGION_CODE = "330523"
    body = client.get(f"/registry/operators/{outsider.pk}/").content.decode()
    assert "uscc-warning" not in body


def test_region_code_is_characters_three_to_eight():
    from fangxin.registry import uscc
    from fangxin.registry.validators import uscc_region_warnings

    assert uscc.region_code(make("91330522MA0000003")) == "330522"
    assert uscc_region_warnings(make("91330522MA0000003")) == []
    assert uscc_region_warnings("not a code") == []  # the code's own errors are said elsewhere
