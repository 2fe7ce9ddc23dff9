from datetime import date, timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.programme import services
from fangxin.programme.models import PHASE_ORDER, Campaign, Enrolment, Kind, Phase, PhaseCode
from fangxin.registry.models import Operator
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/v1/campaigns/"
ENROLMENTS = "/api/v1/enrolments/"


def schedule(campaign: Campaign, open_code: str) -> None:
    """Move the phases so that ``open_code`` runs from yesterday to ten days on and the others
    lie before and after it, in order, without overlapping."""
    today = timezone.localdate()
    here = PHASE_ORDER.index(open_code)
    for index, code in enumerate(PHASE_ORDER):
        starts_on = today - timedelta(days=1) + timedelta(days=20 * (index - here))
        Phase.objects.filter(campaign=campaign, code=code).update(
            starts_on=starts_on, ends_on=starts_on + timedelta(days=11), extended_to=None
        )


def next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def office(make_user):
    return make_user(Role.OFFICE)


@pytest.fixture
def campaign(office):
    campaign = services.create_campaign(office, timezone.localdate().year)
    schedule(campaign, PhaseCode.SELF_INSPECTION)
    return campaign


# --- campaigns -------------------------------------------------------------------------------


def test_anonymous_gets_401(client, campaign):
    assert client.get(CAMPAIGNS).status_code == 401
    assert client.get(f"{CAMPAIGNS}{campaign.pk}/").status_code == 401
    assert post(client, CAMPAIGNS, {"year": 2040}).status_code == 401
    assert client.get(ENROLMENTS).status_code == 401
    assert post(client, f"{ENROLMENTS}apply/").status_code == 401


def test_any_signed_in_user_reads_campaigns_with_phases(client, make_user, campaign):
    client.force_login(make_user(Role.OPERATOR))
    response = client.get(CAMPAIGNS)
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    assert row["year"] == campaign.year
    assert [p["code"] for p in row["phases"]] == PHASE_ORDER
    today = timezone.localdate()
    open_phase = next(p for p in row["phases"] if p["code"] == PhaseCode.SELF_INSPECTION)
    assert open_phase == {
        "code": "self_inspection",
        "label": "自查自纠",
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
        "extended_to": None,
        "extension_reason": "",
        "effective_end": (today + timedelta(days=10)).isoformat(),
        "is_open_today": True,
    }
    assert [p["is_open_today"] for p in row["phases"]].count(True) == 1
    assert row["current_phase"]["code"] == "self_inspection"

    detail = client.get(f"{CAMPAIGNS}{campaign.pk}/")
    assert detail.status_code == 200
    assert detail.json()["current_phase"]["code"] == "self_inspection"
    assert client.get(f"{CAMPAIGNS}999999/").status_code == 404


def test_current_phase_is_null_between_phases(client, make_user, campaign):
    Phase.objects.filter(campaign=campaign).update(
        starts_on=timezone.localdate() + timedelta(days=5)
    )
    client.force_login(make_user(Role.STATION))
    assert client.get(f"{CAMPAIGNS}{campaign.pk}/").json()["current_phase"] is None


def test_office_creates_a_campaign(client, office):
    client.force_login(office)
    response = post(client, CAMPAIGNS, {"year": 2031})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2031
    assert body["name"] == "2031年度长兴放心电商示范培育"
    assert [p["code"] for p in body["phases"]] == PHASE_ORDER
    assert body["phases"][0]["starts_on"] == "2031-06-01"
    assert Campaign.objects.get(pk=body["id"]).phases.count() == 5

    again = post(client, CAMPAIGNS, {"year": 2031})
    assert again.status_code == 400
    assert "2031" in again.json()["errors"]["year"][0]

    assert post(client, CAMPAIGNS, {}).json()["errors"].keys() == {"year"}
    campaign = f"{CAMPAIGNS}{body['id']}/"
    assert client.put(campaign, {}, content_type="application/json").status_code == 405
    assert client.delete(campaign).status_code == 405


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.MONITOR])
def test_only_the_office_creates_copies_and_extends(client, make_user, campaign, role):
    client.force_login(make_user(role))
    response = post(client, CAMPAIGNS, {"year": 2040})
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert post(client, f"{CAMPAIGNS}{campaign.pk}/copy/").status_code == 403
    extend = f"{CAMPAIGNS}{campaign.pk}/phases/self_inspection/extend/"
    assert post(client, extend, {"until": "2099-01-01", "reason": "x"}).status_code == 403
    assert Campaign.objects.count() == 1
    assert Phase.objects.get(campaign=campaign, code="self_inspection").extended_to is None


def test_office_copies_a_campaign(client, office, campaign):
    client.force_login(office)
    response = post(client, f"{CAMPAIGNS}{campaign.pk}/copy/")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == campaign.year + 1
    assert body["copied_from"] == campaign.pk
    assert body["guide"] != campaign.guide_id
    assert body["guide_version"] == campaign.guide.version + 1
    source = {p.code: p.starts_on for p in campaign.phases.all()}
    for phase in body["phases"]:
        assert phase["starts_on"] == next_year(source[phase["code"]]).isoformat()

    chosen = post(client, f"{CAMPAIGNS}{campaign.pk}/copy/", {"year": campaign.year + 5})
    assert chosen.status_code == 201
    assert chosen.json()["year"] == campaign.year + 5

    taken = post(client, f"{CAMPAIGNS}{campaign.pk}/copy/", {"year": campaign.year + 5})
    assert taken.status_code == 400
    assert "year" in taken.json()["errors"]
    assert post(client, f"{CAMPAIGNS}999999/copy/").status_code == 404


def test_office_extends_a_phase(client, office, campaign):
    client.force_login(office)
    phase = campaign.phase(PhaseCode.SELF_INSPECTION)
    url = f"{CAMPAIGNS}{campaign.pk}/phases/self_inspection/extend/"
    until = phase.ends_on + timedelta(days=7)

    response = post(client, url, {"until": until.isoformat(), "reason": "  迟交较多  "})
    assert response.status_code == 200, response.content
    assert response.json()["extended_to"] == until.isoformat()
    assert response.json()["effective_end"] == until.isoformat()
    assert response.json()["extension_reason"] == "迟交较多"
    phase.refresh_from_db()
    assert (phase.extended_to, phase.extension_reason) == (until, "迟交较多")

    too_early = post(client, url, {"until": phase.ends_on.isoformat(), "reason": "x"})
    assert too_early.status_code == 400
    assert too_early.json()["errors"].keys() == {"until"}

    no_reason = post(client, url, {"until": until.isoformat(), "reason": "   "})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["errors"]

    assert post(client, url.replace("self_inspection", "nonsense"), {}).status_code == 404


# --- enrolments ------------------------------------------------------------------------------


@pytest.fixture
def operators():
    """Operators in two stations' areas: the first station has an active livestream operator,
    a group-buying-only one, a suspended one, and the second station one active operator."""
    area = AreaFactory()
    mine = OperatorFactory(name="本所直播主体", area=area)
    group_only = OperatorFactory(
        name="本所团购主体", area=area, livestream=False, group_buying=True
    )
    suspended = OperatorFactory(name="本所暂停主体", area=area, status=Operator.Status.SUSPENDED)
    theirs = OperatorFactory(name="他所直播主体")
    return mine, group_only, suspended, theirs


def test_station_enrols_only_its_own_active_operators(client, make_user, campaign, operators):
    schedule(campaign, PhaseCode.MOBILISATION)  # on time: no reason needed
    mine, group_only, suspended, theirs = operators
    station = make_user(Role.STATION, station=mine.area.station)
    client.force_login(station)
    ids = [o.pk for o in operators]
    response = post(
        client, ENROLMENTS, {"campaign": campaign.pk, "kind": "livestream", "operators": ids}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 1,
        "not_enrolled": [group_only.pk, suspended.pk, theirs.pk],
    }
    assert list(Enrolment.objects.values_list("operator", "kind", "status")) == [
        (mine.pk, "livestream", "enrolled")
    ]

    # Enrolling again creates nothing.
    again = post(
        client, ENROLMENTS, {"campaign": campaign.pk, "kind": "livestream", "operators": ids}
    )
    assert again.json()["created"] == 0

    group = post(
        client, ENROLMENTS, {"campaign": campaign.pk, "kind": "group_buying", "operators": ids}
    )
    assert group.json() == {"created": 1, "not_enrolled": [mine.pk, suspended.pk, theirs.pk]}


def test_a_station_enrolling_late_must_give_a_reason(client, make_user, campaign, operators):
    """The campaign fixture is in its self-inspection phase: mobilisation is over."""
    mine = operators[0]
    client.force_login(make_user(Role.STATION, station=mine.area.station))
    body = {"campaign": campaign.pk, "kind": "livestream", "operators": [mine.pk]}
    refused = post(client, ENROLMENTS, body)
    assert refused.status_code == 400
    assert "补录原因" in refused.json()["errors"]["reason"][0]
    assert not Enrolment.objects.exists()
    late = post(client, ENROLMENTS, {**body, "reason": "新开直播间，经所务会研究补录"})
    assert late.json() == {"created": 1, "not_enrolled": []}
    assert Enrolment.objects.get().late_reason == "新开直播间，经所务会研究补录"
    assert "补录原因：新开直播间" in mine.events.get(kind="enrolled").summary


def test_live_stream_without_a_fixed_studio_is_not_enrolled(client, office, campaign):
    nomad = OperatorFactory(name="流动直播主体", fixed_studio=False)
    client.force_login(office)
    response = post(
        client, ENROLMENTS, {"campaign": campaign.pk, "kind": "livestream", "operators": [nomad.pk]}
    )
    assert response.json() == {"created": 0, "not_enrolled": [nomad.pk]}


def test_office_enrols_anywhere(client, office, campaign, operators):
    mine, _group_only, _suspended, theirs = operators
    client.force_login(office)
    response = post(
        client,
        ENROLMENTS,
        {"campaign": campaign.pk, "kind": "livestream", "operators": [mine.pk, theirs.pk]},
    )
    assert response.json() == {"created": 2, "not_enrolled": []}


def test_enrol_input_is_checked(client, make_user, campaign, operators):
    client.force_login(make_user(Role.STATION, station=operators[0].area.station))
    bad = post(client, ENROLMENTS, {"campaign": 999999, "kind": "other", "operators": []})
    assert bad.status_code == 400
    assert bad.json()["errors"].keys() == {"campaign", "kind", "operators"}


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.OPERATOR, Role.MONITOR])
def test_other_roles_may_not_enrol(client, make_user, campaign, operators, role):
    client.force_login(make_user(role))
    response = post(
        client,
        ENROLMENTS,
        {"campaign": campaign.pk, "kind": "livestream", "operators": [operators[0].pk]},
    )
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_enrolment_list_is_scoped_and_filtered(client, make_user, office, campaign, operators):
    mine, group_only, _suspended, theirs = operators
    services.enrol(office, campaign, [mine, theirs], Kind.LIVESTREAM)
    services.enrol(office, campaign, [group_only], Kind.GROUP_BUYING)
    Enrolment.objects.filter(operator=theirs).update(status=Enrolment.Status.WITHDRAWN)

    def operator_ids(**query):
        response = client.get(ENROLMENTS, query)
        assert response.status_code == 200, response.content
        return {row["operator"] for row in response.json()["results"]}

    client.force_login(office)
    assert operator_ids() == {mine.pk, group_only.pk, theirs.pk}
    assert operator_ids(kind="group_buying") == {group_only.pk}
    assert operator_ids(status="withdrawn") == {theirs.pk}
    assert operator_ids(operator=mine.pk) == {mine.pk}
    assert operator_ids(campaign=campaign.pk + 1) == set()
    assert client.get(ENROLMENTS, {"kind": "nonsense"}).status_code == 400

    client.force_login(make_user(Role.STATION, station=mine.area.station))
    assert operator_ids() == {mine.pk, group_only.pk}
    theirs_enrolment = Enrolment.objects.get(operator=theirs)
    assert client.get(f"{ENROLMENTS}{theirs_enrolment.pk}/").status_code == 404

    client.force_login(make_user(Role.OPERATOR, operator=mine))
    response = client.get(ENROLMENTS)
    [row] = response.json()["results"]
    assert row["operator"] == mine.pk
    assert row["operator_name"] == "本所直播主体"
    assert row["kind_label"] == "直播营销"
    assert row["status"] == "enrolled"
    assert row["self_inspection"] is None

    # Outside roles see enrolled operators only.
    client.force_login(make_user(Role.MONITOR))
    assert operator_ids() == {mine.pk, group_only.pk}


def test_operator_applies_during_mobilisation_only(client, make_user, campaign, operators):
    mine = operators[0]
    client.force_login(make_user(Role.OPERATOR, operator=mine))

    outside = post(client, f"{ENROLMENTS}apply/", {"campaign": campaign.pk, "kind": "livestream"})
    assert outside.status_code == 400
    [message] = outside.json()["errors"]["non_field_errors"]
    assert "动员部署" in message
    assert not Enrolment.objects.exists()

    schedule(campaign, PhaseCode.MOBILISATION)
    applied = post(client, f"{ENROLMENTS}apply/", {"campaign": campaign.pk, "kind": "livestream"})
    assert applied.status_code == 201, applied.content
    assert applied.json()["status"] == "applied"
    assert applied.json()["operator"] == mine.pk

    again = post(client, f"{ENROLMENTS}apply/", {"campaign": campaign.pk, "kind": "livestream"})
    assert again.status_code == 200
    assert again.json()["id"] == applied.json()["id"]

    not_registered = post(
        client, f"{ENROLMENTS}apply/", {"campaign": campaign.pk, "kind": "group_buying"}
    )
    assert not_registered.status_code == 400


def test_only_operators_apply(client, make_user, campaign):
    schedule(campaign, PhaseCode.MOBILISATION)
    client.force_login(make_user(Role.STATION))
    response = post(client, f"{ENROLMENTS}apply/", {"campaign": campaign.pk, "kind": "livestream"})
    assert response.status_code == 403


def test_schema_documents_the_programme_api(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    for path in (
        b"/api/v1/campaigns/:",
        b"/api/v1/campaigns/{id}/:",
        b"/api/v1/campaigns/{id}/copy/:",
        b"/api/v1/campaigns/{id}/phases/{code}/extend/:",
        b"/api/v1/enrolments/:",
        b"/api/v1/enrolments/{id}/:",
        b"/api/v1/enrolments/apply/:",
    ):
        assert path in schema.content
