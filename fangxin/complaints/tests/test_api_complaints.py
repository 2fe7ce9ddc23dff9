"""The complaints REST API: role × scope on the regulator's endpoint (the operator refused,
outside roles see nothing), masking and its access log, each move through its service, and the
public intake and status lookup with their rate limits."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fangxin.complaints import reasons, services
from fangxin.complaints.models import (
    Complaint,
    ComplaintEvidence,
    FollowUp,
    PersonalDataAccess,
)
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import Case

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/complaints/"
PUBLIC = "/api/v1/public/complaints/"
TRACK = "/api/v1/public/complaints/track/"
NAME, PHONE = "张三丰", "13812345678"
S = Complaint.Status


@pytest.fixture(autouse=True)
def _no_rate_counters():
    cache.clear()
    yield
    cache.clear()


def post(client, url, data=None, **extra):
    return client.post(url, data or {}, content_type="application/json", **extra)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def file(operator=None, kind="complaint", **fields) -> Complaint:
    values = {
        "kind": kind,
        "channel": Complaint.Channel.WEB,
        "name": NAME,
        "phone": PHONE,
        "category": "quality",
        "description": "直播间买的蜂蜜疑似掺假。",
        "operator": operator,
        "operator_text": "" if operator else "某不知名直播间",
    }
    values.update(fields)
    return services.submit(**values).complaint


class World:
    """Two stations, each with an operator and a complaint against it, a tip-off on the first,
    and an item the office has still to route."""

    def __init__(self, make_user):
        self.office = make_user(Role.OFFICE)
        station = StationFactory()
        self.operator = OperatorFactory(area=AreaFactory(station=station))
        self.station = make_user(Role.STATION, station=station)
        self.inspector = make_user(Role.INSPECTOR, station=station)
        self.operator_user = make_user(Role.OPERATOR, operator=self.operator)
        other_station = StationFactory()
        self.other_operator = OperatorFactory(area=AreaFactory(station=other_station))
        self.other_station = make_user(Role.STATION, station=other_station)

        self.complaint = file(self.operator)
        self.tipoff = file(self.operator, kind="tipoff")
        self.other = file(self.other_operator)
        self.triage = file(None)

    def at(self, item: Complaint) -> str:
        return f"{ITEMS}{item.pk}/"


@pytest.fixture
def world(make_user):
    return World(make_user)


def snapshot(item: Complaint) -> tuple:
    item.refresh_from_db()
    return (
        item.status,
        item.station_id,
        item.decide_by,
        item.mediation_ends_by,
        item.notified_on,
        item.closed_on,
        item.events.count(),
    )


# --- who sees what ---------------------------------------------------------------------------


def test_anonymous_is_refused_the_regulators_endpoint(client, world):
    for url in (ITEMS, world.at(world.complaint), f"{world.at(world.complaint)}accept/"):
        response = client.get(url) if not url.endswith("accept/") else post(client, url)
        assert response.status_code == 401, url
        assert set(response.json()) == {"detail", "errors"}


def test_office_sees_every_item(client, world):
    client.force_login(world.office)
    assert ids(client.get(ITEMS)) == {
        world.complaint.pk,
        world.tipoff.pk,
        world.other.pk,
        world.triage.pk,
    }
    assert ids(client.get(ITEMS, {"triage": "true"})) == {world.triage.pk}
    assert ids(client.get(ITEMS, {"kind": "tipoff"})) == {world.tipoff.pk}
    assert ids(client.get(ITEMS, {"q": world.other.tracking_code})) == {world.other.pk}


def test_station_sees_only_its_own_and_gets_404_elsewhere(client, world):
    client.force_login(world.station)
    assert ids(client.get(ITEMS)) == {world.complaint.pk, world.tipoff.pk}
    assert client.get(world.at(world.complaint)).status_code == 200
    for outside in (world.other, world.triage):
        assert client.get(world.at(outside)).status_code == 404
        before = snapshot(outside)
        assert post(client, f"{world.at(outside)}accept/").status_code == 404
        assert snapshot(outside) == before


def test_inspector_reads_its_stations_items_but_may_not_act(client, world):
    client.force_login(world.inspector)
    assert ids(client.get(ITEMS)) == {world.complaint.pk, world.tipoff.pk}
    assert client.get(world.at(world.other)).status_code == 404
    before = snapshot(world.complaint)
    response = post(client, f"{world.at(world.complaint)}accept/")
    assert response.status_code == 403
    assert snapshot(world.complaint) == before


def test_operator_is_refused_even_the_complaints_against_itself(client, world):
    services.accept(world.station, world.complaint)  # now within the operator's own scope
    client.force_login(world.operator_user)
    listing = client.get(ITEMS)
    assert listing.status_code == 403
    assert set(listing.json()) == {"detail", "errors"}
    assert client.get(world.at(world.complaint)).status_code == 403
    assert post(client, f"{world.at(world.complaint)}start-mediation/").status_code == 403
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR])
def test_outside_roles_see_nothing(client, world, make_user, role):
    client.force_login(make_user(role))
    assert ids(client.get(ITEMS)) == set()
    assert client.get(world.at(world.complaint)).status_code == 404
    assert post(client, f"{world.at(world.complaint)}accept/").status_code == 403
    assert world.complaint.status == S.RECEIVED


# --- personal data ---------------------------------------------------------------------------


def test_list_masks_the_complainant_even_for_the_handler(client, world):
    client.force_login(world.station)
    rows = {row["id"]: row for row in client.get(ITEMS).json()["results"]}
    shown = rows[world.complaint.pk]["complainant"]
    assert shown == {"name": "张**", "phone": "138********", "masked": True}
    assert PHONE not in client.get(ITEMS).content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_detail_unmasks_for_the_handler_and_logs_it(client, world):
    client.force_login(world.station)
    body = client.get(world.at(world.complaint)).json()
    assert body["complainant"] == {"name": NAME, "phone": PHONE, "masked": False}
    [access] = PersonalDataAccess.objects.all()
    assert (access.user, access.complaint, access.via) == (
        world.station,
        world.complaint,
        "api",
    )


def test_detail_stays_masked_for_a_non_handler(client, world):
    client.force_login(world.inspector)
    body = client.get(world.at(world.complaint)).json()
    assert body["complainant"]["masked"] is True
    assert PHONE not in client.get(world.at(world.complaint)).content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_detail_shows_deadlines_history_and_links(client, world):
    client.force_login(world.office)
    body = client.get(world.at(world.complaint)).json()
    assert body["status"] == "received" and body["kind"] == "complaint"
    assert body["operator"] == world.operator.pk
    assert body["operator_name"] == world.operator.name
    assert body["station"] == world.operator.area.station_id
    assert body["decide_by"] == world.complaint.decide_by.isoformat()
    assert body["due_on"] == body["decide_by"]
    assert "complaint_acceptance" in body["periods_used"]
    assert body["next_states"] == ["accepted", "not_accepted"]
    [received] = body["events"]
    assert received["kind"] == "received" and received["to_status"] == "received"
    assert {"case", "inspection", "finding", "follow_ups", "evidence"} <= set(body)


def test_query_counts_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(10):
        file(world.operator)
        file(world.other_operator)
    for _ in range(5):
        services.assign(
            world.office, world.complaint, station=world.operator.area.station, note="x"
        )
    client.force_login(world.office)
    # Session, user, count, page.
    with django_assert_max_num_queries(4):
        response = client.get(ITEMS)
    assert response.json()["count"] == 24
    # Session, user, item, events, follow-ups, evidence, the access log row.
    with django_assert_max_num_queries(7):
        detail = client.get(world.at(world.complaint))
    assert len(detail.json()["events"]) == 6


# --- complaint moves -------------------------------------------------------------------------


def test_accept(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}accept/"
    response = post(client, url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted" and body["mediation_ends_by"]
    assert body["complainant"]["masked"] is True  # an action's answer is not a view of them
    before = snapshot(world.complaint)
    again = post(client, url)
    assert again.status_code == 400
    assert set(again.json()) == {"detail", "errors"}
    assert snapshot(world.complaint) == before


def test_accept_needs_an_identified_operator(client, world):
    client.force_login(world.office)
    before = snapshot(world.triage)
    response = post(client, f"{world.at(world.triage)}accept/")
    assert response.status_code == 400
    assert snapshot(world.triage) == before


def test_refuse(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}refuse/"
    before = snapshot(world.complaint)
    bad = post(client, url, {"reason": "no-such-ground"})
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    assert snapshot(world.complaint) == before
    code = next(iter(reasons.not_accepted_reasons()))
    response = post(client, url, {"reason": code, "note": "材料不全"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "not_accepted"
    assert response.json()["not_accepted_reason"] == code
    before = snapshot(world.complaint)
    assert post(client, url, {"reason": code}).status_code == 400
    assert snapshot(world.complaint) == before


def test_start_mediation(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}start-mediation/"
    before = snapshot(world.complaint)
    assert post(client, url).status_code == 400  # not accepted yet
    assert snapshot(world.complaint) == before
    services.accept(world.station, world.complaint)
    response = post(client, url)
    assert response.status_code == 200
    assert response.json()["status"] == "mediating"


def test_testing_time_moves_the_mediation_deadline(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}testing/"
    payload = {"started_on": "2026-03-02", "ended_on": "2026-03-06", "note": "蜂蜜成分检测"}
    before = snapshot(world.complaint)
    assert post(client, url, payload).status_code == 400  # not in mediation
    assert snapshot(world.complaint) == before
    services.accept(world.station, world.complaint, date(2026, 2, 27))  # before the testing
    ends_by = Complaint.objects.get(pk=world.complaint.pk).mediation_ends_by
    backwards = post(client, url, {**payload, "ended_on": "2026-03-01"})
    assert backwards.status_code == 400 and "ended_on" in backwards.json()["errors"]
    response = post(client, url, payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["testing_days"] == 5
    assert body["mediation_ends_by"] > ends_by.isoformat()
    assert body["events"][-1]["kind"] == "testing"


def test_end_mediation(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}end-mediation/"
    payload = {"agreed": True, "agreement": "退款200元", "amount_recovered": "200.00"}
    before = snapshot(world.complaint)
    assert post(client, url, payload).status_code == 400  # not mediating
    assert snapshot(world.complaint) == before
    services.accept(world.station, world.complaint)
    services.start_mediation(world.station, world.complaint)
    missing = post(client, url, {"agreed": True})
    assert missing.status_code == 400 and "agreement" in missing.json()["errors"]
    response = post(client, url, payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "mediated" and body["amount_recovered"] == "200.00"
    assert body["agreement"] == "退款200元" and body["due_on"] is None


def test_end_mediation_without_an_amount_records_nothing_recovered(client, world):
    """The serializer's default once was the integer 0, which the service's Decimal checks
    could not take (500)."""
    client.force_login(world.station)
    services.accept(world.station, world.complaint)
    services.start_mediation(world.station, world.complaint)
    url = f"{world.at(world.complaint)}end-mediation/"
    response = post(client, url, {"agreed": True, "agreement": "商家道歉"})
    assert response.status_code == 200, response.content
    assert response.json()["amount_recovered"] == "0.00"


def test_notice_after_a_failed_mediation(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.complaint)}notice/"
    before = snapshot(world.complaint)
    assert post(client, url).status_code == 400  # nothing to notify
    assert snapshot(world.complaint) == before
    services.accept(world.station, world.complaint)
    services.start_mediation(world.station, world.complaint)
    services.end_mediation(world.station, world.complaint, agreed=False, agreement="双方分歧大")
    response = post(client, url, {"note": "电话告知双方"})
    assert response.status_code == 200, response.content
    assert response.json()["notified_on"] == timezone.localdate().isoformat()
    before = snapshot(world.complaint)
    assert post(client, url).status_code == 400  # already told
    assert snapshot(world.complaint) == before


def test_close_and_follow_up(client, world):
    client.force_login(world.station)
    close, follow = f"{world.at(world.complaint)}close/", f"{world.at(world.complaint)}follow-up/"
    visit = {"visited_on": timezone.localdate().isoformat(), "method": "phone"}
    visit["satisfaction"] = "satisfied"
    before = snapshot(world.complaint)
    assert post(client, follow, visit).status_code == 400  # still open
    assert post(client, close, {"substantiated": True}).status_code == 400  # received
    assert snapshot(world.complaint) == before
    services.accept(world.station, world.complaint)
    services.start_mediation(world.station, world.complaint)
    services.end_mediation(world.station, world.complaint, agreed=False, agreement="未达成")
    pending = post(client, close, {"substantiated": True})
    assert pending.status_code == 400  # the notice comes first
    services.record_notice(world.station, world.complaint)
    response = post(client, close, {"substantiated": True, "note": "经营者存在过错"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed" and response.json()["substantiated"] is True
    followed = post(client, follow, {**visit, "note": "已退款"})
    assert followed.status_code == 200, followed.content
    [row] = followed.json()["follow_ups"]
    assert row["satisfaction"] == "satisfied" and row["note"] == "已退款"
    bad = post(client, follow, {**visit, "method": "pigeon"})
    assert bad.status_code == 400 and "method" in bad.json()["errors"]
    assert FollowUp.objects.count() == 1


# --- tip-off moves ---------------------------------------------------------------------------


def test_start_verification(client, world):
    client.force_login(world.station)
    before = snapshot(world.complaint)
    assert post(client, f"{world.at(world.complaint)}start-verification/").status_code == 400
    assert snapshot(world.complaint) == before
    response = post(client, f"{world.at(world.tipoff)}start-verification/")
    assert response.status_code == 200
    assert response.json()["status"] == "verifying"


def test_extend_once(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.tipoff)}extend/"
    decide_by = world.tipoff.decide_by.isoformat()
    assert post(client, url, {"reason": ""}).status_code == 400
    response = post(client, url, {"reason": "需要调取平台交易数据"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decision_extended"] is True and body["decide_by"] > decide_by
    before = snapshot(world.tipoff)
    assert post(client, url, {"reason": "再延一次"}).status_code == 400
    assert snapshot(world.tipoff) == before


def test_decide_not_to_open_a_case(client, world):
    client.force_login(world.station)
    url = f"{world.at(world.tipoff)}decide/"
    before = snapshot(world.tipoff)
    assert post(client, url, {"open_case": False, "reason": "无违法事实"}).status_code == 400
    assert snapshot(world.tipoff) == before
    services.start_verification(world.station, world.tipoff)
    no_reason = post(client, url, {"open_case": False})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    response = post(client, url, {"open_case": False, "reason": "无违法事实"})
    assert response.status_code == 200, response.content
    body = response.json()
    # A named informant is told within the notice period.
    assert body["status"] == "no_case" and body["notify_by"] and body["case"] is None


def test_decide_to_open_a_case_links_it(client, world):
    client.force_login(world.station)
    services.start_verification(world.station, world.tipoff)
    response = post(client, f"{world.at(world.tipoff)}decide/", {"open_case": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "case_opened" and body["case"] is not None


def test_a_services_refusal_is_403_and_changes_nothing(client, world):
    # Routed away from the operator's own station, the tip-off is handled there, but a case
    # can only be opened by the operator's station (supervision.open_case): 403, rolled back.
    away = world.other_operator.area.station
    services.assign(world.office, world.tipoff, station=away, note="线索指向另一辖区")
    services.start_verification(world.other_station, world.tipoff)
    client.force_login(world.other_station)
    before = snapshot(world.tipoff)
    response = post(client, f"{world.at(world.tipoff)}decide/", {"open_case": True})
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert snapshot(world.tipoff) == before
    assert Case.objects.count() == 0


def test_merge_into_a_visible_tipoff(client, world):
    first = world.tipoff
    repeat = file(world.operator, kind="tipoff")
    elsewhere = file(world.other_operator, kind="tipoff")
    client.force_login(world.station)
    url = f"{world.at(repeat)}merge/"
    before = snapshot(repeat)
    hidden = post(client, url, {"into": elsewhere.pk})
    assert hidden.status_code == 400 and "into" in hidden.json()["errors"]
    not_tipoff = post(client, url, {"into": world.complaint.pk})
    assert not_tipoff.status_code == 400
    assert snapshot(repeat) == before
    response = post(client, url, {"into": first.pk, "note": "同一事实"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "merged" and body["merged_into"] == first.pk


# --- routing ---------------------------------------------------------------------------------


def test_assign_routes_and_reassigns_with_history(client, world):
    client.force_login(world.office)
    home = world.operator.area.station
    routed = post(client, f"{world.at(world.triage)}assign/", {"operator": world.operator.pk})
    assert routed.status_code == 200, routed.content
    assert routed.json()["station"] == home.pk
    assert routed.json()["operator"] == world.operator.pk

    client.force_login(world.station)
    url = f"{world.at(world.triage)}assign/"
    away = world.other_operator.area.station_id
    before = snapshot(world.triage)
    no_note = post(client, url, {"station": away})
    assert no_note.status_code == 400 and "note" in no_note.json()["errors"]
    assert snapshot(world.triage) == before
    moved = post(client, url, {"station": away, "note": "经营地址在另一辖区"})
    assert moved.status_code == 200, moved.content
    assert client.get(world.at(world.triage)).status_code == 404

    client.force_login(world.other_station)
    body = client.get(world.at(world.triage)).json()
    routes = [e for e in body["events"] if e["kind"] == "routed"]
    assert [(e["from_station"], e["to_station"]["id"]) for e in routes] == [
        (None, home.pk),
        ({"id": home.pk, "name": home.name}, away),
    ]


def test_assign_refuses_a_closed_item(client, world):
    services.accept(world.station, world.complaint)
    services.close(world.station, world.complaint, substantiated=False)
    client.force_login(world.office)
    before = snapshot(world.complaint)
    response = post(
        client,
        f"{world.at(world.complaint)}assign/",
        {"station": world.other_operator.area.station_id, "note": "改派"},
    )
    assert response.status_code == 400
    assert snapshot(world.complaint) == before


# --- the public intake -----------------------------------------------------------------------


def intake(**fields) -> dict:
    values = {
        "kind": "complaint",
        "name": NAME,
        "phone": PHONE,
        "operator_text": "某直播间",
        "category": "quality",
        "description": "收到的商品与直播间展示不符。",
    }
    values.update(fields)
    return values


def test_public_intake_returns_the_receipt_only(client, world):
    response = post(client, PUBLIC, intake(operator=world.operator.pk, demand="退货退款"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"tracking_code", "lookup_hint", "pin", "status"}
    assert body["pin"] == "" and body["status"] == "received"
    item = Complaint.objects.get(tracking_code=body["tracking_code"])
    assert item.channel == Complaint.Channel.API and item.operator == world.operator
    assert item.station_id == world.operator.area.station_id
    assert (item.complainant_name, item.complainant_phone) == (NAME, PHONE)


def test_public_intake_needs_no_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(PUBLIC, intake(), content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_complaint_without_phone_is_refused(client):
    response = post(client, PUBLIC, intake(phone=""))
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert "name" in response.json()["errors"]
    assert not Complaint.objects.exists()


def test_a_bad_phone_is_refused(client):
    response = post(client, PUBLIC, intake(phone="12345"))
    assert response.status_code == 400 and "phone" in response.json()["errors"]


def test_an_anonymous_tipoff_gets_a_pin_to_follow_it(client):
    response = post(client, PUBLIC, intake(kind="tipoff", name="", phone=""))
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["pin"]) == 4 and body["pin"].isdigit()
    assert body["pin"] in body["lookup_hint"]
    progress = post(client, TRACK, {"code": body["tracking_code"], "secret": body["pin"]})
    assert progress.status_code == 200
    assert progress.json()["kind"] == "tipoff" and progress.json()["agreement"] is None


def test_html_in_the_description_is_kept_as_text(client, world):
    text = '<script>alert("x")</script><b>假货</b>'
    response = post(client, PUBLIC, intake(description=text))
    assert response.status_code == 201
    item = Complaint.objects.get(tracking_code=response.json()["tracking_code"])
    assert item.description == text
    client.force_login(world.office)
    assert client.get(f"{ITEMS}{item.pk}/").json()["description"] == text


def test_multipart_intake_with_evidence(client):
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    response = client.post(PUBLIC, {**intake(), "evidence": [png]})
    assert response.status_code == 201, response.content
    [evidence] = ComplaintEvidence.objects.all()
    assert evidence.original_name == "p.png" and evidence.content_type == "image/png"
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    refused = client.post(PUBLIC, {**intake(), "evidence": [fake]})
    assert refused.status_code == 400 and "evidence" in refused.json()["errors"]
    assert Complaint.objects.count() == 1


# --- the public status lookup ----------------------------------------------------------------


def test_tracking_shows_progress_and_nothing_personal(client, world):
    code = next(iter(reasons.not_accepted_reasons()))
    services.refuse(world.station, world.complaint, code, "内部备注：投诉人多次来电")
    response = post(client, TRACK, {"code": world.complaint.tracking_code, "secret": "5678"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "tracking_code",
        "kind",
        "kind_label",
        "status",
        "status_label",
        "received_on",
        "decided_on",
        "closed_on",
        "agreement",
        "events",
    }
    assert body["status"] == "not_accepted"
    assert [e["status"] for e in body["events"]] == ["received", "not_accepted"]
    assert set(body["events"][0]) == {"date", "status", "label"}
    content = response.content.decode()
    for secret in (NAME, PHONE, "内部备注", world.station.username, world.operator.name):
        assert secret not in content


def test_tracking_accepts_a_lowercase_code(client, world):
    response = post(
        client, TRACK, {"code": world.complaint.tracking_code.lower(), "secret": "5678"}
    )
    assert response.status_code == 200


def test_wrong_secret_and_unknown_code_get_the_same_404(client, world):
    wrong = post(client, TRACK, {"code": world.complaint.tracking_code, "secret": "0000"})
    unknown = post(client, TRACK, {"code": "TSNOSUCHCODE", "secret": "5678"})
    # Not ASCII: services.track would crash on it (secrets.compare_digest); the API never asks.
    odd = post(client, TRACK, {"code": world.complaint.tracking_code, "secret": "５６７８"})
    assert wrong.status_code == unknown.status_code == odd.status_code == 404
    assert wrong.json() == unknown.json() == odd.json()


def test_tracking_needs_both_fields(client):
    response = post(client, TRACK, {"code": "TS2345"})
    assert response.status_code == 400 and "secret" in response.json()["errors"]


# --- rate limits -----------------------------------------------------------------------------


def test_intake_is_limited_per_ip(client, settings):
    settings.FANGXIN_COMPLAINT_RATE_IP = "2/m"
    for n in range(2):
        assert post(client, PUBLIC, intake(phone=f"1381234000{n}")).status_code == 201
    response = post(client, PUBLIC, intake(phone="13812340009"))
    assert response.status_code == 429
    assert response.json()["detail"]
    assert Complaint.objects.count() == 2
    # Another address is counted apart.
    other = post(client, PUBLIC, intake(phone="13812340009"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 201


def test_intake_is_limited_per_phone(client, settings):
    settings.FANGXIN_COMPLAINT_RATE_PHONE = "2/d"
    for n in range(2):
        ip = f"10.0.0.{n + 1}"
        assert post(client, PUBLIC, intake(), REMOTE_ADDR=ip).status_code == 201
    # The same phone, written differently, from yet another address.
    response = post(client, PUBLIC, intake(phone="+86 138 1234 5678"), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert (
        post(client, PUBLIC, intake(phone="13900000000"), REMOTE_ADDR="10.0.0.7").status_code == 201
    )
    assert Complaint.objects.count() == 3


def test_tracking_is_limited_per_ip(client, settings, world):
    settings.FANGXIN_COMPLAINT_TRACK_RATE_IP = "2/m"
    for secret in ("0000", "1111"):
        assert (
            post(
                client, TRACK, {"code": world.complaint.tracking_code, "secret": secret}
            ).status_code
            == 404
        )
    right = post(client, TRACK, {"code": world.complaint.tracking_code, "secret": "5678"})
    assert right.status_code == 429


# --- the schema ------------------------------------------------------------------------------


def test_schema_documents_the_complaints_api(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    for path in (
        b"/api/v1/complaints/:",
        b"/api/v1/complaints/{id}/:",
        b"/api/v1/complaints/{id}/accept/:",
        b"/api/v1/complaints/{id}/start-mediation/:",
        b"/api/v1/complaints/{id}/follow-up/:",
        b"/api/v1/complaints/{id}/assign/:",
        b"/api/v1/public/complaints/:",
        b"/api/v1/public/complaints/track/:",
    ):
        assert path in schema.content
