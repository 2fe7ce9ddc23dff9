"""The demo county: jurisdictions, each app's demo data, and the demo accounts.

Idempotent: every step creates what is missing and leaves existing rows alone, so running
``fangxin demo`` twice gives the same database.

Dated: the demo is built as on its day (``fangxin demo --today YYYY-MM-DD``, default today), so
each campaign is in the state its phase implies on that day. The apps' builders read the date
from the clock (``timezone.localdate()``) and their use cases stamp ``timezone.now()``; for
another day the build runs under a clock moved to that day's morning (time-machine, ticking),
so that the dates the builders choose and the moments the use cases stamp agree.
"""

from __future__ import annotations

from datetime import date, datetime, time

import time_machine
from django.db import transaction
from django.utils import timezone

from . import jurisdictions
from .discovery import app_modules
from .models import PartnerDepartment, Station, User
from .roles import Role

DEMO_PASSWORD = "fangxin-demo"  # noqa: S105 - published demo password, see README

DEMO_STATION = "zhicheng"

# The seed plan's first campaign: the demo tells the story from that year on.
DEMO_FIRST_YEAR = 2024


def check_today(today: date) -> None:
    """Refuse, with a ValueError that says why, a day the demo cannot be built for."""
    if today.year < DEMO_FIRST_YEAR:
        raise ValueError(
            f"the demo starts with the {DEMO_FIRST_YEAR} campaign: "
            f"its day must be on or after {date(DEMO_FIRST_YEAR, 1, 1).isoformat()}, "
            f"not {today.isoformat()}"
        )
    # Each year up to the day is a whole campaign to build: a day far ahead would run for
    # hours and tell a future nobody asked for.
    latest = timezone.localdate().replace(month=12, day=31)
    latest = latest.replace(year=latest.year + 1)
    if today > latest:
        raise ValueError(
            f"the demo's day can be at most the end of next year ({latest.isoformat()}), "
            f"not {today.isoformat()}"
        )


def demo_accounts(with_app_accounts: bool = True) -> list[dict]:
    """The demo users; the apps add theirs (the registry binds the operator account to its
    demo operator) through ``<app>.demo.accounts()``."""
    station = Station.objects.get(code=DEMO_STATION)
    accounts = [
        {"username": "office", "role": Role.OFFICE, "name": "王主任", "is_staff": True},
        {"username": "station", "role": Role.STATION, "name": "李所长", "station": station},
        {"username": "inspector", "role": Role.INSPECTOR, "name": "张执法", "station": station},
        {"username": "inspector2", "role": Role.INSPECTOR, "name": "陈执法", "station": station},
        {
            "username": "partner",
            "role": Role.PARTNER,
            "name": "赵警官",
            "partner_department": PartnerDepartment.objects.get(code="police"),
        },
        {"username": "evaluator", "role": Role.EVALUATOR, "name": "孙考评"},
        {"username": "association", "role": Role.ASSOCIATION, "name": "周协会"},
        {"username": "monitor", "role": Role.MONITOR, "name": "吴监测"},
    ]
    if with_app_accounts:
        for module in app_modules("demo"):
            if hasattr(module, "accounts"):
                accounts.extend(module.accounts())
    return accounts


def _ensure_user(spec: dict) -> bool:
    spec = dict(spec)
    username = spec.pop("username")
    name = spec.pop("name")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": name, **spec},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return created


def build(log=print, today: date | None = None) -> None:
    """Build the demo as on ``today`` (default: the clock's day)."""
    if today is None or today == timezone.localdate():
        _build(log)
        return
    check_today(today)
    # Mid-morning, so that the build (a minute or two, the clock ticking) stays on that day.
    moment = timezone.make_aware(datetime.combine(today, time(10)))
    with time_machine.travel(moment, tick=True):
        _build(log)


@transaction.atomic
def _build(log) -> None:
    report = jurisdictions.load()
    log(f"jurisdictions: {report.stations} stations, {report.areas} areas")
    # Staff first (later apps' demo data is made through the use cases, by these users);
    # the apps' accounts (the operator's) last, once what they are bound to exists.
    staff = demo_accounts(with_app_accounts=False)
    created = sum(_ensure_user(spec) for spec in staff)
    for module in app_modules("demo"):
        module.build(log)
    created += sum(_ensure_user(spec) for spec in demo_accounts() if spec not in staff)
    log(f"demo accounts: {created} created")
