"""Rectification orders and interviews on a ground other than a finding (issue 12 item 10c): the
basis and its note, the finding exactly when the basis is a finding (model, database), the
order's chosen area and kind, the pages and the API with their refusals in Chinese and
English, and the facts."""

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from fangxin.core.facts import Ref, Window
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.programme import guides
from fangxin.programme.models import RequirementArea
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import facts, services
from fangxin.supervision.models import Finding, Measure, RectificationOrder

pytestmark = pytest.mark.django_db

B = RectificationOrder.Basis
ISSUED = date(2026, 3, 2)
WINDOW = Window(date(2026, 1, 1), date(2026, 12, 31))
ORDERS = "/api/v1/rectification-orders/"
EN, ZH = "en", "zh-hans"


def speak(client, language):
    """The language switcher's cookie (the browser's Accept-Language is ignored)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.fixture(autouse=True)
def _chinese_after():
    yield
    translation.activate("zh-hans")  # an English request must not leak into later tests


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def both(station):
    """An operator doing both kinds, in the station's area."""
    return OperatorFactory(area=AreaFactory(station=station), livestream=True, group_buying=True)


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


def area(code):
    guides.load()
    return RequirementArea.objects.filter(code=code).order_by("-guide_id").first()


def on_basis(user, operator, basis=B.PUBLIC_OPINION, **fields):
    fields.setdefault("basis_note", "某平台热搜：直播间售卖过期食品")
    fields.setdefault("requirement", "下架涉事商品并公开说明")
    fields.setdefault("area", "quality")
    fields.setdefault("issued_on", ISSUED)
    return services.issue_order_on_basis(
        user,
        operator,
        basis,
        fields.pop("basis_note"),
        fields.pop("requirement"),
        fields.pop("area"),
        **fields,
    )


def finding_of(user, operator):
    return services.create_finding(
        user,
        operator,
        source=Finding.Source.INSPECTION,
        description="未亮照",
        severity="minor",
        found_on=ISSUED,
        area_code="qualifications",
        kind="livestream",
    )


# --- the model and the database ---------------------------------------------------------------


def raw(operator, **fields):
    return RectificationOrder(
        operator=operator,
        requirement="整改",
        issued_on=ISSUED,
        working_days=10,
        due_on=date(2026, 3, 16),
        **fields,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"basis": B.FINDING},  # a finding-based order without its finding
        {"basis": B.EVALUATION, "basis_note": "", "area_code": "quality"},  # no ground said
        {"basis": B.EVALUATION, "basis_note": "考评不合格"},  # no area
        {"basis": B.WATCH_LIST, "basis_note": "重点监管", "area_code": "quality", "finding": 1},
    ],
    ids=["finding-missing", "note-missing", "area-missing", "finding-on-other-basis"],
)
def test_the_database_refuses_an_order_whose_basis_and_finding_disagree(station_user, both, fields):
    fields = dict(fields)
    if "area_code" in fields:
        fields["area"] = area(fields.pop("area_code"))
    if fields.pop("finding", None):
        fields["finding"] = finding_of(station_user, both)
    order = raw(both, **fields)
    with pytest.raises(ValidationError):
        order.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        order.save()


def test_clean_names_each_missing_part_in_chinese_and_english(both):
    order = raw(both, basis=B.OTHER)
    with pytest.raises(ValidationError) as caught:
        order.clean()
    assert caught.value.message_dict == {
        "basis_note": ["请说明责令整改的依据。"],
        "area": ["请选择整改涉及的要求方面。"],
    }
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            order.clean()
        assert caught.value.message_dict["basis_note"] == [
            "Please state the basis of the rectification order."
        ]


def test_a_finding_based_order_still_issues_from_its_finding(station_user, both):
    order = services.issue_order(station_user, finding_of(station_user, both), "亮照")
    assert order.basis == B.FINDING and order.from_finding and order.finding is not None


def test_the_migration_gives_existing_orders_the_finding_basis(make_user, migrate_to):
    before = [("supervision", "0008_credit_listings")]
    after = [("supervision", "0010_order_and_measure_basis_required")]
    station = StationFactory()
    operator = OperatorFactory(area=AreaFactory(station=station), livestream=True)
    finding = finding_of(make_user(Role.STATION, station=station), operator)
    old = migrate_to(before)
    OldOrder = old.get_model("supervision", "RectificationOrder")
    pk = OldOrder.objects.create(
        finding_id=finding.pk,
        operator_id=operator.pk,
        requirement="亮照",
        issued_on=ISSUED,
        working_days=10,
        due_on=date(2026, 3, 16),
    ).pk
    OldMeasure = old.get_model("supervision", "Measure")
    measure_pk = OldMeasure.objects.create(
        finding_id=finding.pk, kind="interview", held_on=ISSUED, summary="约谈负责人"
    ).pk
    migrate_to(after)
    order = RectificationOrder.objects.get(pk=pk)
    assert (order.basis, order.basis_note, order.finding_id) == (B.FINDING, "", finding.pk)
    measure = Measure.objects.get(pk=measure_pk)
    assert (measure.basis, measure.finding_id, measure.operator_id) == (
        B.FINDING,
        finding.pk,
        operator.pk,  # the finding's
    )


# --- the service ----------------------------------------------------------------------------


def test_an_order_on_another_basis_takes_the_chosen_area_and_kind(station_user, both):
    order = on_basis(station_user, both, kind="group_buying", working_days=5)
    assert (order.basis, order.finding, order.area.code, order.kind) == (
        B.PUBLIC_OPINION,
        None,
        "quality",
        "group_buying",
    )
    assert order.due_on > ISSUED and order.status == RectificationOrder.Status.ISSUED
    assert both.events.filter(kind="order", data__basis="public_opinion").exists()
    # No kind chosen for an operator of both: it counts for both enrolments.
    assert on_basis(station_user, both, B.EVALUATION, basis_note="年度考评不合格").kind is None
    # An operator of one kind: that kind.
    single = OperatorFactory(area=both.area, livestream=True, group_buying=False)
    assert on_basis(station_user, single, B.WATCH_LIST, basis_note="列入重点监管").kind == (
        "livestream"
    )


def test_the_service_refuses_a_missing_ground_area_or_wrong_kind(station_user, both):
    refusals = {
        "basis": {"basis": B.FINDING},
        "basis_note": {"basis_note": "  "},
        "area": {"area": ""},
        "requirement": {"requirement": " "},
        "kind": {"kind": "wholesale"},
    }
    for field, fields in refusals.items():
        with pytest.raises(ValidationError) as caught:
            on_basis(station_user, both, **fields)
        assert field in caught.value.message_dict, field
    with pytest.raises(ValidationError):
        on_basis(station_user, both, area="no-such-area")
    single = OperatorFactory(area=both.area, livestream=True, group_buying=False)
    with pytest.raises(ValidationError):
        on_basis(station_user, single, kind="group_buying")  # not its business
    assert not RectificationOrder.objects.exists()


def test_only_the_office_and_the_operators_station_may_issue(make_user, station, both):
    outsiders = [
        make_user(Role.STATION, station=StationFactory()),
        make_user(Role.INSPECTOR, station=station),
        make_user(Role.OPERATOR, operator=both),
        make_user(Role.EVALUATOR),
    ]
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            on_basis(user, both)
    assert on_basis(make_user(Role.OFFICE), both).issued_by.role == Role.OFFICE


# --- the page -------------------------------------------------------------------------------


def page_url(operator):
    return f"/supervision/operators/{operator.pk}/order/"


def test_the_page_issues_an_order_and_shows_its_basis(client, station_user, both):
    client.force_login(station_user)
    form = client.get(page_url(both))
    assert form.status_code == 200
    assert 'value="finding"' not in form.content.decode()  # those come from the finding
    posted = client.post(
        page_url(both),
        {
            "basis": "evaluation",
            "basis_note": "2026年度考评不合格",
            "area": "consumer_rights",
            "kind": "",
            "requirement": "完善售后制度",
            "working_days": "10",
        },
    )
    order = RectificationOrder.objects.get()
    assert posted.status_code == 302 and posted.url == f"/supervision/orders/{order.pk}/"
    assert (order.basis, order.area.code, order.kind) == ("evaluation", "consumer_rights", None)
    detail = client.get(posted.url).content.decode()
    assert "考评结果" in detail and "2026年度考评不合格" in detail
    assert (
        "依据舆情、考评等下达" in client.get(f"/supervision/operators/{both.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    "language, message",
    [
        ("zh-hans", "请说明责令整改的依据。"),
        ("en", "Please state the basis of the rectification order."),
    ],
)
def test_the_page_names_a_missing_ground_in_the_users_language(
    client, station_user, both, language, message
):
    client.force_login(station_user)
    speak(client, language)
    refused = client.post(
        page_url(both),
        {"basis": "other", "basis_note": "", "area": "quality", "requirement": "整改"},
    )
    assert refused.status_code == 200
    assert message in refused.content.decode()
    assert not RectificationOrder.objects.exists()


def test_the_page_is_closed_to_outsiders(client, make_user, station, both):
    client.force_login(make_user(Role.INSPECTOR, station=station))
    assert client.get(page_url(both)).status_code == 403
    client.force_login(make_user(Role.OPERATOR, operator=both))
    assert client.post(page_url(both), {"basis": "other"}).status_code == 403
    client.force_login(make_user(Role.STATION, station=StationFactory()))
    assert client.get(page_url(both)).status_code == 404  # not in its scope
    client.logout()
    assert client.get(page_url(both)).status_code == 302  # to sign in
    assert not RectificationOrder.objects.exists()


# --- the API --------------------------------------------------------------------------------


def api_post(client, data, language=ZH):
    speak(client, language)
    return client.post(ORDERS, data, content_type="application/json")


def body(operator, **fields):
    return {
        "operator": operator.pk,
        "basis": "watch_list",
        "basis_note": "列入2026年重点监管对象",
        "area": "qualifications",
        "requirement": "补办食品经营许可证",
        **fields,
    }


def test_the_api_issues_an_order_on_another_basis(client, station_user, both):
    client.force_login(station_user)
    made = api_post(client, body(both, kind="livestream", issued_on="2026-03-02"))
    assert made.status_code == 201, made.content
    got = made.json()
    assert (got["basis"], got["finding"], got["area_code"], got["kind"]) == (
        "watch_list",
        None,
        "qualifications",
        "livestream",
    )
    assert got["basis_label"] == "重点监管" and got["basis_note"] == "列入2026年重点监管对象"
    listed = client.get(ORDERS).json()["results"]
    assert [row["id"] for row in listed] == [got["id"]]


def test_the_api_refuses_in_chinese_and_english(client, station_user, both):
    client.force_login(station_user)
    blank = api_post(client, body(both, basis_note=""), ZH)
    assert blank.status_code == 400
    assert blank.json()["errors"]["basis_note"] == ["请说明责令整改的依据。"]
    blank = api_post(client, body(both, basis_note="", area=""), EN)
    assert blank.json()["errors"] == {
        "basis_note": ["Please state the basis of the rectification order."],
        "area": ["Please choose the requirement area the order concerns."],
    }
    finding = api_post(client, body(both, basis="finding"), ZH)
    assert finding.status_code == 400
    assert finding.json()["errors"]["basis"] == ["依据为检查发现的整改请在该问题的页面下达。"]
    finding = api_post(client, body(both, basis="finding"), EN)
    assert finding.json()["errors"]["basis"] == [
        "Issue an order based on a finding from the finding's page."
    ]
    assert api_post(client, body(both, basis="rumour")).status_code == 400
    assert not RectificationOrder.objects.exists()


def test_the_api_refuses_other_roles_and_other_scopes(client, make_user, station, both):
    client.force_login(make_user(Role.OPERATOR, operator=both))
    assert api_post(client, body(both)).status_code == 403
    client.force_login(make_user(Role.INSPECTOR, station=station))
    assert api_post(client, body(both)).status_code == 403
    client.force_login(make_user(Role.STATION, station=StationFactory()))
    outside = api_post(client, body(both))
    assert outside.status_code == 400 and "operator" in outside.json()["errors"]
    client.logout()
    assert api_post(client, body(both)).status_code in (401, 403)
    assert not RectificationOrder.objects.exists()


# --- the facts ------------------------------------------------------------------------------


def test_facts_carry_the_basis_and_only_finding_orders_say_from_finding(station_user, both):
    fixed = services.issue_order(
        station_user, finding_of(station_user, both), "亮照", issued_on=ISSUED
    )
    opinion = on_basis(station_user, both, kind="group_buying")
    evaluation = on_basis(station_user, both, B.EVALUATION, basis_note="考评", area="conduct")
    got = {fact.ref: fact for fact in facts.orders_for(both.pk, WINDOW)}
    first = got[Ref.of(fixed)]
    assert (first.basis, first.from_finding, first.finding) == (
        "finding",
        True,
        Ref.of(fixed.finding),
    )
    assert (first.area, first.kind) == ("qualifications", "livestream")  # the finding's
    second = got[Ref.of(opinion)]
    assert (second.basis, second.from_finding, second.finding) == ("public_opinion", False, None)
    assert (second.area, second.kind) == ("quality", "group_buying")  # chosen
    third = got[Ref.of(evaluation)]
    assert (third.area, third.kind, third.counts_for_both) == ("conduct", None, True)
    automatic = [fact.ref for fact in got.values() if fact.from_finding]
    assert automatic == [Ref.of(fixed)]


# --- interviews and guidance (measures) -----------------------------------------------------


def measure_page(operator):
    return f"/supervision/operators/{operator.pk}/measure/"


def test_a_measure_on_another_basis_has_no_finding_and_says_its_ground(
    station_user, both, make_user, station
):
    measure = services.record_measure_on_basis(
        station_user, both, B.PUBLIC_OPINION, "舆情：直播间辱骂消费者", "interview", ISSUED, "约谈"
    )
    assert (measure.finding, measure.operator, measure.from_finding) == (None, both, False)
    assert both.events.filter(kind="measure", data__basis="public_opinion").exists()
    after_finding = services.record_measure(
        station_user, finding_of(station_user, both), "guidance", ISSUED, "指导亮照"
    )
    assert (after_finding.basis, after_finding.operator) == (B.FINDING, both)
    for fields in ({"basis": B.FINDING}, {"basis_note": " "}, {"kind": "scolding"}):
        args = {"basis": B.OTHER, "basis_note": "其他", "kind": "guidance", **fields}
        with pytest.raises(ValidationError):
            services.record_measure_on_basis(
                station_user, both, args["basis"], args["basis_note"], args["kind"], ISSUED, "x"
            )
    with pytest.raises(PermissionDenied):
        services.record_measure_on_basis(
            make_user(Role.INSPECTOR, station=station),
            both,
            B.OTHER,
            "其他",
            "guidance",
            ISSUED,
            "x",
        )


@pytest.mark.parametrize(
    "fields",
    [{"basis": B.FINDING}, {"basis": B.OTHER, "basis_note": ""}],
    ids=["finding-missing", "note-missing"],
)
def test_the_database_refuses_a_measure_whose_basis_and_finding_disagree(both, fields):
    measure = Measure(operator=both, kind="interview", held_on=ISSUED, summary="约谈", **fields)
    with pytest.raises(ValidationError):
        measure.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()


def test_the_measure_page_records_and_lists_it(client, station_user, both, make_user):
    client.force_login(station_user)
    assert client.get(measure_page(both)).status_code == 200
    refused = client.post(
        measure_page(both),
        {"basis": "watch_list", "basis_note": "", "kind": "interview", "held_on": "2026-03-02"},
    )
    assert refused.status_code == 200 and "请说明约谈或行政指导的依据。" in refused.content.decode()
    posted = client.post(
        measure_page(both),
        {
            "basis": "watch_list",
            "basis_note": "列入重点监管",
            "kind": "interview",
            "held_on": "2026-03-02",
            "summary": "约谈负责人",
        },
    )
    assert posted.status_code == 302
    file = client.get(f"/supervision/operators/{both.pk}/").content.decode()
    assert "约谈负责人" in file and "重点监管" in file
    client.force_login(make_user(Role.OPERATOR, operator=both))
    assert client.get(measure_page(both)).status_code == 403
    assert Measure.objects.count() == 1
