"""The supervision REST API: draw plans and public draws, inspections, findings, orders, cases
and veto events; scoping through visible() (404 outside), roles (403), the error body."""

from datetime import date

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, PartnerDepartmentFactory, StationFactory
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services
from fangxin.supervision.models import (
    Draw,
    DrawPlan,
    Finding,
    Inspection,
    RectificationOrder,
    VetoEvent,
)
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/draw-plans/"
PUBLIC = "/api/v1/public/draws/"
INSPECTIONS = "/api/v1/inspections/"
FINDINGS = "/api/v1/findings/"
ORDERS = "/api/v1/rectification-orders/"
CASES = "/api/v1/cases/"
VETOES = "/api/v1/veto-events/"
TODAY = timezone.localdate


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class World:
    """One station's operator with a recorded inspection (two findings, an internal note),
    and another station's operator with a finding of its own."""

    def __init__(self, make_user):
        self.office = make_user(Role.OFFICE)
        station = StationFactory()
        self.operator = OperatorFactory(area=AreaFactory(station=station), livestream=True)
        self.station = make_user(Role.STATION, station=station)
        self.inspectors = [make_user(Role.INSPECTOR, station=station) for _ in range(2)]
        self.outsider = make_user(Role.INSPECTOR, station=station)
        self.operator_user = make_user(Role.OPERATOR, operator=self.operator)
        self.department = PartnerDepartmentFactory()
        self.partner = make_user(Role.PARTNER, partner_department=self.department)
        self.inspection = services.create_inspection(
            self.station,
            self.operator,
            source=Inspection.Source.TARGETED,
            inspectors=self.inspectors,
            planned_on=TODAY(),
            free_items=["营业执照亮照亮证情况", "进货查验记录"],
            partner_departments=[self.department],
        )
        first, second = self.inspection.items.order_by("pk")
        services.record_inspection(
            self.inspectors[0],
            self.inspection,
            inspected_on=date(2024, 3, 5),
            results={first.pk: ("minor", "未亮照"), second.pk: ("serious", "无进货记录")},
            areas={first.pk: "qualifications", second.pk: "site"},
            conclusion="存在问题",
            internal_note="疑似刷单，另案关注",
        )
        self.minor = Finding.objects.get(inspection=self.inspection, severity="minor")
        self.serious = Finding.objects.get(inspection=self.inspection, severity="serious")

        other_station = StationFactory()
        self.other = OperatorFactory(area=AreaFactory(station=other_station))
        self.other_station = make_user(Role.STATION, station=other_station)
        self.other_finding = services.create_finding(
            self.other_station,
            self.other,
            source=Finding.Source.COMPLAINT,
            description="虚假宣传",
            severity="minor",
            found_on=date(2024, 6, 1),
            area_code="marketing",
        )


@pytest.fixture
def world(make_user):
    return World(make_user)


# --- anonymous -------------------------------------------------------------------------------


def test_anonymous_gets_401_except_on_the_public_record(client, world):
    for url in (PLANS, INSPECTIONS, FINDINGS, ORDERS, CASES, VETOES):
        response = client.get(url)
        assert response.status_code == 401, url
        assert set(response.json()) == {"detail", "errors"}
    assert client.get(f"{FINDINGS}{world.minor.pk}/").status_code == 401
    assert post(client, f"{FINDINGS}{world.minor.pk}/orders/").status_code == 401
    assert client.get(PUBLIC).status_code == 200


def test_public_draw_hides_the_secret_until_the_draw_runs(client, county, office):
    plan = plan_for(office)
    assert client.get(PUBLIC).json()["results"] == []  # a draft is nobody's business
    draw = services.freeze(office, plan)
    detail = f"{PUBLIC}{draw.pk}/"

    listing = client.get(PUBLIC)
    assert listing.status_code == 200
    [row] = listing.json()["results"]
    assert row["id"] == draw.pk and row["plan_status"] == "frozen"
    assert row["commitment"] == draw.commitment and row["secret"] is None
    frozen = client.get(detail)
    assert frozen.status_code == 200
    body = frozen.json()
    assert body["secret"] is None and body["result"] is None
    assert body["pools_hash"] == draw.pools_hash
    assert len(body["operator_pool"]) == 16 and len(body["inspector_pool"]) == 6
    assert client.get(f"{detail}verify/").json() == {"ok": False, "problems": ["not drawn yet"]}
    for response in (listing, frozen):
        assert draw.secret not in response.content.decode()
    # Signed in makes no difference: not even the office reads the secret before the run.
    client.force_login(office)
    signed_in = client.get(f"{PLANS}{plan.pk}/")
    assert signed_in.json()["draw"]["secret"] is None
    assert draw.secret not in signed_in.content.decode()
    client.logout()

    services.run_draw(office, plan, "03 07 12 19 25 31 + 09", "双色球第2026138期")
    draw.refresh_from_db()
    body = client.get(detail).json()
    assert body["plan_status"] == "drawn"
    assert body["secret"] == draw.secret
    assert body["result"] == draw.result and body["result_hash"] == draw.result_hash
    assert body["public_value"] == "03 07 12 19 25 31 + 09"
    assert client.get(f"{detail}verify/").json() == {"ok": True, "problems": []}
    assert client.get(f"{PUBLIC}999999/").status_code == 404


def test_a_cancelled_frozen_draw_stays_public_with_its_secret_kept(client, county, office):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    services.cancel(office, plan, "抽查事项有误")
    body = client.get(f"{PUBLIC}{draw.pk}/").json()
    assert body["plan_status"] == "cancelled" and body["cancelled_reason"] == "抽查事项有误"
    assert body["secret"] is None
    assert ids(client.get(PUBLIC, {"status": "cancelled"})) == {draw.pk}
    assert ids(client.get(PUBLIC, {"status": "drawn"})) == set()


# --- draw plans ------------------------------------------------------------------------------


def test_office_makes_freezes_and_runs_a_plan(client, county, office):
    client.force_login(office)
    made = post(
        client,
        PLANS,
        {
            "name": "2026年第二批双随机抽查",
            "free_items": ["营业执照亮照亮证情况"],
            "rules": {"quotas": {"A": 0.5, "B": 0.5, "C": 1, "D": 1}},
            "pool_filters": {"risk_classes": ["A", "B", "C", "D"]},
        },
    )
    assert made.status_code == 201, made.content
    plan = made.json()
    assert plan["status"] == "draft" and plan["draw"] is None and plan["station"] is None
    assert plan["rules"]["inspectors_per_task"] == 2  # the defaults filled in
    url = f"{PLANS}{plan['id']}/"

    frozen = post(client, f"{url}freeze/")
    assert frozen.status_code == 200, frozen.content
    assert frozen.json()["status"] == "frozen"
    assert frozen.json()["draw"]["secret"] is None
    assert len(frozen.json()["draw"]["commitment"]) == 64

    missing = post(client, f"{url}run/", {"public_value": "88"})
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"public_source"}

    ran = post(client, f"{url}run/", {"public_value": "88", "public_source": "福彩3D第2026001期"})
    assert ran.status_code == 200, ran.content
    body = ran.json()
    draw = Draw.objects.get(plan_id=plan["id"])
    assert body["status"] == "drawn"
    assert body["draw"]["result"] == draw.result and draw.result
    assert body["draw"]["selected_count"] == len(draw.result)
    assert body["draw"]["secret"] == draw.secret
    assert Inspection.objects.filter(draw=draw).count() == len(draw.result)

    again = post(client, f"{url}run/", {"public_value": "89", "public_source": "x"})
    assert again.status_code == 400
    assert again.json()["errors"]["non_field_errors"]
    listed = client.get(PLANS).json()["results"]
    assert [p["id"] for p in listed] == [plan["id"]]
    assert "result" not in listed[0]["draw"]  # the list stays light


def test_plan_roles_and_scope(client, county, office, make_user):
    stations, _operators, _inspectors = county
    draft = plan_for(office)  # county-wide, not public
    station_user = make_user(Role.STATION, station=stations[0])

    client.force_login(station_user)
    assert client.get(f"{PLANS}{draft.pk}/").status_code == 404
    assert post(client, f"{PLANS}{draft.pk}/freeze/").status_code == 404
    made = post(client, PLANS, {"name": "本所计划", "free_items": ["亮照"]})
    assert made.status_code == 201, made.content
    assert made.json()["station"] == stations[0].pk  # a station's plan is its own
    assert post(client, PLANS, {"name": "  "}).status_code == 400

    services.freeze(office, draft)  # now a public record: readable, not the station's to run
    assert client.get(f"{PLANS}{draft.pk}/").status_code == 200
    refused = post(client, f"{PLANS}{draft.pk}/cancel/", {"reason": "不需要"})
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "errors"}

    client.force_login(make_user(Role.INSPECTOR, station=stations[0]))
    assert post(client, f"{PLANS}{draft.pk}/run/", {}).status_code == 403
    assert post(client, PLANS, {"name": "x"}).status_code == 403


# --- inspections -----------------------------------------------------------------------------


def test_inspector_sees_only_own_inspections(client, county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "12345", "上证指数收盘")
    inspections = list(Inspection.objects.filter(draw=draw).prefetch_related("inspectors"))
    inspector = inspections[0].inspectors.first()
    own = {i.pk for i in inspections if inspector in i.inspectors.all()}
    others = [i for i in inspections if i.pk not in own]
    assert others, "the draw should spread tasks over several inspectors"

    client.force_login(inspector)
    assert ids(client.get(INSPECTIONS)) == own
    row = client.get(f"{INSPECTIONS}{inspections[0].pk}/").json()
    assert inspector.pk in [p["id"] for p in row["inspectors"]]
    assert "internal_note" in row
    assert client.get(f"{INSPECTIONS}{others[0].pk}/").status_code == 404
    assert post(client, f"{INSPECTIONS}{others[0].pk}/record/", {}).status_code == 404


def test_inspector_records_and_station_publishes(client, world):
    inspection = world.inspection
    first, second = inspection.items.order_by("pk")
    client.force_login(world.outsider)  # same station, not on the task
    assert client.get(f"{INSPECTIONS}{inspection.pk}/").status_code == 404

    client.force_login(world.inspectors[1])
    url = f"{INSPECTIONS}{inspection.pk}/"
    bad = post(client, f"{url}record/", {"inspected_on": "2024-03-05", "results": {}})
    assert bad.status_code == 400 and "conclusion" in bad.json()["errors"]
    stranger = post(
        client,
        f"{url}record/",
        {
            "inspected_on": "2024-03-05",
            "results": {"999999": {"result": "compliant"}},
            "conclusion": "符合",
        },
    )
    assert stranger.status_code == 400
    recorded = post(
        client,
        f"{url}record/",
        {
            "inspected_on": "2024-03-06",
            "results": {
                str(first.pk): {"result": "minor", "note": "未亮照", "area": "qualifications"},
                str(second.pk): {"result": "compliant"},
            },
            "conclusion": "基本符合",
            "internal_note": "复查",
            "acknowledged_by": "张三",
        },
    )
    assert recorded.status_code == 200, recorded.content
    body = recorded.json()
    assert body["status"] == "recorded" and body["inspected_on"] == "2024-03-06"
    assert [i["result"] for i in body["items"]] == ["minor", "compliant"]
    assert body["internal_note"] == "复查" and body["acknowledged_by"] == "张三"
    assert not Finding.objects.filter(pk=world.serious.pk).exists()  # corrected away
    assert post(client, f"{url}publish/").status_code == 403

    client.force_login(world.other_station)
    assert post(client, f"{url}publish/").status_code == 404
    client.force_login(world.station)
    published = post(client, f"{url}publish/")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published" and published.json()["published_at"]
    assert post(client, f"{url}publish/").status_code == 400


def test_operator_and_partner_never_read_the_internal_note(client, world):
    url = f"{INSPECTIONS}{world.inspection.pk}/"
    client.force_login(world.station)
    assert client.get(url).json()["internal_note"] == "疑似刷单，另案关注"
    for user in (world.operator_user, world.partner):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "internal_note" not in response.json()
        assert "疑似刷单" not in response.content.decode()
        assert "internal_note" not in client.get(INSPECTIONS).json()["results"][0]
    assert post(client, f"{url}record/", {}).status_code == 403


# --- findings and orders ---------------------------------------------------------------------


def test_operator_sees_own_findings_and_orders_but_no_cases(client, world):
    order = services.issue_order(world.station, world.minor, "限期亮照")
    services.issue_order(world.other_station, world.other_finding, "整改宣传")
    case = services.open_case(world.station, world.operator, "无进货记录", date(2024, 3, 6))

    client.force_login(world.operator_user)
    assert ids(client.get(FINDINGS)) == {world.minor.pk, world.serious.pk}
    assert client.get(f"{FINDINGS}{world.other_finding.pk}/").status_code == 404
    assert ids(client.get(ORDERS)) == {order.pk}
    assert client.get(f"{ORDERS}{order.pk}/").json()["requirement"] == "限期亮照"
    assert client.get(CASES).json()["results"] == []
    assert client.get(f"{CASES}{case.pk}/").status_code == 404
    assert post(
        client, f"{FINDINGS}{world.minor.pk}/orders/", {"requirement": "x"}
    ).status_code == (403)

    client.force_login(world.station)
    assert ids(client.get(CASES)) == {case.pk}
    client.force_login(world.other_station)
    assert client.get(f"{CASES}{case.pk}/").status_code == 404


def test_findings_filter_by_operator_and_date(client, world):
    client.force_login(world.office)
    everything = {world.minor.pk, world.serious.pk, world.other_finding.pk}
    assert ids(client.get(FINDINGS)) == everything
    assert ids(client.get(FINDINGS, {"operator": world.other.pk})) == {world.other_finding.pk}
    assert ids(client.get(FINDINGS, {"found_on_after": "2024-04-01"})) == {world.other_finding.pk}
    assert ids(
        client.get(FINDINGS, {"found_on_after": "2024-03-05", "found_on_before": "2024-03-05"})
    ) == {world.minor.pk, world.serious.pk}
    assert ids(client.get(FINDINGS, {"severity": "serious"})) == {world.serious.pk}
    assert ids(client.get(FINDINGS, {"source": "complaint"})) == {world.other_finding.pk}
    bad = client.get(FINDINGS, {"found_on_after": "not a date"})
    assert bad.status_code == 400 and "found_on" in bad.json()["errors"]


def test_order_issue_answer_verify(client, world):
    client.force_login(world.station)
    issued = post(
        client,
        f"{FINDINGS}{world.minor.pk}/orders/",
        {"requirement": "限期亮照", "working_days": 5, "issued_on": "2024-03-06"},
    )
    assert issued.status_code == 201, issued.content
    order = issued.json()
    assert order["status"] == "issued" and order["due_on"] == "2024-03-13"
    assert order["overdue"] is True  # long past
    serious = post(client, f"{FINDINGS}{world.serious.pk}/orders/", {"requirement": "整改"})
    assert serious.status_code == 400  # a serious finding calls for a case
    url = f"{ORDERS}{order['id']}/"
    assert ids(client.get(ORDERS, {"overdue": "true"})) == {order["id"]}
    assert ids(client.get(ORDERS, {"overdue": "false"})) == set()

    # The station may not answer for the operator.
    refused = post(client, f"{url}answer/", {"text": "已亮照"})
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "errors"}
    assert post(client, f"{url}verify/", {"accept": True}).status_code == 400  # not answered

    client.force_login(world.operator_user)
    assert post(client, f"{url}answer/", {"text": " "}).status_code == 400
    answered = post(client, f"{url}answer/", {"text": "已在直播间亮照"})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered" and answered.json()["overdue"] is False
    assert [r["text"] for r in answered.json()["responses"]] == ["已在直播间亮照"]
    assert post(client, f"{url}verify/", {"accept": True}).status_code == 403

    client.force_login(world.other_station)
    assert post(client, f"{url}verify/", {"accept": True}).status_code == 404
    client.force_login(world.station)
    assert post(client, f"{url}verify/", {"accept": False}).status_code == 400  # note needed
    verified = post(client, f"{url}verify/", {"accept": True, "note": "现场核实"})
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "verified"
    assert RectificationOrder.objects.get(pk=order["id"]).verified_on == TODAY()
    assert ids(client.get(ORDERS, {"status": "verified"})) == {order["id"]}


# --- cases and veto events -------------------------------------------------------------------


def test_veto_events_by_date_and_office_decision(client, world):
    proposed = services.propose_veto(
        world.station,
        world.operator,
        "counterfeit_or_fake_orders",
        "刷单炒信",
        date(2024, 3, 6),
        VetoEvent.Source.STATION,
    )
    elsewhere = services.propose_veto(
        world.other_station,
        world.other,
        "prohibited_goods",
        "销售管制刀具",
        date(2024, 7, 1),
        VetoEvent.Source.STATION,
    )
    client.force_login(world.station)
    assert ids(client.get(VETOES)) == {proposed.pk}
    assert client.get(f"{VETOES}{elsewhere.pk}/").status_code == 404
    refused = post(client, f"{VETOES}{proposed.pk}/decide/", {"confirm": True, "reason": "x"})
    assert refused.status_code == 403

    client.force_login(world.operator_user)
    assert client.get(VETOES).json()["results"] == []  # not until confirmed

    client.force_login(world.office)
    assert ids(client.get(VETOES, {"occurred_on_after": "2024-06-01"})) == {elsewhere.pk}
    assert ids(
        client.get(VETOES, {"occurred_on_before": "2024-06-01", "operator": world.operator.pk})
    ) == {proposed.pk}
    assert ids(client.get(VETOES, {"kind": "prohibited_goods"})) == {elsewhere.pk}
    missing = post(client, f"{VETOES}{proposed.pk}/decide/", {"confirm": True})
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    decided = post(
        client, f"{VETOES}{proposed.pk}/decide/", {"confirm": True, "reason": "证据确凿"}
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "confirmed"
    assert decided.json()["decision_reason"] == "证据确凿"
    assert ids(client.get(VETOES, {"status": "proposed"})) == {elsewhere.pk}

    client.force_login(world.operator_user)
    [row] = client.get(VETOES).json()["results"]
    assert row["id"] == proposed.pk and row["kind"] == "counterfeit_or_fake_orders"


def test_cases_list_with_filters(client, world):
    case = services.open_case(
        world.station, world.operator, "无进货记录", date(2024, 3, 6), finding=world.serious
    )
    services.decide_filing(world.station, case, True, date(2024, 3, 8))
    services.decide_case(
        world.station,
        case,
        decided_on=date(2024, 4, 1),
        penalty="罚款5000元",
        decision_number="长市监处〔2024〕1号",
        veto_kind="counterfeit_or_fake_orders",
    )
    other = services.open_case(world.other_station, world.other, "虚假宣传", date(2024, 6, 2))
    client.force_login(world.office)
    assert ids(client.get(CASES)) == {case.pk, other.pk}
    assert ids(client.get(CASES, {"status": "decided"})) == {case.pk}
    assert ids(client.get(CASES, {"clue_received_on_after": "2024-05-01"})) == {other.pk}
    assert ids(client.get(CASES, {"operator": world.operator.pk})) == {case.pk}
    body = client.get(f"{CASES}{case.pk}/").json()
    assert body["veto_kind"] == "counterfeit_or_fake_orders" and body["finding"] == world.serious.pk
    assert client.get(f"{CASES}{other.pk}/").json()["veto_kind"] is None
    # The decision proposed a veto event, queryable by its case.
    assert ids(client.get(VETOES, {"case": case.pk})) == set(
        VetoEvent.objects.filter(case=case).values_list("pk", flat=True)
    )


def test_plan_list_filters(client, county, office):
    stations, _operators, _inspectors = county
    county_plan = plan_for(office)
    own = services.create_plan(office, name="一所计划", station=stations[0], free_items=["亮照"])
    client.force_login(office)
    assert ids(client.get(PLANS, {"county_wide": "true"})) == {county_plan.pk}
    assert ids(client.get(PLANS, {"station": stations[0].pk})) == {own.pk}
    assert ids(client.get(PLANS, {"status": "draft"})) == {county_plan.pk, own.pk}
    assert DrawPlan.objects.count() == 2
