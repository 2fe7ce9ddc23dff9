"""Credit-list journey in headless Chromium: the office downloads nothing but uploads a list of
经营异常名录 entries, reads the dry run's report, confirms it, finds the listing among the credit
entries, and confirms the ``credit_listing`` veto proposal the import raised."""

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision.models import CreditListing, VetoEvent
from fangxin.supervision.models.enforcement import VetoKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_credit_list_import_proposes_a_veto_the_office_confirms(page, login, make_user, tmp_path):
    office = make_user(Role.OFFICE)
    operator = OperatorFactory()
    listed = (
        f"{operator.uscc},{operator.name},通过登记的住所无法联系,2026-03-05,长兴县市场监督管理局"
    )
    path = tmp_path / "经营异常名录.csv"
    path.write_text(
        f"统一社会信用代码,企业名称,列入经营异常名录原因,列入日期,作出决定机关（列入）\n{listed}\n",
        encoding="utf-8",
    )
    login(office.username, PASSWORD)
    page.goto("/supervision/credit/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("#dry-run")
    assert "报请认定取消称号情形1条" in page.inner_text("#dry-run-ok")
    assert CreditListing.objects.count() == 0
    with page.expect_navigation():
        page.click("#confirm-import")
    assert "导入完成" in page.inner_text("body")
    assert operator.name in page.inner_text("#credit-table")
    assert CreditListing.objects.get().operator == operator

    page.goto("/supervision/vetoes/")
    row = page.locator("#veto-table tr", has_text=operator.name)
    row.locator("input[name=reason]").fill("经核实，该主体被列入经营异常名录")
    with page.expect_navigation():
        row.locator("button[value=confirm]").click()
    event = VetoEvent.objects.get()
    assert event.kind == VetoKind.CREDIT_LISTING and event.status == VetoEvent.Status.CONFIRMED
    assert page.console_errors == []
