import pytest

from fangxin.core.roles import Role

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_friendly_404_in_chinese(client, make_user):
    client.force_login(make_user(Role.STATION))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_friendly_403_in_chinese(client, make_user):
    client.force_login(make_user(Role.OPERATOR))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "http" not in csp  # no outside origin is allowed
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_asset_from_outside(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    for url in ("/", "/accounts/login/", "/api/docs/", "/audit/"):
        body = client.get(url).content.decode()
        assert "//cdn" not in body and "https://" not in body, url


@pytest.mark.parametrize("role", [r for r in Role])
def test_every_role_gets_a_home_page(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/desk/")
    assert response.status_code == 200
    assert "home-cards" in response.content.decode()


def test_anonymous_visitors_get_the_public_navigation(client):
    body = client.get("/public/inspections/").content.decode()
    assert "检查结果公示" in body and "双随机抽取公示" in body and "申请加入培育" in body
    assert 'href="/accounts/login/"' in body
