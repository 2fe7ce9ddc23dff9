"""The daily flat feed of titles, for selling platforms and data users: one CSV per day,
UTF-8 with a BOM (Excel opens it right), one row per title, ISO dates, nothing personal.

The columns, in this order (README, "The daily title feed"):
certificate_no, holder_name, uscc, kind, area, platform_accounts, status, awarded_on,
valid_until, revoked_on, revocation_reason, verification_url, updated_at.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.urls import reverse
from django.utils import timezone

from fangxin.core.spreadsheets import neutralise
from fangxin.titles import facts as titles

COLUMNS = (
    "certificate_no",
    "holder_name",
    "uscc",
    "kind",
    "area",
    "platform_accounts",
    "status",
    "awarded_on",
    "valid_until",
    "revoked_on",
    "revocation_reason",
    "verification_url",
    "updated_at",
)
BOM = "\ufeff"


def _accounts(accounts: tuple[tuple[str, str], ...]) -> str:
    # `platform:handle;…`: a ';' inside a handle would split it, so it is written full-width.
    return ";".join(f"{platform}:{handle.replace(';', '；')}" for platform, handle in accounts)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def row(line: titles.TitleLine, base_url: str) -> list[str]:
    path = reverse("public-titles:verify", args=[line.certificate_no])
    updated = timezone.localtime(line.updated_at).replace(microsecond=0)
    cells = [
        line.certificate_no,
        line.holder_name,
        line.uscc,
        line.kind,
        line.area,
        _accounts(line.accounts),
        line.status,
        _iso(line.awarded_on),
        _iso(line.valid_until),
        _iso(line.revoked_on),
        line.revocation_reason,
        base_url.rstrip("/") + path,
        updated.isoformat(),
    ]
    return [neutralise(cell) for cell in cells]


def render(day: date, base_url: str) -> bytes:
    """The feed of ``day`` as the bytes of its file; ``base_url`` is the public site's address
    (``FANGXIN_PUBLIC_BASE_URL``) the verification links start with."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in titles.titles_on(day):
        writer.writerow(row(line, base_url))
    return (BOM + buffer.getvalue()).encode("utf-8")
