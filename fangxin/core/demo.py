"""The demo county: jurisdictions, each app's demo data, and the demo accounts.

Idempotent: every step creates what is missing and leaves existing rows alone, so running
``fangxin demo`` twice gives the same database.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db import transaction

from . import jurisdictions
from .models import PartnerDepartment, Station, User
from .roles import Role

DEMO_PASSWORD = "fangxin-demo"  # noqa: S105 - published demo password, see README

DEMO_STATION = "zhicheng"


def demo_accounts(with_operator: bool = True) -> list[dict]:
    """The demo users; the operator account is bound to the registry's demo operator."""
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
    if with_operator:
        from fangxin.registry.demo import demo_operator

        accounts.append(
            {
                "username": "operator",
                "role": Role.OPERATOR,
                "name": "钱老板",
                "operator": demo_operator(),
            }
        )
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


def _app_demo_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("fangxin.") and config.name != "fangxin.core":
            try:
                yield import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise


@transaction.atomic
def build(log=print) -> None:
    report = jurisdictions.load()
    log(f"jurisdictions: {report.stations} stations, {report.areas} areas")
    # Staff first (later apps' demo data is made through the use cases, by these users);
    # the operator account last, once its operator exists.
    staff = demo_accounts(with_operator=False)
    created = sum(_ensure_user(spec) for spec in staff)
    for module in _app_demo_modules():
        module.build(log)
    created += sum(_ensure_user(spec) for spec in demo_accounts() if spec not in staff)
    log(f"demo accounts: {created} created")
