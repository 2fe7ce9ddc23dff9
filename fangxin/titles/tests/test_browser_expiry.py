"""The expiry journey in headless Chromium with time frozen (issue 14 item 7, "the sweep, with
time frozen, expires a title"): a title awarded on 9 December 2026 is valid through 8 December
2027. On its last day the public verification page and API say valid; the next morning the
nightly sweep (the ``sweep`` management command, as cron runs it, reading the frozen clock)
expires it, and a visitor looking the number up is told expired. Nothing depends on today.

time-machine moves the clock of the whole process, the live server's thread included (with
``tick``, so it keeps running); the journey is anonymous, so no cookie's expiry is judged by
the browser's real clock against the frozen one."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.titles import services
from fangxin.titles.models import Title

from .conftest import AFTER, PUBLISHED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=SHANGHAI)


def _sweep() -> str:
    out = StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_the_sweep_expires_a_title_and_the_public_page_says_so(
    page, office, make_user, campaign, enrol, closed
):
    holder = enrol().operator
    closed()
    shop = make_user(Role.OPERATOR, operator=holder)
    notice = services.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    (title,) = services.award(office, notice, today=AFTER)
    assert title.valid_until == date(2027, 12, 8)
    number = title.certificate_no

    with time_machine.travel(_morning(date(2027, 11, 8)), tick=True) as clock:
        # Thirty days before the end the holder is told; nothing expires.
        assert "titles_expired: 0" in _sweep()
        assert Notification.objects.filter(user=shop, subject__contains="到期").exists()

        clock.move_to(_morning(date(2027, 12, 8)))  # the last day of validity
        assert "titles_expired: 0" in _sweep()
        page.goto("/public/titles/verify/")
        page.fill("input[name=no]", number.lower())
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.locator("#title-status").get_attribute("data-status") == "valid"

        clock.move_to(_morning(date(2027, 12, 9)))  # the next morning's sweep
        assert "titles_expired: 1" in _sweep()
        assert "titles_expired: 0" in _sweep()  # at most once
        page.reload()
        status = page.locator("#title-status")
        assert status.get_attribute("data-status") == "expired"
        assert status.inner_text() == Title.Status.EXPIRED.label
        assert "2027-12-08" in page.locator("#verification").inner_text()
        answer = page.request.get(f"/api/v1/public/titles/{number}/")
        assert answer.ok and answer.json()["status"] == "expired"
        listed = page.request.get("/api/v1/public/titles/?status=expired").json()
        assert [row["certificate_no"] for row in listed["results"]] == [number]
    assert page.console_errors == []
