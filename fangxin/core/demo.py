"""The demo county: jurisdictions, each app's demo data, and the demo accounts.

Idempotent: every step creates what is missing and leaves existing rows alone, so running
``fangxin demo`` twice gives the same database.
"""

from __future__ import annotations

from django.db import transaction

from . import jurisdictions
from .discovery import app_modules
from .models import PartnerDepartment, Station, User
from .roles import Role

DEMO_PASSWORD = "fangxin-demo"  # noqa: S105 - published demo password, see README

DEMO_STATION = "zhicheng"


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


@transaction.atomic
def build(log=print) -> None:
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
