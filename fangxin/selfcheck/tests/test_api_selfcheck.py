from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.programme import guides
from fangxin.programme import services as programme
from fangxin.programme.models import PHASE_ORDER, Enrolment, Kind, Phase, PhaseCode
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck import services
from fangxin.selfcheck.models import Answer, SelfInspection

pytestmark = pytest.mark.django_db

URL = "/api/v1/self-inspections/"


def schedule(campaign, open_code: str) -> None:
    """``open_code`` runs from yesterday to ten days on; the other phases lie around it."""
    today = timezone.localdate()
    here = PHASE_ORDER.index(open_code)
    for index, code in enumerate(PHASE_ORDER):
        starts_on = today - timedelta(days=1) + timedelta(days=20 * (index - here))
        Phase.objects.filter(campaign=campaign, code=code).update(
            starts_on=starts_on, ends_on=starts_on + timedelta(days=11), extended_to=None
        )


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def detail(inspection_id) -> str:
    return f"{URL}{inspection_id}/"


class World:
    """A campaign in its self-inspection phase and two operators, each in another station's
    jurisdiction, both enrolled for livestream."""

    def __init__(self, make_user):
        self.office = make_user(Role.OFFICE)
        self.campaign = programme.create_campaign(self.office, timezone.localdate().year)
        schedule(self.campaign, PhaseCode.SELF_INSPECTION)
        self.operator = OperatorFactory(name="自查主体")
        self.other = OperatorFactory(name="他所主体")
        self.operator_user = make_user(Role.OPERATOR, operator=self.operator)
        self.other_user = make_user(Role.OPERATOR, operator=self.other)
        self.station = make_user(Role.STATION, station=self.operator.area.station)
        self.other_station = make_user(Role.STATION, station=self.other.area.station)
        programme.enrol(self.office, self.campaign, [self.operator, self.other], Kind.LIVESTREAM)
        self.enrolment = Enrolment.objects.get(operator=self.operator)
        self.other_enrolment = Enrolment.objects.get(operator=self.other)
        self.items = list(
            guides.requirements_for(self.campaign.guide, Kind.LIVESTREAM).values_list(
                "code", flat=True
            )
        )


@pytest.fixture
def world(make_user):
    return World(make_user)


@pytest.fixture
def started(client, world):
    """The operator has started its self-inspection through the API; returns its body."""
    client.force_login(world.operator_user)
    response = post(client, f"{URL}start/", {"enrolment": world.enrolment.pk})
    assert response.status_code == 201, response.content
    return response.json()


def complete(answers, today) -> dict:
    """Every item answered: the first non-compliant (with plan and deadline), others compliant."""
    first, *rest = answers
    data = {
        str(first["id"]): {
            "result": "non_compliant",
            "note": "亮照不全",
            "plan": "补齐亮照",
            "target_date": (today + timedelta(days=20)).isoformat(),
        }
    }
    data.update({str(a["id"]): {"result": "compliant"} for a in rest})
    return {"answers": data}


def test_anonymous_gets_401(client, world):
    assert client.get(URL).status_code == 401
    assert post(client, f"{URL}start/", {"enrolment": world.enrolment.pk}).status_code == 401


def test_operator_starts_one_answer_per_item(client, world, started):
    assert started["status"] == "draft"
    assert started["editable"] is True
    assert started["operator"] == world.operator.pk
    assert started["campaign"] == world.campaign.pk
    assert started["kind"] == "livestream"
    assert [a["requirement"] for a in started["answers"]] == world.items
    assert (started["answered"], started["total"]) == (0, len(world.items))
    first = started["answers"][0]
    assert first["area"] == "准入资质合规"
    assert first["text"]
    assert first["result"] is None
    assert first["evidence"] == []

    again = post(client, f"{URL}start/", {"enrolment": world.enrolment.pk})
    assert again.status_code == 200
    assert again.json()["id"] == started["id"]
    assert SelfInspection.objects.count() == 1


def test_start_needs_the_operators_own_enrolment(client, make_user, world):
    client.force_login(world.operator_user)
    other = post(client, f"{URL}start/", {"enrolment": world.other_enrolment.pk})
    assert other.status_code == 400
    assert "enrolment" in other.json()["errors"]

    Enrolment.objects.filter(pk=world.enrolment.pk).update(status=Enrolment.Status.APPLIED)
    applied = post(client, f"{URL}start/", {"enrolment": world.enrolment.pk})
    assert applied.status_code == 400

    client.force_login(world.station)
    assert post(client, f"{URL}start/", {"enrolment": world.enrolment.pk}).status_code == 403
    assert not SelfInspection.objects.exists()


def test_fill_in_submit_return_resubmit_accept(client, world, started):
    url = detail(started["id"])
    answers = started["answers"]
    today = timezone.localdate()

    # A draft with two items answered.
    first, second = answers[0], answers[1]
    response = patch(
        client,
        f"{url}answers/",
        {
            "answers": {
                str(first["id"]): {"result": "compliant", "note": "已亮照"},
                str(second["id"]): {
                    "result": "non_compliant",
                    "plan": "补办许可",
                    "target_date": (today + timedelta(days=30)).isoformat(),
                },
            }
        },
    )
    assert response.status_code == 200, response.content
    saved = {a["id"]: a for a in response.json()["answers"]}
    assert saved[first["id"]]["result"] == "compliant"
    assert saved[first["id"]]["note"] == "已亮照"
    assert saved[second["id"]]["plan"] == "补办许可"
    assert response.json()["answered"] == 2

    # Submitting now lists every unanswered item.
    refused = post(client, f"{url}submit/")
    assert refused.status_code == 400
    messages = refused.json()["errors"]["non_field_errors"]
    missing = {a["requirement"] for a in answers[2:]}
    for code in missing:
        assert any(message.startswith(code) for message in messages), code
    assert not any(message.startswith(first["requirement"]) for message in messages)
    assert SelfInspection.objects.get().status == "draft"

    # Complete and submit.
    assert patch(client, f"{url}answers/", complete(answers, today)).status_code == 200
    submitted = post(client, f"{url}submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["editable"] is False
    assert patch(client, f"{url}answers/", complete(answers, today)).status_code == 400
    assert post(client, f"{url}submit/").status_code == 400

    # The operator cannot review its own.
    assert post(client, f"{url}review/", {"accept": True}).status_code == 403

    # Its station returns it with a comment on one item.
    client.force_login(world.station)
    assert post(client, f"{url}review/", {"accept": False}).status_code == 400
    returned = post(
        client,
        f"{url}review/",
        {
            "accept": False,
            "comment": "请补充说明",
            "item_comments": {str(first["id"]): "整改期限过长"},
        },
    )
    assert returned.status_code == 200, returned.content
    body = returned.json()
    assert body["status"] == "returned"
    assert body["review_comment"] == "请补充说明"
    commented = {a["id"]: a["review_comment"] for a in body["answers"]}
    assert commented[first["id"]] == "整改期限过长"
    assert commented[second["id"]] == ""

    # The operator changes the item and submits again.
    client.force_login(world.operator_user)
    shorter = (today + timedelta(days=7)).isoformat()
    changed = patch(
        client, f"{url}answers/", {"answers": {str(first["id"]): {"target_date": shorter}}}
    )
    assert changed.status_code == 200, changed.content
    assert post(client, f"{url}submit/").json()["status"] == "submitted"
    assert Answer.objects.get(pk=first["id"]).target_date.isoformat() == shorter

    # The station accepts.
    client.force_login(world.station)
    accepted = post(client, f"{url}review/", {"accept": True})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert post(client, f"{url}review/", {"accept": True}).status_code == 400


def test_answers_input_is_checked(client, world, started):
    url = f"{detail(started['id'])}answers/"
    answer_id = str(started["answers"][0]["id"])
    assert patch(client, url, {"answers": {"abc": {"result": "compliant"}}}).status_code == 400
    assert patch(client, url, {"answers": {answer_id: {"result": "maybe"}}}).status_code == 400
    assert patch(client, url, {"answers": {}}).status_code == 400
    assert patch(client, url, {}).status_code == 400

    foreign = services.start(world.other_user, world.other_enrolment).answers.first()
    response = patch(client, url, {"answers": {str(foreign.pk): {"result": "compliant"}}})
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.result == ""

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    past = patch(
        client,
        url,
        {
            "answers": {
                answer_id: {"result": "non_compliant", "plan": "x", "target_date": yesterday}
            }
        },
    )
    assert past.status_code == 400
    assert Answer.objects.get(pk=answer_id).result == ""


def test_a_draft_is_kept_after_the_phase_but_not_submitted(client, world, started):
    """An operator whose phase closed while typing keeps the draft; only submitting is bound
    to the phase, and the refusal names the dates and whom to ask for an extension."""
    schedule(world.campaign, PhaseCode.GOVERNANCE)
    answer_id = str(started["answers"][0]["id"])
    response = patch(
        client,
        f"{detail(started['id'])}answers/",
        {"answers": {answer_id: {"result": "compliant"}}},
    )
    assert response.status_code == 200
    assert Answer.objects.get(pk=answer_id).result == "compliant"
    refused = post(client, f"{detail(started['id'])}submit/")
    assert refused.status_code == 400
    text = refused.json()["errors"]["non_field_errors"][0]
    assert "自查自纠阶段已于" in text and world.operator.area.station.name in text


def test_nothing_is_started_before_the_phase(client, world):
    schedule(world.campaign, PhaseCode.MOBILISATION)
    client.force_login(world.operator_user)
    response = post(client, f"{URL}start/", {"enrolment": world.enrolment.pk})
    assert response.status_code == 400
    assert "尚未开始" in response.json()["errors"]["non_field_errors"][0]
    assert not SelfInspection.objects.exists()


def test_who_sees_a_self_inspection(client, make_user, world, started):
    url = detail(started["id"])
    theirs = services.start(world.other_user, world.other_enrolment)

    def ids(**query):
        response = client.get(URL, query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    # Another operator.
    client.force_login(world.other_user)
    response = client.get(url)
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}
    assert ids() == {theirs.pk}
    assert post(client, f"{url}submit/").status_code == 404
    assert patch(client, f"{url}answers/", {"answers": {"1": {}}}).status_code == 404

    # The station of another area.
    client.force_login(world.other_station)
    assert client.get(url).status_code == 404
    assert post(client, f"{url}review/", {"accept": True}).status_code == 404
    assert ids() == {theirs.pk}

    # Its own station and the office.
    client.force_login(world.station)
    assert client.get(url).status_code == 200
    assert ids() == {started["id"]}
    client.force_login(world.office)
    assert ids() == {started["id"], theirs.pk}
    assert ids(status="draft") == {started["id"], theirs.pk}
    assert ids(status="submitted") == set()
    assert ids(kind="group_buying") == set()
    assert ids(campaign=world.campaign.pk) == {started["id"], theirs.pk}
    assert ids(operator=world.other.pk) == {theirs.pk}

    # Outside roles see none.
    client.force_login(make_user(Role.MONITOR))
    assert ids() == set()
    assert client.get(url).status_code == 404


def test_station_may_not_fill_in(client, world, started):
    client.force_login(world.station)
    url = detail(started["id"])
    answer_id = str(started["answers"][0]["id"])
    response = patch(client, f"{url}answers/", {"answers": {answer_id: {"result": "compliant"}}})
    assert response.status_code == 403
    assert post(client, f"{url}submit/").status_code == 403


def test_inspector_may_read_but_not_review(client, make_user, world, started):
    inspector = make_user(Role.INSPECTOR, station=world.operator.area.station)
    client.force_login(inspector)
    assert client.get(detail(started["id"])).status_code == 200
    assert post(client, f"{detail(started['id'])}review/", {"accept": True}).status_code == 403


def test_detail_lists_evidence(client, world, started):
    answer = Answer.objects.get(pk=started["answers"][0]["id"])
    upload = SimpleUploadedFile("执照.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    evidence = services.add_evidence(world.operator_user, answer, upload)
    response = client.get(detail(started["id"]))
    [listed] = response.json()["answers"][0]["evidence"]
    assert listed["id"] == evidence.pk
    assert listed["name"] == "执照.pdf"
    assert listed["size"] == len(b"%PDF-1.4 test")
    assert listed["sha256"] == evidence.sha256
    assert len(listed["sha256"]) == 64


def test_schema_documents_the_selfcheck_api(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    for path in (
        b"/api/v1/self-inspections/:",
        b"/api/v1/self-inspections/{id}/:",
        b"/api/v1/self-inspections/start/:",
        b"/api/v1/self-inspections/{id}/answers/:",
        b"/api/v1/self-inspections/{id}/submit/:",
        b"/api/v1/self-inspections/{id}/review/:",
    ):
        assert path in schema.content
