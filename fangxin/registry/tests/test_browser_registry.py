"""Registry journeys in headless Chromium: import with a bad row, and apply → confirm."""

import pytest

from fangxin.core.models import Station
from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.registry.models import Operator
from fangxin.registry.tests.test_import import row, xlsx
from fangxin.registry.uscc import make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_station_imports_fixes_a_bad_row_and_imports(page, login, make_user, changxing, tmp_path):
    make_user(Role.STATION, username="st", station=Station.objects.get(code="zhicheng"))
    login("st", PASSWORD)
    page.click("[data-nav='registry:operator-list']")
    page.click("text=Excel导入")
    with page.expect_download() as download:
        page.click("#download-template")
    assert download.value.suggested_filename.endswith(".xlsx")

    bad = tmp_path / "operators.xlsx"
    bad.write_bytes(xlsx([row(1), row(2, **{"所属乡镇（街道）": "火星镇"})]))
    page.set_input_files("input[type=file]", str(bad))
    page.click("#dry-run")
    assert "第3行【所属乡镇（街道）】" in page.locator("#import-report").inner_text()
    assert page.locator("#confirm-import").count() == 0
    page.screenshot(path="test-artifacts/import-errors.png", full_page=True)

    good = tmp_path / "fixed.xlsx"
    good.write_bytes(xlsx([row(1), row(2)]))
    page.set_input_files("input[type=file]", str(good))
    page.click("#dry-run")
    assert "将新增 2 条" in page.locator("#dry-run-ok").inner_text()
    assert Operator.objects.count() == 0
    with page.expect_navigation():
        page.click("#confirm-import")
    assert "导入完成" in page.content()
    assert Operator.objects.count() == 2
    assert page.locator("#operator-table tbody tr").count() == 2


def test_operator_applies_and_station_confirms(page, login, make_user, changxing):
    station = Station.objects.get(code="zhicheng")
    make_user(Role.STATION, username="st", station=station)
    page.goto("/accounts/login/")
    page.click("#apply-link")
    page.fill("#id_name", "浏览器申请电商有限公司")
    page.fill("#id_uscc", make("91330522MA0000077"))
    page.check("#id_livestream")
    page.fill("#id_legal_rep_name", "郑九")
    page.fill("#id_contact_phone", "1381234")  # wrong first
    page.select_option("#id_area", label="雉城街道")
    page.fill("#id_username", "browsershop")
    page.fill("#id_password1", "Browser-pass-123")
    page.fill("#id_password2", "Browser-pass-123")
    page.click("#apply-form button[type=submit]")
    assert "手机号码" in page.locator(".field-error[data-field=contact_phone]").inner_text()
    page.fill("#id_contact_phone", "13812345678")
    page.fill("#id_password1", "Browser-pass-123")
    page.fill("#id_password2", "Browser-pass-123")
    with page.expect_navigation():
        page.click("#apply-form button[type=submit]")
    assert "待确认" in page.locator("#operator-status").inner_text()
    page.screenshot(path="test-artifacts/applied.png", full_page=True)

    with page.expect_navigation():
        page.click("nav button[type=submit]")  # log out
    login("st", PASSWORD)
    operator = Operator.objects.get(name="浏览器申请电商有限公司")
    page.goto(f"/registry/operators/{operator.pk}/")
    with page.expect_navigation():
        page.click("#confirm-application")
    assert "培育中" in page.locator("#operator-status").inner_text()
    assert "纳入培育对象库" in page.locator("#timeline").inner_text()
    page.screenshot(path="test-artifacts/confirmed.png", full_page=True)


def test_editing_only_the_issuer_keeps_an_expired_licences_dates(page, login, make_user, changxing):
    """Issue 11 item 1: the Chinese date pickers came back blank and saving made the permit 长期."""
    import datetime

    from fangxin.core.models import Area
    from fangxin.registry.tests.factories import LicenceFactory, OperatorFactory

    operator = OperatorFactory(area=Area.objects.get(name="雉城街道"), sells_food=True)
    licence = LicenceFactory(
        operator=operator,
        valid_from=datetime.date(2020, 5, 1),
        valid_to=datetime.date(2025, 4, 30),
    )
    make_user(Role.OFFICE, username="of")
    login("of", PASSWORD)
    page.goto(f"/registry/operators/{operator.pk}/")
    row = page.locator("#licences tbody tr").first
    assert "已过期" in row.inner_text()
    row.get_by_role("link", name="修改").click()
    assert page.input_value("#id_valid_to") == "2025-04-30"
    page.fill("#id_issuer", "湖州市市场监督管理局")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    row = page.locator("#licences tbody tr").first
    assert "2025-04-30" in row.inner_text() and "已过期" in row.inner_text()
    licence.refresh_from_db()
    assert licence.issuer == "湖州市市场监督管理局"
    assert (licence.valid_from, licence.valid_to) == (
        datetime.date(2020, 5, 1),
        datetime.date(2025, 4, 30),
    )
