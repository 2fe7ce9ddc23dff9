import pytest
from django.test import override_settings

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_chinese(client):
    body = client.get("/accounts/login/").content.decode()
    assert "放心电商培育管理平台" in body
    assert 'lang="zh-hans"' in body


def test_office_logs_in_and_sees_home(client, make_user):
    make_user(Role.OFFICE, username="boss")
    response = client.post(
        "/accounts/login/", {"username": "boss", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "审计日志" in body
    assert "培育中的经营主体" in body


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user):
    make_user(Role.OFFICE, username="boss")
    wrong = client.post("/accounts/login/", {"username": "boss", "password": "nope"})
    unknown = client.post("/accounts/login/", {"username": "ghost", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert "请输入一个正确的" in wrong.content.decode()
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account(client, make_user):
    make_user(Role.OFFICE, username="boss")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "boss", "password": "nope"})
    locked = client.post("/accounts/login/", {"username": "boss", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_station_does_not_see_office_menus(client, make_user):
    client.force_login(make_user(Role.STATION))
    body = client.get("/desk/").content.decode()
    assert "审计日志" not in body
    assert "系统管理" not in body
    assert client.get("/audit/").status_code == 403


def test_english_is_available(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/desk/").content.decode()
    assert "Audit log" in body
    assert "Operators" in body


def test_english_browser_still_gets_chinese(client):
    body = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "放心电商培育管理平台" in body.content.decode()
