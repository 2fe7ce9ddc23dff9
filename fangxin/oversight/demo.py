"""Demo content of oversight. The red and black list (``build_lists``): the quarter before
last published (drafted by the rules, one edit with its reason, approved, published) and last
quarter's draft waiting for the office. Idempotent: a period that exists is left alone."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.core.models import User
from fangxin.core.roles import Role

from . import list_periods
from . import lists_services as lists
from .models.lists import ListPublication


def build_lists(log=print, today=None) -> None:
    today = today or timezone.localdate()
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        log("oversight lists: no office user, nothing built")
        return
    cadence = lists.list_settings().cadence
    last = list_periods.previous(cadence, *list_periods.period_of(cadence, today))
    before = list_periods.previous(cadence, *last)
    done = []
    try:
        with transaction.atomic():
            start, end, _label = lists.period(cadence, *before)
            if not ListPublication.objects.filter(period_start=start, period_end=end).exists():
                publication = lists.draft_lists(office, *before)
                red = publication.entries.listed().filter(list_kind="red").order_by("pk")
                if red.count() > 1:
                    lists.remove_entry(
                        office,
                        red.last(),
                        "该经营主体本期有一起消费纠纷正在调解，待调解结束后再评定。",
                    )
                lists.approve(office, publication, "经办公室会议审核。")
                lists.publish(office, publication, today=today)
                done.append(f"{publication.label} published")
            start, end, _label = lists.period(cadence, *last)
            if not ListPublication.objects.filter(period_start=start, period_end=end).exists():
                publication = lists.draft_lists(office, *last)
                done.append(f"{publication.label} drafted")
    except ValidationError as exc:
        log(f"oversight lists: demo refused: {'; '.join(exc.messages)}")
        return
    log(f"oversight lists: {'; '.join(done) or 'nothing to do'}")


def build(log=print) -> None:
    build_lists(log)
