"""Titles' read interface for the apps above it (the public site): who holds a title now, found
by name, credit code or platform handle, and one certificate's current status; and every title
as the public record showed it at the end of a day (the daily feed, ``titles_on``).

Nothing personal comes out of here: the holder's registered name, credit code, business address
and platform accounts are public business facts; no phone, ID number or person's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fangxin.core.facts import Ref
from fangxin.programme.models import Kind
from fangxin.registry.models import PlatformAccount

from .models import Title, TitleEvent

# The longest search text taken from the public (a credit code is 18, a handle at most 100).
QUERY_MAX = 100

# What a public status filter may ask for; "current" is the default: valid today.
STATUS_FILTERS = ("current", "revoked", "expired", "all")


def effective_status(status: str, valid_until: date, today: date) -> str:
    """The status the public sees: a title still marked valid after its last day is expired
    (the nightly sweep marks it; until then no page or badge may call it valid)."""
    if status == Title.Status.VALID and valid_until < today:
        return Title.Status.EXPIRED
    return status


def status_label(status: str) -> str:
    if status == Title.Status.VALID:
        return pgettext("title status", "有效")
    if status == Title.Status.REVOKED:
        return _("已撤销")
    return _("已过期")


@dataclass(frozen=True)
class AccountFact:
    platform: str
    platform_label: str
    handle: str


@dataclass(frozen=True)
class HolderFact:
    """One title and its holder as the public reads them."""

    ref: Ref
    certificate_no: str
    holder_name: str
    uscc: str
    kind: str  # Kind
    kind_label: str
    area_name: str
    address: str  # the business address (operating, else registered); no map
    accounts: tuple[AccountFact, ...]
    status: str  # effective: valid / revoked / expired
    status_label: str
    awarded_on: date
    valid_until: date
    revoked_on: date | None


@dataclass(frozen=True)
class TitleStatusFact:
    """What a certificate's badge draws: its number, holder, kind and current status."""

    ref: Ref
    certificate_no: str
    holder_name: str
    kind_label: str
    status: str
    status_label: str
    valid_until: date
    revoked_on: date | None


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def find_titles(
    text: str = "",
    *,
    kind: str = "",
    area_id: int | None = None,
    status: str = "current",
    today: date | None = None,
) -> QuerySet:
    """The titles matching a public search, as an ordered query of their ids (paginate it, then
    read ``holders(page)``). ``text`` (cut to ``QUERY_MAX``) matches the holder's name, its
    credit code, a certificate number or any of its platform accounts' handles; ``kind`` and
    ``area_id`` narrow; ``status``: current (valid today, the default), revoked, expired, all."""
    day = _today(today)
    rows = Title.objects.all()
    if status not in STATUS_FILTERS or status == "current":
        rows = rows.filter(status=Title.Status.VALID, valid_until__gte=day)
    elif status == "revoked":
        rows = rows.filter(status=Title.Status.REVOKED)
    elif status == "expired":
        rows = rows.filter(
            Q(status=Title.Status.EXPIRED) | Q(status=Title.Status.VALID, valid_until__lt=day)
        )
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    if area_id is not None:
        rows = rows.filter(operator__area_id=area_id)
    text = " ".join(text.split())[:QUERY_MAX]
    if text:
        matching = (
            Q(holder_name__icontains=text)
            | Q(operator__uscc=text.upper())
            | Q(certificate_no=text.upper())
            | Q(operator__accounts__handle__icontains=text.lstrip("@"))
        )
        rows = rows.filter(pk__in=Title.objects.filter(matching).values("pk"))
    return rows.order_by("holder_name", "kind", "pk").values_list("pk", flat=True)


def holders(title_ids: Iterable[int], today: date | None = None) -> tuple[HolderFact, ...]:
    """The titles ``title_ids`` with their holders, in the order asked (three queries)."""
    day = _today(today)
    ids = list(title_ids)
    rows = (
        Title.objects.filter(pk__in=ids)
        .select_related("operator__area")
        .prefetch_related("operator__accounts")
    )
    by_id = {row.pk: row for row in rows}
    answer = []
    for pk in ids:
        title = by_id.get(pk)
        if title is None:
            continue
        operator = title.operator
        status = effective_status(title.status, title.valid_until, day)
        answer.append(
            HolderFact(
                ref=Ref.of(title),
                certificate_no=title.certificate_no,
                holder_name=title.holder_name,
                uscc=operator.uscc,
                kind=title.kind,
                kind_label=str(title.get_kind_display()),
                area_name=operator.area.name,
                address=operator.operating_address or operator.registered_address,
                accounts=tuple(
                    AccountFact(a.platform, str(a.get_platform_display()), a.handle)
                    for a in operator.accounts.all()
                ),
                status=status,
                status_label=status_label(status),
                awarded_on=title.awarded_on,
                valid_until=title.valid_until,
                revoked_on=title.revoked_on,
            )
        )
    return tuple(answer)


def title_status(certificate_no: str, today: date | None = None) -> TitleStatusFact | None:
    """One certificate's current status (one query), or None for an unknown number."""
    number = certificate_no.strip().upper()
    if not number or len(number) > 32:  # no certificate number is longer
        return None
    try:
        # get(), not first(): no ORDER BY to build for a unique number (the badge's hot path).
        title = Title.objects.get(certificate_no=number)
    except Title.DoesNotExist:
        return None
    status = effective_status(title.status, title.valid_until, _today(today))
    return TitleStatusFact(
        ref=Ref.of(title),
        certificate_no=title.certificate_no,
        holder_name=title.holder_name,
        kind_label=str(title.get_kind_display()),
        status=status,
        status_label=status_label(status),
        valid_until=title.valid_until,
        revoked_on=title.revoked_on,
    )


# --- the daily feed: every title as it stood at the end of a day ------------------------------
#
# The status on a past day comes from the title's history (``TitleEvent``: awarded, revoked,
# reinstated, expired): the last event before the day's end decides, and a valid title past its
# ``valid_until`` counts as expired even where the nightly sweep has not run yet. The platform
# accounts are the operator's current ones (accounts keep no history).

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
    status = effective_status(status, title.valid_until, day)
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


# -- aggregates for the oversight dashboard and the summary report ----------------------------


def title_counts(year: int, window_start: date, window_end: date) -> dict[int | None, dict]:
    """Titles awarded for the campaign of ``year`` per station of their holder and per kind
    (``awarded_<kind>``), and titles revoked between the two days whatever their year (one
    query)."""
    revoked = Q(revoked_on__range=(window_start, window_end))
    awarded = Q(year=year)
    rows = (
        Title.objects.filter(awarded | revoked)
        .values(station_id=F("operator__area__station_id"))
        .annotate(
            awarded=Count("pk", filter=awarded),
            **{
                f"awarded_{kind}": Count("pk", filter=awarded & Q(kind=kind))
                for kind in Kind.values
            },
            revoked=Count("pk", filter=revoked),
        )
        .order_by()
    )
    return {row.pop("station_id"): row for row in rows}


# --- titles held and titles revoked, by operator (the red and black list) ----------------------


@dataclass(frozen=True)
class TitleHeldFact:
    """A title as the red and black list reads it: who holds it, whether it was valid on the
    day asked, and when it was revoked (if it was)."""

    ref: Ref
    operator_id: int
    certificate_no: str
    kind: str
    kind_label: str
    awarded_on: date
    valid_until: date
    revoked_on: date | None
    revocation_reason: str
    valid: bool  # valid on the day asked


def titles_held(operator_ids: Iterable[int] | None, on: date) -> tuple[TitleHeldFact, ...]:
    """Titles valid on ``on`` (awarded by then, not past their last day, and not revoked by
    then), for the operators asked (None: every operator). One query."""
    rows = Title.objects.filter(awarded_on__lte=on, valid_until__gte=on).filter(
        Q(status=Title.Status.VALID) | Q(status=Title.Status.REVOKED, revoked_on__gt=on)
    )
    if operator_ids is not None:
        rows = rows.filter(operator_id__in=list(operator_ids))
    return tuple(_held(t, valid=True) for t in rows.order_by("operator_id", "certificate_no"))


def titles_revoked(operator_ids: Iterable[int] | None, start: date, end: date):
    """Titles revoked (and still revoked) with the revocation dated in [start, end], for the
    operators asked (None: every operator). One query."""
    rows = Title.objects.filter(status=Title.Status.REVOKED, revoked_on__range=(start, end))
    if operator_ids is not None:
        rows = rows.filter(operator_id__in=list(operator_ids))
    return tuple(_held(t, valid=False) for t in rows.order_by("operator_id", "certificate_no"))


def _held(title: Title, *, valid: bool) -> TitleHeldFact:
    return TitleHeldFact(
        ref=Ref.of(title),
        operator_id=title.operator_id,
        certificate_no=title.certificate_no,
        kind=title.kind,
        kind_label=str(title.get_kind_display()),
        awarded_on=title.awarded_on,
        valid_until=title.valid_until,
        revoked_on=title.revoked_on,
        revocation_reason=title.revocation_reason,
        valid=valid,
    )
