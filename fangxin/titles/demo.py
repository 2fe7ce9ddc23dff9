"""Demo titles for the demo county, each campaign taken as far as the demo's day allows
(scoring is closed in mid-November, the notice published the next working day). Built in
December 2026 (the summary phase):

- 2024: titles awarded in December 2024, valid for a year and so expired now; one was revoked
  on a confirmed veto before it expired.
- 2025: titles awarded so that they end within the coming 30 days (the expiry notice has gone
  out); one revoked on a confirmed veto.
- this year: scoring closed, the notice period over, one objection upheld (the candidate
  withdrawn, the reason in the ledger) and one dismissed, titles awarded.

Built in October, this year's campaign is still being scored: not closed, no notice, no titles.

Everything goes through the apps' services with the dates of the story. Idempotent: a campaign
that already has a notice is left as it is.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from fangxin.core.demo import DEMO_FIRST_YEAR
from fangxin.core.models import User
from fangxin.core.roles import Role
from fangxin.evaluation import facts as evaluation_facts
from fangxin.evaluation import services as evaluation
from fangxin.programme.models import Campaign, Kind
from fangxin.supervision import services as supervision
from fangxin.supervision.models import VetoEvent
from fangxin.supervision.models.enforcement import VetoKind

from . import services
from .models import Notice, Title


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def local_base_url() -> str:
    """The public address the demo's certificates link to: the configured one, else the local
    server ``make run`` starts (``fangxin serve`` on 127.0.0.1 and ``PORT``). Awarding is
    refused without one; the demo is the one place a local address is right."""
    return services.public_base_url() or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"


def _close(office, campaign: Campaign, on: date) -> None:
    if evaluation.is_closed(campaign):
        return
    evaluation.recompute_campaign_now(campaign.pk)
    evaluation.close_scoring(office, campaign, today=on)


def _publish(office, campaign: Campaign, on: date) -> list[Notice]:
    notices = []
    for kind in Kind.values:
        if Notice.objects.filter(campaign=campaign, kind=kind).exists():
            continue
        if not evaluation_facts.candidates(campaign.pk, kind):
            continue
        notices.append(services.publish_notice(office, campaign, kind, today=on))
    return notices


def _revoke(office, title: Title, on: date, description: str) -> None:
    # The daily sweep has run up to that day: titles past their validity are expired already.
    services.expire(on)
    event = supervision.propose_veto(
        None,
        title.operator,
        VetoKind.COUNTERFEIT_OR_FAKE_ORDERS,
        description,
        on,
        VetoEvent.Source.STATION,
    )
    services.confirm_veto(office, event, "经核查属实，认定取消称号情形。", today=on)


def _lone_title(year: int, *, last: bool = False) -> Title | None:
    """A title of ``year`` whose holder holds no other title that year: a veto on the holder
    revokes every title it counts for, and the story revokes one."""
    one = (
        Title.objects.filter(year=year)
        .values("operator_id")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .values("operator_id")
    )
    rows = Title.objects.filter(year=year, operator_id__in=one, status=Title.Status.VALID)
    return rows.order_by("-certificate_no" if last else "certificate_no").first()


def _closing_day(year: int) -> date:
    """The day the story closes a campaign's scoring: mid-November, inside the evaluation phase."""
    return _weekday_on_or_after(date(year, 11, 14))


def _award_day(campaign: Campaign, notice_ends: date, today: date) -> date | None:
    """When the story awards a campaign's titles, or None while that day is still to come.

    This year's: yesterday. Last year's: so that the year of validity ends within the next
    30 days (the expiry notice has gone out). Older: early December. Never before the notice
    period is over; a past year's on a working day."""
    after = notice_ends + timedelta(days=1)
    if campaign.year == today.year:
        day = max(today - timedelta(days=1), after)
        return day if day <= today else None
    if campaign.year == today.year - 1:
        day = today - timedelta(days=365) + timedelta(days=20)
    else:
        day = date(campaign.year, 12, 2)
    day = _weekday_on_or_after(max(day, after))
    return day if day <= today else None


# The veto that revokes one title of a past campaign: (month, day) of the following year,
# what the station found, and whether the first or the last certificate is the one.
REVOCATIONS = {
    DEMO_FIRST_YEAR: ((5, 20), "平台通报该主体存在刷单炒信行为。", False),
}
REVOCATION = ((3, 18), "抽检发现销售假冒注册商标的商品。", True)


def _year(office, campaign: Campaign, today: date) -> str | None:
    """Take ``campaign`` as far as ``today`` allows: close scoring, publish, the objections
    (this year's), award, one revocation (past years'). What was done, or None."""
    closed_on = _closing_day(campaign.year)
    if today <= closed_on:
        return None  # scoring still in progress
    _close(office, campaign, closed_on)
    published_on = _weekday_on_or_after(closed_on + timedelta(days=1))
    if today < published_on:
        return f"{campaign.year}: scoring closed"
    notices = _publish(office, campaign, published_on)
    if not notices:
        return f"{campaign.year}: nothing to publish"
    if campaign.year == today.year:
        _objections(office)(notices, published_on)
    count = 0
    for notice in notices:
        awarded_on = _award_day(campaign, notice.ends_on, today)
        if awarded_on is not None and services.award_refusal(notice, awarded_on) is None:
            count += len(
                services.award(office, notice, today=awarded_on, base_url=local_base_url())
            )
    if campaign.year < today.year and count:
        (month, day), description, last = REVOCATIONS.get(campaign.year, REVOCATION)
        revoked_on = date(campaign.year + 1, month, day)
        title = _lone_title(campaign.year, last=last)
        if revoked_on <= today and title is not None and title.valid_until >= revoked_on:
            _revoke(office, title, revoked_on, description)
    return f"{campaign.year}: {count} awarded"


def _objections(office):
    def story(notices, on: date) -> None:
        notice = max(notices, key=lambda n: n.candidates.count())
        lines = list(notice.candidates.filter(withdrawn=False).order_by("score", "pk")[:2])
        if len(lines) < 2:
            return
        upheld = services.submit_objection(
            lines[0],
            name="张建国",
            phone="13905721234",
            facts="该主体直播间宣称产品“纯天然无添加”，实际配料表含防腐剂，存在虚假宣传。",
            today=on,
        )
        services.resolve_objection(
            office, upheld, True, "经市场监管所核实，宣传用语与配料不符，异议成立。"
        )
        dismissed = services.submit_objection(
            lines[1],
            name="李秀英",
            phone="13857201234",
            facts="怀疑该店铺好评为刷单所得。",
            today=on,
        )
        services.resolve_objection(
            office, dismissed, False, "经平台数据核查，未发现刷单行为，异议不成立。"
        )

    return story


def build(log=print) -> None:
    today = timezone.localdate()
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("titles: no office user, nothing built")
        return
    done = []
    try:
        with transaction.atomic():
            for campaign in Campaign.objects.filter(year__lte=today.year).order_by("year"):
                if Notice.objects.filter(campaign=campaign).exists():
                    continue
                line = _year(office, campaign, today)
                if line is not None:
                    done.append(line)
            expired = services.expire(today)
            told = services.tell_expiring(today)
    except ValidationError as exc:
        log(f"titles: demo refused: {'; '.join(exc.messages)}")
        return
    log(f"titles: {'; '.join(done) or 'nothing to do'}; {expired} expired, {told} expiry notices")
