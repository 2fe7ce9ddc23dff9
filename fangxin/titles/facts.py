"""Titles' read interface for the apps above it (the public site): who holds a title now, found
by name, credit code or platform handle, and one certificate's current status.

Nothing personal comes out of here: the holder's registered name, credit code, business address
and platform accounts are public business facts; no phone, ID number or person's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fangxin.core.facts import Ref
from fangxin.programme.models import Kind

from .models import Title

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
    title = Title.objects.filter(certificate_no=number).first()
    if title is None:
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
