"""Titles' read interface for the apps above (disclosure's daily feed): every title as the
public record showed it at the end of a day.

The status on a past day comes from the title's history (``TitleEvent``: awarded, revoked,
reinstated, expired): the last event before the day's end decides; a valid title past its
``valid_until`` counts as expired even where the nightly sweep has not run yet. The platform
accounts are the operator's current ones (accounts keep no history). Nothing personal: the
holder's name, its USCC and its public shop accounts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from fangxin.core.facts import Ref
from fangxin.registry.models import PlatformAccount

from .models import Title, TitleEvent

_STATUS_AFTER = {
    TitleEvent.Action.AWARDED: Title.Status.VALID,
    TitleEvent.Action.REINSTATED: Title.Status.VALID,
    TitleEvent.Action.REVOKED: Title.Status.REVOKED,
    TitleEvent.Action.EXPIRED: Title.Status.EXPIRED,
}


@dataclass(frozen=True)
class TitleLine:
    ref: Ref
    certificate_no: str
    holder_name: str
    uscc: str
    kind: str  # programme Kind: livestream / group_buying
    area: str  # the town or street, as published on the notice
    accounts: tuple[tuple[str, str], ...]  # (platform code, handle), by platform then handle
    status: str  # Title.Status on the day
    awarded_on: date
    valid_until: date
    revoked_on: date | None
    revocation_reason: str
    updated_at: datetime  # the last change on or before the day


def day_end(day: date) -> datetime:
    """The first instant after ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def titles_on(day: date) -> list[TitleLine]:
    """Every title awarded on or before ``day``, as it stood at the day's end, by certificate
    number. Three queries, whatever the number of titles."""
    end = day_end(day)
    rows = (
        Title.objects.filter(awarded_on__lte=day)
        .select_related("operator", "candidate")
        .prefetch_related(
            Prefetch(
                "operator__accounts",
                queryset=PlatformAccount.objects.order_by("platform", "handle"),
            ),
            Prefetch(
                "events",
                queryset=TitleEvent.objects.filter(at__lt=end).order_by("at", "pk"),
                to_attr="events_before",
            ),
        )
        .order_by("certificate_no")
    )
    return [_line(title, day, end) for title in rows]


def _line(title: Title, day: date, end: datetime) -> TitleLine:
    events = title.events_before
    status = _STATUS_AFTER.get(events[-1].action, title.status) if events else title.status
    if status == Title.Status.VALID and title.valid_until < day:
        status = Title.Status.EXPIRED
    revoked_on, reason = None, ""
    if status == Title.Status.REVOKED:
        last = next((e for e in reversed(events) if e.action == TitleEvent.Action.REVOKED), None)
        current = title.status == Title.Status.REVOKED and (title.revoked_on or day) <= day
        if current or last is None:
            revoked_on, reason = title.revoked_on, title.revocation_reason
        else:  # revoked then, reinstated (or revoked again) since: that revocation's record
            revoked_on, reason = timezone.localdate(last.at), last.note
    if title.updated_at < end:
        updated = title.updated_at
    elif events:
        updated = events[-1].at
    else:
        updated = timezone.make_aware(datetime.combine(title.awarded_on, time.min))
    return TitleLine(
        ref=Ref.of(title),
        certificate_no=title.certificate_no,
        holder_name=title.holder_name,
        uscc=title.operator.uscc,
        kind=title.kind,
        area=title.candidate.area_name,
        accounts=tuple((a.platform, a.handle) for a in title.operator.accounts.all()),
        status=status,
        awarded_on=title.awarded_on,
        valid_until=title.valid_until,
        revoked_on=revoked_on,
        revocation_reason=reason,
        updated_at=updated,
    )
