"""First journeys in headless Chromium: login, the Chinese home page, role-specific menus."""

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_is_redirected_to_login(page):
    page.goto("/desk/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "放心电商培育管理平台"


def test_office_logs_in_and_sees_chinese_home(page, login, make_user):
    make_user(Role.OFFICE, username="office1", first_name="王主任")
    login("office1", PASSWORD)
    assert page.locator("h1").inner_text() == "您好，王主任"
    nav = page.locator("#nav-items").inner_text()
    assert "审计日志" in nav and "系统管理" in nav
    assert page.locator("#home-cards .card").count() >= 4
    page.screenshot(path="test-artifacts/office-home.png", full_page=True)
    assert page.console_errors == []  # no CSP violation, no missing asset


def test_station_does_not_see_office_menus(page, login, make_user):
    make_user(Role.STATION, username="station1")
    login("station1", PASSWORD)
    nav = page.locator("#nav-items").inner_text()
    assert "经营主体" in nav
    assert "审计日志" not in nav
    assert "系统管理" not in nav


def test_wrong_password_shows_a_clear_message(page, login, make_user):
    make_user(Role.OFFICE, username="office1")
    login("office1", "wrong-password")
    assert "请输入一个正确的" in page.locator("#login-error").inner_text()


def test_language_switch_to_english(page, login, make_user):
    make_user(Role.OFFICE, username="office1")
    login("office1", PASSWORD)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Audit log" in page.locator("#nav-items").inner_text()
