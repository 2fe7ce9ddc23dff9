"""Licence-display checks in headless Chromium: a monitor picks an enrolled operator, records
that its shop shows the licence only in part, and sees the check listed; the station of the
operator's area reads it and is offered no form; both pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.core.tests.accessibility import axe_violations
from fangxin.core.tests.factories import PASSWORD, AreaFactory, StationFactory
from fangxin.monitoring.models import LicenceCheck
from fangxin.programme.models import Enrolment
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_monitor_records_a_check_and_the_station_reads_it(page, login, make_user, campaign):
    station = StationFactory()
    operator = OperatorFactory(name="清朗直播有限公司", area=AreaFactory(station=station))
    Enrolment.objects.create(campaign=campaign, operator=operator, kind="livestream")
    account = PlatformAccountFactory(operator=operator, handle="清朗好物")
    make_user(Role.MONITOR, username="mon")
    make_user(Role.STATION, username="stn", station=station)
    yesterday = timezone.localdate() - timedelta(days=1)

    login("mon", PASSWORD)
    page.goto("/monitoring/")
    with page.expect_navigation():
        page.click("#licence-checks-link")
    with page.expect_navigation():
        page.select_option("#id_operator", str(operator.pk))
    page.select_option("#id_account", str(account.pk))
    page.fill("#id_checked_on", yesterday.isoformat())
    page.check("#id_result_partial")
    page.fill("#id_note", "店铺首页未公示食品经营许可证")
    with page.expect_navigation():
        page.click("#licence-check-submit")
    check = LicenceCheck.objects.get()
    assert (check.result, check.account_id, check.checked_on) == ("partial", account.pk, yesterday)
    row = page.locator(f"#check-{check.pk}").inner_text()
    assert "部分亮照亮证" in row and "清朗好物" in row and "未公示食品经营许可证" in row
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login("stn", PASSWORD)
    page.goto("/monitoring/licence-checks/")
    assert "部分亮照亮证" in page.locator(f"#check-{check.pk}").inner_text()
    assert page.locator("#licence-check-form").count() == 0
    assert axe_violations(page) == []
    assert page.console_errors == []
