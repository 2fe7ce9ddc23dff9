from datetime import timedelta

from django.utils import timezone

from fangxin.programme.models import Phase, PhaseCode


def put_phase_around_today(campaign, code: str) -> None:
    """Move the campaign's phases so that ``code`` spans today and none overlap."""
    today = timezone.localdate()
    order = [p.value for p in PhaseCode]
    index = order.index(code)
    for offset, phase_code in enumerate(order):
        start = today + timedelta(days=30 * (offset - index) - 5)
        Phase.objects.filter(campaign=campaign, code=phase_code).update(
            starts_on=start, ends_on=start + timedelta(days=20), extended_to=None
        )
