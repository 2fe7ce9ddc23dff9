"""Demo content of oversight. The red and black list (``build_lists``): the two quarters before
last published (drafted by the rules, one with an edit and its reason, approved, published) and
last quarter's draft waiting for the office. Idempotent: a period that exists is left alone."""

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
    earliest = list_periods.previous(cadence, *before)
    done = []
    try:
        with transaction.atomic():
            for number, period in enumerate((earliest, before, last)):
                start, end, _label = lists.period(cadence, *period)
                if ListPublication.objects.filter(period_start=start, period_end=end).exists():
                    continue
                publication = lists.draft_lists(office, *period)
                if period == last:
                    done.append(f"{publication.label} drafted")
                    continue
                red = publication.entries.listed().filter(list_kind="red").order_by("pk")
                if number == 1 and red.count() > 1:
                    lists.remove_entry(
                        office,
                        red.last(),
                        "该经营主体本期有一起消费纠纷正在调解，待调解结束后再评定。",
                    )
                lists.approve(office, publication, "经办公室会议审核。")
                lists.publish(office, publication, today=today)
                done.append(f"{publication.label} published")
    except ValidationError as exc:
        log(f"oversight lists: demo refused: {'; '.join(exc.messages)}")
        return
    log(f"oversight lists: {'; '.join(done) or 'nothing to do'}")


def build(log=print) -> None:
    build_lists(log)
