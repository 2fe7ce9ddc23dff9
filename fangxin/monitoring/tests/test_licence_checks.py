"""Licence-display checks (亮照亮证检查): a monitor records one of an enrolled operator's
storefront; bad input is refused field by field; the office and stations read them in their
scope (a station its area, a monitor the checks it made, the operator none); the page and the
API call the same service; facts give evaluation the failed ones."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fangxin.core.facts import Ref, Window
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.tests.factories import AreaFactory, StationFactory
from fangxin.monitoring import facts, services
from fangxin.monitoring.models import LicenceCheck
from fangxin.programme.models import Enrolment
from fangxin.registry.models import PlatformAccount
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory

pytestmark = pytest.mark.django_db

PAGE = "/monitoring/licence-checks/"
API = "/api/v1/monitoring/licence-checks/"
MISSING = LicenceCheck.Result.MISSING
YESTERDAY = timezone.localdate() - timedelta(days=1)


class World:
    """Two stations with an enrolled operator each, a monitor, and users of every side."""

    def __init__(self, make_user, campaign):
        station_a, station_b = StationFactory(), StationFactory()
        self.operator = OperatorFactory(area=AreaFactory(station=station_a))
        self.far = OperatorFactory(area=AreaFactory(station=station_b))
        self.not_enrolled = OperatorFactory(area=AreaFactory(station=station_a))
        for operator in (self.operator, self.far):
            Enrolment.objects.create(campaign=campaign, operator=operator, kind="livestream")
        self.account = PlatformAccountFactory(operator=self.operator)
        self.office = make_user(Role.OFFICE)
        self.station = make_user(Role.STATION, station=station_a)
        self.inspector = make_user(Role.INSPECTOR, station=station_a)
        self.other_station = make_user(Role.STATION, station=station_b)
        self.monitor = make_user(Role.MONITOR)
        self.other_monitor = make_user(Role.MONITOR)
        self.operator_user = make_user(Role.OPERATOR, operator=self.operator)

    def check(self, operator=None, *, by=None, result=MISSING, **extra):
        operator = operator or self.operator
        fields = {"checked_on": YESTERDAY, "result": result, "note": "未公示营业执照", **extra}
        if "account" not in extra and "storefront" not in extra:
            fields["storefront"] = f"{operator.name}抖音小店"
        return services.record_licence_check(by or self.monitor, operator, **fields)


@pytest.fixture
def world(make_user, campaign):
    return World(make_user, campaign)


# --- the service -------------------------------------------------------------------------------


def test_a_monitor_records_a_check_of_an_enrolled_operators_account(world):
    check = world.check(account=world.account, result=LicenceCheck.Result.PARTIAL)
    assert check.checked_by == world.monitor and check.operator == world.operator
    assert check.place == str(world.account) and not check.passed
    assert world.check(result=LicenceCheck.Result.DISPLAYED, note="").passed


def test_the_office_may_record_too(world):
    assert world.check(by=world.office).checked_by == world.office


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.EVALUATOR])
def test_other_roles_may_not_record(world, make_user, role):
    user = {Role.STATION: world.station, Role.OPERATOR: world.operator_user}.get(role)
    with pytest.raises(PermissionDenied):
        world.check(by=user or make_user(role))
    assert not LicenceCheck.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checked_on": timezone.localdate() + timedelta(days=1)}, "checked_on"),
        ({"result": "maybe"}, "result"),
        ({"note": ""}, "note"),
        ({"storefront": ""}, "account"),
        ({"storefront": "店" * 201}, "storefront"),
        ({"note": "说" * 501}, "note"),
    ],
)
def test_bad_input_is_refused_with_its_field(world, change, field):
    values = {
        "checked_on": YESTERDAY,
        "result": MISSING,
        "note": "未公示",
        "storefront": "长兴好物小店",
    }
    values.update(change)
    with pytest.raises(ValidationError) as refused:
        services.record_licence_check(world.monitor, world.operator, **values)
    assert field in refused.value.message_dict
    assert not LicenceCheck.objects.exists()


def test_another_operators_account_is_refused(world):
    theirs = PlatformAccountFactory(operator=world.far)
    with pytest.raises(ValidationError) as refused:
        world.check(account=theirs)
    assert "account" in refused.value.message_dict


def test_an_operator_not_enrolled_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        world.check(world.not_enrolled)
    assert "未纳入培育" in refused.value.message_dict["operator"][0]


# --- who sees which ------------------------------------------------------------------------------


def test_each_role_sees_the_checks_in_its_scope(world):
    near = world.check()
    far = world.check(world.far, by=world.other_monitor)
    by_office = world.check(world.far, by=world.office)
    seen = {
        name: set(visible(getattr(world, name), LicenceCheck))
        for name in ("office", "station", "inspector", "other_station", "monitor", "operator_user")
    }
    assert seen["office"] == {near, far, by_office}
    assert seen["station"] == seen["inspector"] == {near}
    assert seen["other_station"] == {far, by_office}
    assert seen["monitor"] == {near}
    assert seen["operator_user"] == set()


# --- the page ------------------------------------------------------------------------------------


def test_the_monitor_records_a_check_on_the_page(client, world):
    client.force_login(world.monitor)
    form = client.get(PAGE, {"operator": world.operator.pk})
    assert form.status_code == 200
    html = form.content.decode()
    assert 'id="licence-check-form"' in html and world.account.handle in html
    # Only enrolled operators are offered.
    assert world.not_enrolled.name not in html
    response = client.post(
        PAGE,
        {
            "operator": world.operator.pk,
            "account": world.account.pk,
            "checked_on": YESTERDAY.isoformat(),
            "result": "partial",
            "note": "未公示食品经营许可证",
        },
    )
    check = LicenceCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?operator={world.operator.pk}#check-{check.pk}")
    assert (check.result, check.account, check.checked_by) == (
        "partial",
        world.account,
        world.monitor,
    )
    listed = client.get(response["Location"]).content.decode()
    assert f'id="check-{check.pk}"' in listed and "未公示食品经营许可证" in listed


def test_a_refused_check_shows_the_field_error_and_keeps_the_input(client, world):
    client.force_login(world.monitor)
    response = client.post(
        PAGE,
        {
            "operator": world.operator.pk,
            "storefront": "长兴好物小店",
            "checked_on": YESTERDAY.isoformat(),
            "result": "missing",
            "note": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field="note"' in html and "长兴好物小店" in html
    assert not LicenceCheck.objects.exists()


def test_a_post_about_an_operator_not_enrolled_is_refused(client, world):
    client.force_login(world.monitor)
    response = client.post(
        PAGE,
        {
            "operator": world.not_enrolled.pk,
            "storefront": "店",
            "checked_on": YESTERDAY.isoformat(),
            "result": "displayed",
        },
    )
    assert response.status_code == 200 and 'data-field="operator"' in response.content.decode()
    assert not LicenceCheck.objects.exists()


def test_a_station_reads_its_area_and_may_not_record(client, world):
    near, far = world.check(), world.check(world.far)
    client.force_login(world.station)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="check-{near.pk}"' in html and f'id="check-{far.pk}"' not in html
    assert 'id="licence-check-form"' not in html and 'id="operator-form"' not in html
    # A filter value that does not parse is left out, never a 500.
    assert client.get(PAGE, {"operator": "x", "result": "nope"}).status_code == 200
    client.post(
        PAGE,
        {
            "operator": world.operator.pk,
            "storefront": "店",
            "checked_on": YESTERDAY.isoformat(),
            "result": "displayed",
        },
    )
    assert LicenceCheck.objects.count() == 2


def test_the_operator_and_outside_roles_are_refused_the_page(client, world, make_user):
    for user in (world.operator_user, make_user(Role.EVALUATOR), make_user(Role.ASSOCIATION)):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403


def test_the_material_list_links_to_the_checks(client, world):
    client.force_login(world.station)
    assert 'id="licence-checks-link"' in client.get("/monitoring/").content.decode()


# --- the API -------------------------------------------------------------------------------------


def _body(world, **change):
    body = {
        "operator": world.operator.pk,
        "account": world.account.pk,
        "checked_on": YESTERDAY.isoformat(),
        "result": "missing",
        "note": "直播间未亮照",
    }
    body.update(change)
    return body


def test_a_monitor_creates_a_check_through_the_api(client, world):
    client.force_login(world.monitor)
    response = client.post(API, _body(world), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["result"] == "missing" and data["checked_by"]["id"] == world.monitor.pk
    assert data["place"] == str(world.account)
    assert client.get(f"{API}{data['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"result": "maybe"}, "result"),
        ({"checked_on": "2026-13-01"}, "checked_on"),
        ({"note": ""}, "note"),
    ],
)
def test_bad_input_through_the_api_is_a_400(client, world, change, field):
    client.force_login(world.monitor)
    response = client.post(API, _body(world, **change), content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.content.decode()
    assert not LicenceCheck.objects.exists()


def test_the_api_refuses_to_record_for_a_station_and_the_operator(client, world):
    for user in (world.station, world.operator_user):
        client.force_login(user)
        response = client.post(API, _body(world), content_type="application/json")
        assert response.status_code == 403
    assert not LicenceCheck.objects.exists()


def test_the_api_lists_by_scope_and_filters_the_failed(client, world):
    near = world.check()
    passed = world.check(result=LicenceCheck.Result.DISPLAYED, note="")
    far = world.check(world.far)
    client.force_login(world.station)
    listed = {row["id"] for row in client.get(API).json()["results"]}
    assert listed == {near.pk, passed.pk}
    assert client.get(f"{API}{far.pk}/").status_code == 404
    failed = {row["id"] for row in client.get(API, {"failed": "true"}).json()["results"]}
    assert failed == {near.pk}
    client.force_login(world.operator_user)
    assert client.get(API).status_code == 403


# --- facts ---------------------------------------------------------------------------------------


def test_facts_give_the_checks_of_the_window_with_their_kind(world):
    both = OperatorFactory(livestream=True, group_buying=True)
    Enrolment.objects.create(
        campaign=Enrolment.objects.first().campaign, operator=both, kind="group_buying"
    )
    inside = world.check()
    world.check(result=LicenceCheck.Result.DISPLAYED, note="")
    douyin = PlatformAccountFactory(operator=both, platform=PlatformAccount.Platform.DOUYIN)
    on_account = world.check(both, account=douyin)
    on_shop = world.check(both)
    window = Window(YESTERDAY - timedelta(days=30), YESTERDAY)
    found = facts.licence_checks([world.operator.pk, both.pk, world.far.pk], window)
    assert len(found[world.operator.pk]) == 2 and found[world.far.pk] == ()
    failed = facts.licence_checks([world.operator.pk, both.pk], window, failed_only=True)
    (only,) = failed[world.operator.pk]
    assert only.ref == Ref("monitoring.licencecheck", inside.pk) and only.failed
    assert only.kind == "livestream" and "抖音小店" in only.place
    kinds = {f.ref.pk: f.kind for f in failed[both.pk]}
    assert kinds == {on_account.pk: "livestream", on_shop.pk: None}
    assert (
        facts.licence_checks_for(world.operator.pk, Window(date(2000, 1, 1), date(2000, 1, 2)))
        == ()
    )
