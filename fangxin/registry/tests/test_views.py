import csv
import io
from datetime import timedelta

import pytest
import rules
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from fangxin.core.permissions import is_inspector
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory
from fangxin.registry.models import Licence, Operator
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.registry.tests.test_import import row, xlsx
from fangxin.registry.uscc import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stations(make_user):
    mine, theirs = OperatorFactory(name="本所经营主体"), OperatorFactory(name="他所经营主体")
    user = make_user(Role.STATION, station=mine.area.station)
    return user, mine, theirs


def test_list_shows_only_own_area(client, two_stations):
    user, _mine, _theirs = two_stations
    client.force_login(user)
    body = client.get("/registry/operators/").content.decode()
    assert "本所经营主体" in body
    assert "他所经营主体" not in body


def test_detail_of_another_station_is_404(client, two_stations):
    user, mine, theirs = two_stations
    client.force_login(user)
    assert client.get(f"/registry/operators/{mine.pk}/").status_code == 200
    assert client.get(f"/registry/operators/{theirs.pk}/").status_code == 404
    assert client.get(f"/registry/operators/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/programme/applications/{theirs.pk}/confirm/").status_code == 404


def test_operator_reads_only_itself(client, make_user):
    me, other = OperatorFactory(), OperatorFactory()
    client.force_login(make_user(Role.OPERATOR, operator=me))
    assert client.get(f"/registry/operators/{me.pk}/").status_code == 200
    assert client.get(f"/registry/operators/{other.pk}/").status_code == 404


def test_anonymous_goes_to_login(client):
    response = client.get("/registry/operators/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_search_filter_and_sort(client, make_user):
    area = AreaFactory()
    a = OperatorFactory(name="甲电商", area=area, livestream=True, group_buying=False)
    b = OperatorFactory(name="乙团购", area=area, livestream=False, group_buying=True)
    a.accounts.create(platform="douyin", handle="甲的抖音号")
    client.force_login(make_user(Role.OFFICE))
    body = client.get("/registry/operators/", {"q": "甲的抖音"}).content.decode()
    assert "甲电商" in body and "乙团购" not in body
    body = client.get("/registry/operators/", {"kind": "group_buying"}).content.decode()
    assert "乙团购" in body and "甲电商" not in body
    body = client.get("/registry/operators/", {"q": b.uscc}).content.decode()
    assert "乙团购" in body and "甲电商" not in body


def test_sort_by_name_both_ways(client, make_user):
    area = AreaFactory()
    OperatorFactory(name="A-first", area=area)
    OperatorFactory(name="B-second", area=area)
    client.force_login(make_user(Role.OFFICE))
    body = client.get("/registry/operators/", {"ordering": "-name"}).content.decode()
    assert body.index("B-second") < body.index("A-first")
    body = client.get("/registry/operators/", {"ordering": "name"}).content.decode()
    assert body.index("A-first") < body.index("B-second")


def test_licence_problem_filter_and_home_alert(client, make_user):
    today = timezone.localdate()
    ok = OperatorFactory(name="证照齐全", sells_food=True)
    Licence.objects.create(operator=ok, kind="food_permit", number="JY1", valid_to=None)
    expiring = OperatorFactory(name="即将到期者", area=ok.area)
    Licence.objects.create(
        operator=expiring, kind="business", number="B1", valid_to=today + timedelta(days=10)
    )
    missing = OperatorFactory(name="缺食品许可者", area=ok.area, sells_food=True)
    office = make_user(Role.OFFICE)
    client.force_login(office)
    body = client.get("/registry/operators/", {"licence_problem": "true"}).content.decode()
    assert "即将到期者" in body and "缺食品许可者" in body and "证照齐全" not in body
    station = make_user(Role.STATION, station=ok.area.station)
    client.force_login(station)
    home = client.get("/desk/").content.decode()
    assert "证照到期提醒" in home and "即将到期者" in home
    detail = client.get(f"/registry/operators/{missing.pk}/").content.decode()
    assert "缺少有效的食品经营许可证或备案" in detail


def test_list_query_count_does_not_grow(client, make_user, django_assert_max_num_queries):
    area = AreaFactory()
    OperatorFactory.create_batch(30, area=area)
    client.force_login(make_user(Role.OFFICE))
    with django_assert_max_num_queries(12):
        assert client.get("/registry/operators/").status_code == 200


@pytest.fixture
def inspectors_may_export():
    """No role exports masked data today; widen the permission to inspectors (who see their
    station's operators masked) to check that an export would mask for them."""
    original = rules.permissions.permissions["registry.export_operator"]
    rules.set_perm("registry.export_operator", original | is_inspector)
    yield
    rules.set_perm("registry.export_operator", original)


def test_export_is_scoped_masked_and_neutralised(client, make_user, inspectors_may_export):
    area = AreaFactory()
    evil = OperatorFactory(name='=HYPERLINK("http://x")', area=area, contact_phone="13912345678")
    OperatorFactory(name="他所", contact_phone="13900000000")
    inspector = make_user(Role.INSPECTOR, station=area.station)
    client.force_login(inspector)
    response = client.get("/registry/operators/export.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["统一社会信用代码", "经营主体名称", "经营类型"]
    assert len(rows) == 2  # header + own area only
    assert rows[1][1].startswith("'=")
    assert rows[1][5] == "139****5678"
    assert evil.pk


def test_export_xlsx_for_station_is_unmasked(client, make_user):
    operator = OperatorFactory(contact_phone="13912345678")
    client.force_login(make_user(Role.STATION, station=operator.area.station))
    response = client.get("/registry/operators/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=6).value == "13912345678"


def test_detail_masks_for_inspector(client, make_user):
    operator = OperatorFactory(contact_phone="13912345678")
    client.force_login(make_user(Role.INSPECTOR, station=operator.area.station))
    body = client.get(f"/registry/operators/{operator.pk}/").content.decode()
    assert "139****5678" in body and "13912345678" not in body
    assert operator.legal_rep_id_number not in body


def test_public_application_and_station_confirmation(client, make_user, changxing):
    from fangxin.core.models import Area

    area = Area.objects.get(code="zhicheng")
    response = client.post(
        "/registry/apply/",
        {
            "username": "newshop",
            "email": "",
            "password1": "Very-secret-123",
            "password2": "Very-secret-123",
            "name": "在线申请电商有限公司",
            "uscc": make("91330522MA0000009"),
            "livestream": "on",
            "legal_rep_name": "周七",
            "contact_phone": "13812345678",
            "area": area.pk,
        },
    )
    assert response.status_code == 302
    operator = Operator.objects.get(name="在线申请电商有限公司")
    assert operator.status == Operator.Status.APPLIED
    client.logout()
    client.force_login(make_user(Role.STATION, station=area.station))
    client.post(f"/programme/applications/{operator.pk}/confirm/")
    assert Operator.objects.get(pk=operator.pk).status == Operator.Status.ACTIVE


def test_application_errors_are_specific(client, changxing):
    response = client.post(
        "/registry/apply/",
        {"username": "x", "password1": "a", "password2": "b", "uscc": "123", "name": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "uscc" in errors and "area" in errors and "password2" in errors
    assert Operator.objects.count() == 0


def test_station_registers_and_adds_a_licence(client, make_user):
    area = AreaFactory()
    client.force_login(make_user(Role.STATION, station=area.station))
    response = client.post(
        "/registry/operators/new/",
        {
            "name": "所里登记有限公司",
            "uscc": make("91330522MA0000010"),
            "group_buying": "on",
            "legal_rep_name": "吴八",
            "area": area.pk,
        },
    )
    operator = Operator.objects.get(name="所里登记有限公司")
    assert response.status_code == 302
    response = client.post(
        f"/registry/operators/{operator.pk}/licences/add/",
        {"kind": "food_record", "number": "YB330522001", "valid_to": "2027-12-31"},
    )
    assert response.status_code == 302
    assert operator.licences.count() == 1
    assert operator.events.filter(kind="child").exists()


def test_import_through_the_pages(client, make_user, changxing):
    from fangxin.core.models import Station

    client.force_login(make_user(Role.STATION, station=Station.objects.get(code="zhicheng")))
    assert client.get("/registry/operators/import/template.xlsx").status_code == 200
    bad = SimpleUploadedFile("ops.xlsx", xlsx([row(1), row(2, **{"所属乡镇（街道）": "火星镇"})]))
    page = client.post("/registry/operators/import/", {"file": bad}).content.decode()
    assert "第3行【所属乡镇（街道）】" in page
    assert 'name="token"' not in page
    good = SimpleUploadedFile("ops.xlsx", xlsx([row(1), row(2)]))
    response = client.post("/registry/operators/import/", {"file": good})
    token = response.context["token"]
    assert Operator.objects.count() == 0
    response = client.post("/registry/operators/import/confirm/", {"token": token})
    assert response.status_code == 302
    assert Operator.objects.count() == 2


def test_upload_not_a_spreadsheet(client, make_user, changxing):
    client.force_login(make_user(Role.OFFICE))
    page = client.post(
        "/registry/operators/import/", {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}
    ).content.decode()
    assert "只支持 .xlsx 或 .csv 文件" in page


def test_confirm_token_cannot_escape(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    assert client.post("/registry/operators/import/confirm/", {"token": "../x"}).status_code == 404


def test_import_is_refused_to_operators_and_monitors(client, make_user):
    for role in (Role.OPERATOR, Role.MONITOR, Role.INSPECTOR):
        client.force_login(make_user(role))
        assert client.get("/registry/operators/import/").status_code == 403
        assert client.get("/registry/operators/export.xlsx").status_code == 403


def test_operator_nav_leads_to_its_own_profile(client, make_user):
    me = OperatorFactory()
    client.force_login(make_user(Role.OPERATOR, operator=me))
    home = client.get("/desk/").content.decode()
    assert "我的资料" in home
    response = client.get("/registry/mine/")
    assert response["Location"] == f"/registry/operators/{me.pk}/"


def test_user_without_operator_has_no_profile(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    assert client.get("/registry/mine/").status_code == 404


def test_licence_problem_filter_starts_at_all_and_still_filters(client, make_user):
    """Issue 11 item 13: the filter showed 未知 selected, which reads as a value."""
    import datetime

    from fangxin.registry.tests.factories import LicenceFactory

    office = make_user(Role.OFFICE)
    expired = LicenceFactory(valid_to=datetime.date(2020, 1, 1)).operator
    fine = LicenceFactory(valid_to=None).operator
    client.force_login(office)
    body = client.get("/registry/operators/").content.decode()
    select = body[body.index('name="licence_problem"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>全部</option>' in select
    assert "未知" not in select
    problems = client.get("/registry/operators/", {"licence_problem": "true"}).context["page"]
    assert [o.pk for o in problems] == [expired.pk]
    clean = client.get("/registry/operators/", {"licence_problem": "false"}).context["page"]
    assert fine.pk in [o.pk for o in clean] and expired.pk not in [o.pk for o in clean]
    # The API reads the same filter the same way.
    client.force_login(office)
    assert client.get("/api/v1/operators/", {"licence_problem": "true"}).status_code == 200
