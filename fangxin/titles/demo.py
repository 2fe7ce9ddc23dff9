"""Demo titles for the demo county, dated from today (the demo is built in December 2026):

- 2024: notices, titles awarded in December 2024, valid for a year and so expired now; one was
  revoked on a confirmed veto before it expired.
- 2025: a campaign of its own (the seed plan has none), titles awarded so that they end within
  the coming 30 days (the expiry notice has gone out); one revoked on a confirmed veto.
- this year: scoring closed, the notice period over, one objection upheld (the candidate
  withdrawn, the reason in the ledger) and one dismissed, titles awarded.

Everything goes through the apps' services with the dates of the story. Idempotent: a campaign
that already has a notice of a kind is left as it is.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from fangxin.core.models import User
from fangxin.core.roles import Role
from fangxin.evaluation import facts as evaluation_facts
from fangxin.evaluation import services as evaluation
from fangxin.programme import services as programme
from fangxin.programme.models import Campaign, Enrolment, Kind
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


def _campaign_2025(office, today: date) -> Campaign | None:
    campaign = Campaign.objects.filter(year=2025).first()
    if campaign is not None:
        return campaign
    current = Campaign.objects.filter(year=today.year).first()
    if current is None:
        return None
    campaign = programme.create_campaign(office, 2025, guide=current.guide)
    for kind in Kind.values:
        operators = [
            e.operator
            for e in Enrolment.objects.filter(campaign=current, kind=kind)
            .select_related("operator")
            .order_by("pk")
        ]
        if operators:
            programme.enrol(office, campaign, operators, kind, today=date(2025, 6, 10))
    return campaign


def _year(office, campaign: Campaign, *, closed_on: date, awarded_on: date, story) -> int:
    """Close, publish (the period ends before ``awarded_on``), let ``story`` act on the
    notices (objections), award. The number of titles awarded."""
    _close(office, campaign, closed_on)
    published_on = _weekday_on_or_after(closed_on + timedelta(days=1))
    notices = _publish(office, campaign, published_on)
    if not notices:
        return 0
    story(notices, published_on)
    count = 0
    for notice in notices:
        if services.award_refusal(notice, awarded_on) is None:
            count += len(
                services.award(office, notice, today=awarded_on, base_url=local_base_url())
            )
    return count


def _no_story(notices, on) -> None:
    return None


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
            past = Campaign.objects.filter(year=2024).first()
            if past is not None and not Notice.objects.filter(campaign=past).exists():
                n = _year(
                    office,
                    past,
                    closed_on=date(2024, 11, 15),
                    awarded_on=date(2024, 12, 2),
                    story=_no_story,
                )
                first = _lone_title(2024)
                if first is not None:
                    _revoke(office, first, date(2025, 5, 20), "平台通报该主体存在刷单炒信行为。")
                done.append(f"2024: {n} awarded")
            previous = _campaign_2025(office, today)
            if previous is not None and not Notice.objects.filter(campaign=previous).exists():
                # Awarded so that the year of validity ends within the next 30 days.
                awarded = today - timedelta(days=365) + timedelta(days=20)
                n = _year(
                    office,
                    previous,
                    closed_on=date(2025, 11, 14),
                    # Never before the 2025 notice period is over (a demo built mid-year).
                    awarded_on=min(max(awarded, date(2025, 12, 1)), today),
                    story=_no_story,
                )
                last = _lone_title(2025, last=True)
                if last is not None:
                    _revoke(office, last, date(2026, 3, 18), "抽检发现销售假冒注册商标的商品。")
                done.append(f"2025: {n} awarded")
            current = Campaign.objects.filter(year=today.year).first()
            if (
                current is not None
                and today.year > 2025
                and not Notice.objects.filter(campaign=current).exists()
            ):
                n = _year(
                    office,
                    current,
                    closed_on=date(today.year, 11, 16),
                    awarded_on=today - timedelta(days=1),
                    story=_objections(office),
                )
                done.append(f"{today.year}: {n} awarded")
            expired = services.expire(today)
            told = services.tell_expiring(today)
    except ValidationError as exc:
        log(f"titles: demo refused: {'; '.join(exc.messages)}")
        return
    log(f"titles: {'; '.join(done) or 'already built'}; {expired} expired, {told} expiry notices")
