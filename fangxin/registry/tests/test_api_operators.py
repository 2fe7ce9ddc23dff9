from datetime import timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, UserFactory
from fangxin.registry.models import Licence, Operator, PlatformAccount, ProfileChange
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.registry.uscc import make

pytestmark = pytest.mark.django_db

URL = "/api/v1/operators/"
ID_NUMBER = "330522199001011231"
PHONE = "13912345678"


def detail(operator) -> str:
    return f"{URL}{operator.pk}/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def new_operator(area, **fields) -> dict:
    return {
        "name": "长兴新登记电商有限公司",
        "uscc": make("91330522MB1234567"),
        "livestream": True,
        "legal_rep_name": "李四",
        "legal_rep_id_number": ID_NUMBER,
        "contact_phone": PHONE,
        "area": area.pk,
        **fields,
    }


def wrong_check_digit(code: str) -> str:
    return code[:-1] + ("1" if code[-1] != "1" else "2")


@pytest.fixture
def two_areas():
    """An operator in each of two stations' areas, plus a suspended one in the first."""
    mine = OperatorFactory(name="本所经营主体")
    theirs = OperatorFactory(name="他所经营主体")
    suspended = OperatorFactory(
        name="本所暂停主体", area=mine.area, status=Operator.Status.SUSPENDED
    )
    return mine, theirs, suspended


# --- who sees what ---------------------------------------------------------------------------


def test_list_is_scoped_per_role(client, make_user, two_areas):
    mine, theirs, suspended = two_areas
    everyone = {mine.name, theirs.name, suspended.name}

    client.force_login(make_user(Role.OFFICE))
    assert names(client.get(URL)) == everyone

    client.force_login(make_user(Role.STATION, station=mine.area.station))
    assert names(client.get(URL)) == {mine.name, suspended.name}

    client.force_login(make_user(Role.INSPECTOR, station=theirs.area.station))
    assert names(client.get(URL)) == {theirs.name}

    client.force_login(make_user(Role.OPERATOR, operator=mine))
    assert names(client.get(URL)) == {mine.name}

    client.force_login(make_user(Role.MONITOR))
    assert names(client.get(URL)) == {mine.name, theirs.name}


def test_out_of_scope_operator_is_404(client, make_user, two_areas):
    mine, theirs, _suspended = two_areas
    client.force_login(make_user(Role.STATION, station=mine.area.station))
    assert client.get(detail(mine)).status_code == 200
    response = client.get(detail(theirs))
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}
    assert client.patch(detail(theirs), {}, content_type="application/json").status_code == 404

    client.force_login(make_user(Role.OPERATOR, operator=mine))
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404


def test_monitor_cannot_read_an_inactive_operator(client, make_user, two_areas):
    _mine, _theirs, suspended = two_areas
    client.force_login(make_user(Role.MONITOR))
    assert client.get(detail(suspended)).status_code == 404


def test_anonymous_gets_401(client, two_areas):
    mine = two_areas[0]
    assert client.get(URL).status_code == 401
    assert client.get(detail(mine)).status_code == 401
    assert client.post(URL, {}, content_type="application/json").status_code == 401


def test_user_without_a_role_gets_403(client, two_areas):
    client.force_login(UserFactory(role=""))
    response = client.get(URL)
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_bearer_token_works(client, make_user, two_areas):
    from rest_framework.authtoken.models import Token

    user = make_user(Role.OFFICE)
    token = Token.objects.create(user=user)
    response = client.get(URL, headers={"Authorization": f"Bearer {token.key}"})
    assert response.json()["count"] == 3


# --- the representation ----------------------------------------------------------------------


def test_detail_fields_and_nested_children(client, make_user):
    today = timezone.localdate()
    operator = OperatorFactory(sells_food=True)
    Licence.objects.create(
        operator=operator,
        kind=Licence.Kind.BUSINESS,
        number="B-1",
        issuer="长兴县市场监督管理局",
        valid_to=today + timedelta(days=10),
    )
    PlatformAccount.objects.create(
        operator=operator, platform="douyin", handle="长兴好物", account_id="dy123"
    )
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    body = client.get(detail(operator)).json()
    assert body["id"] == operator.pk
    assert body["uscc"] == operator.uscc
    assert body["area"] == operator.area_id
    assert body["area_name"] == operator.area.name
    assert body["station_name"] == operator.area.station.name
    assert body["status"] == "active"
    assert body["risk_class"] == "B"
    assert body["pending_changes"] == 0
    assert body["licences"] == [
        {
            "id": operator.licences.get().pk,
            "kind": "business",
            "number": "B-1",
            "issuer": "长兴县市场监督管理局",
            "valid_from": None,
            "valid_to": (today + timedelta(days=10)).isoformat(),
            "state": "expiring",
        }
    ]
    assert body["accounts"] == [
        {
            "id": operator.accounts.get().pk,
            "platform": "douyin",
            "handle": "长兴好物",
            "account_id": "dy123",
            "url": "",
        }
    ]
    # One licence expiring, and food sold without a food licence.
    assert len(body["licence_problems"]) == 2
    assert all(isinstance(problem, str) for problem in body["licence_problems"])


def test_personal_data_is_masked_for_other_roles(client, make_user):
    operator = OperatorFactory(legal_rep_id_number=ID_NUMBER, contact_phone=PHONE)
    station = operator.area.station
    for user in (make_user(Role.INSPECTOR, station=station), make_user(Role.MONITOR)):
        client.force_login(user)
        body = client.get(detail(operator)).json()
        assert body["legal_rep_id_number"] == "330522********1231"
        assert body["contact_phone"] == "139****5678"
        listed = client.get(URL).json()["results"][0]
        assert listed["contact_phone"] == "139****5678"
    for user in (
        make_user(Role.OFFICE),
        make_user(Role.STATION, station=station),
        make_user(Role.OPERATOR, operator=operator),
    ):
        client.force_login(user)
        body = client.get(detail(operator)).json()
        assert body["legal_rep_id_number"] == ID_NUMBER
        assert body["contact_phone"] == PHONE


def test_list_query_count_does_not_grow(client, make_user, django_assert_max_num_queries):
    area = AreaFactory()
    for operator in OperatorFactory.create_batch(20, area=area):
        Licence.objects.create(operator=operator, kind="business", number=f"B-{operator.pk}")
        PlatformAccount.objects.create(operator=operator, platform="douyin", handle=operator.name)
        ProfileChange.objects.create(operator=operator, new_name="改名")
    client.force_login(make_user(Role.STATION, station=area.station))
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    body = response.json()
    assert body["count"] == 20
    assert all(len(row["licences"]) == 1 and len(row["accounts"]) == 1 for row in body["results"])
    assert all(row["pending_changes"] == 1 for row in body["results"])


# --- creating --------------------------------------------------------------------------------


def test_station_creates_in_its_own_area(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.STATION, station=area.station))
    response = client.post(URL, new_operator(area), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    operator = Operator.objects.get(pk=body["id"])
    assert operator.status == Operator.Status.ACTIVE
    assert operator.events.filter(kind="registered").exists()
    assert body["status"] == "active"
    assert body["area_name"] == area.name
    assert body["contact_phone"] == PHONE


def test_station_cannot_create_in_another_area(client, make_user):
    client.force_login(make_user(Role.STATION))
    response = client.post(URL, new_operator(AreaFactory()), content_type="application/json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not Operator.objects.exists()


def test_operator_and_inspector_cannot_create(client, make_user):
    area = AreaFactory()
    for user in (make_user(Role.OPERATOR), make_user(Role.INSPECTOR, station=area.station)):
        client.force_login(user)
        response = client.post(URL, new_operator(area), content_type="application/json")
        assert response.status_code == 403
    assert Operator.objects.count() == 1  # the operator user's own


def test_office_sets_risk_class_station_cannot(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.OFFICE))
    created = client.post(URL, new_operator(area, risk_class="C"), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["risk_class"] == "C"

    operator = Operator.objects.get()
    client.force_login(make_user(Role.STATION, station=area.station))
    response = client.patch(detail(operator), {"risk_class": "D"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["risk_class"] == "C"
    operator.refresh_from_db()
    assert operator.risk_class == "C"


def test_status_is_read_only(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        URL, new_operator(area, status="left", status_reason="x"), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "active"
    assert response.json()["status_reason"] == ""


def test_invalid_uscc_is_reported_under_uscc(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.OFFICE))
    for bad in ("123", wrong_check_digit(make("91330522MB1234567"))):
        response = client.post(URL, new_operator(area, uscc=bad), content_type="application/json")
        assert response.status_code == 400
        body = response.json()
        assert body["detail"] == "Invalid input."
        assert list(body["errors"]) == ["uscc"]
        assert "统一社会信用代码" in body["errors"]["uscc"][0]


def test_duplicate_uscc_is_400(client, make_user):
    existing = OperatorFactory()
    client.force_login(make_user(Role.OFFICE))
    for code in (existing.uscc, existing.uscc.lower()):
        response = client.post(
            URL, new_operator(existing.area, uscc=code), content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["errors"]["uscc"] == ["该统一社会信用代码已被登记。"]


def test_bad_phone_and_id_number_are_400(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        URL, new_operator(area, contact_phone="12345"), content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["contact_phone"]
    response = client.post(
        URL,
        new_operator(area, legal_rep_id_number="330522199001011230"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "legal_rep_id_number" in response.json()["errors"]


def test_an_operator_needs_a_kind(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        URL, new_operator(area, livestream=False), content_type="application/json"
    )
    assert response.status_code == 400
    assert "livestream" in response.json()["errors"]


# --- updating --------------------------------------------------------------------------------


def test_operator_renaming_itself_files_a_change_request(client, make_user):
    operator = OperatorFactory(name="旧名称")
    client.force_login(make_user(Role.OPERATOR, operator=operator))
    response = client.patch(
        detail(operator),
        {"name": "新名称", "contact_name": "王五"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "旧名称"
    assert body["contact_name"] == "王五"
    assert body["pending_changes"] == 1
    operator.refresh_from_db()
    assert operator.name == "旧名称"
    change = ProfileChange.objects.get(operator=operator)
    assert change.new_name == "新名称"
    assert change.status == ProfileChange.Status.PENDING


def test_operator_may_not_move_itself(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.OPERATOR, operator=operator))
    response = client.patch(
        detail(operator), {"area": AreaFactory().pk}, content_type="application/json"
    )
    assert response.status_code == 403


def test_station_edits_its_operator(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    new_code = make("91330522MB7654321")
    response = client.patch(
        detail(operator), {"name": "改后名称", "uscc": new_code}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "改后名称"
    operator.refresh_from_db()
    assert (operator.name, operator.uscc) == ("改后名称", new_code)
    assert operator.events.filter(kind="profile").exists()
    assert not ProfileChange.objects.exists()


def test_station_full_update(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    payload = new_operator(operator.area, uscc=operator.uscc, group_buying=True)
    response = client.put(detail(operator), payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["group_buying"] is True
    assert response.json()["name"] == payload["name"]


def test_station_cannot_move_an_operator_to_another_station(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    response = client.patch(
        detail(operator), {"area": AreaFactory().pk}, content_type="application/json"
    )
    assert response.status_code == 403


def test_inspector_cannot_edit(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.INSPECTOR, station=operator.area.station))
    response = client.patch(detail(operator), {"name": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_no_delete(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.OFFICE))
    assert client.delete(detail(operator)).status_code == 405


# --- licences and accounts -------------------------------------------------------------------


def test_station_adds_a_licence(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    payload = {"kind": "food_permit", "number": "JY1", "valid_to": "2099-01-01"}
    response = client.post(f"{detail(operator)}licences/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "valid"
    licence = operator.licences.get()
    assert licence.number == "JY1"
    assert operator.events.filter(kind="child").exists()
    again = client.post(f"{detail(operator)}licences/", payload, content_type="application/json")
    assert again.status_code == 400


def test_licence_dates_are_checked(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.OFFICE))
    response = client.post(
        f"{detail(operator)}licences/",
        {"kind": "business", "number": "B1", "valid_from": "2025-01-02", "valid_to": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "valid_to" in response.json()["errors"]


def test_operator_adds_its_own_account(client, make_user):
    operator = OperatorFactory()
    client.force_login(make_user(Role.OPERATOR, operator=operator))
    response = client.post(
        f"{detail(operator)}accounts/",
        {"platform": "kuaishou", "handle": "好物直播间"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert operator.accounts.get().handle == "好物直播间"
    assert client.get(detail(operator)).json()["accounts"][0]["handle"] == "好物直播间"


def test_children_are_scoped(client, make_user):
    mine, theirs = OperatorFactory(), OperatorFactory()
    payload = {"platform": "douyin", "handle": "h"}
    client.force_login(make_user(Role.STATION, station=mine.area.station))
    response = client.post(f"{detail(theirs)}accounts/", payload, content_type="application/json")
    assert response.status_code == 404
    client.force_login(make_user(Role.OPERATOR, operator=mine))
    response = client.post(f"{detail(theirs)}licences/", payload, content_type="application/json")
    assert response.status_code == 404
    client.force_login(make_user(Role.INSPECTOR, station=mine.area.station))
    response = client.post(f"{detail(mine)}accounts/", payload, content_type="application/json")
    assert response.status_code == 403
    assert not PlatformAccount.objects.exists()


# --- filters ---------------------------------------------------------------------------------


def test_filters(client, make_user):
    today = timezone.localdate()
    area = AreaFactory()
    live = OperatorFactory(name="直播甲", area=area)
    group = OperatorFactory(name="团购乙", area=area, livestream=False, group_buying=True)
    applied = OperatorFactory(name="待确认丙", area=area, status=Operator.Status.APPLIED)
    expiring = OperatorFactory(name="到期丁", area=area)
    Licence.objects.create(
        operator=expiring, kind="business", number="E1", valid_to=today + timedelta(days=5)
    )
    elsewhere = OperatorFactory(name="他所戊")
    PlatformAccount.objects.create(operator=group, platform="douyin", handle="团购好物")
    PlatformAccount.objects.create(operator=group, platform="kuaishou", handle="团购好物快手")

    client.force_login(make_user(Role.OFFICE))
    assert names(client.get(URL, {"status": "applied"})) == {applied.name}
    assert names(client.get(URL, {"kind": "group_buying"})) == {group.name}
    assert group.name not in names(client.get(URL, {"kind": "livestream"}))
    assert names(client.get(URL, {"licence_problem": "true"})) == {expiring.name}
    assert expiring.name not in names(client.get(URL, {"licence_problem": "false"}))
    assert names(client.get(URL, {"area": area.pk})) == {
        live.name,
        group.name,
        applied.name,
        expiring.name,
    }
    assert names(client.get(URL, {"station": elsewhere.area.station_id})) == {elsewhere.name}

    by_handle = client.get(URL, {"search": "团购好物"}).json()
    assert by_handle["count"] == 1  # two matching accounts, one row
    assert [row["name"] for row in by_handle["results"]] == [group.name]
    assert names(client.get(URL, {"search": expiring.uscc.lower()})) == {expiring.name}
    assert names(client.get(URL, {"search": "直播"})) == {live.name}

    ordered = client.get(URL, {"ordering": "-created_at"}).json()["results"]
    assert ordered[0]["name"] == elsewhere.name
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


def test_schema_documents_the_operators_api(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    for path in (
        b"/api/v1/operators/:",
        b"/api/v1/operators/{id}/:",
        b"/api/v1/operators/{id}/licences/:",
        b"/api/v1/operators/{id}/accounts/:",
    ):
        assert path in schema.content
