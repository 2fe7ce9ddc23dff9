"""The daily title feed's addresses: ``/public/feed/titles.csv`` (today) and
``/public/feed/titles-YYYY-MM-DD.csv`` (the record as it stood at the end of that day)."""

from __future__ import annotations

import hashlib
import math
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from fangxin.core.api.opendata import EXPOSED_HEADERS, PublicRateThrottle
from fangxin.core.permissions import public

from . import feed

FIRST_DAY = date(2000, 1, 1)
FEED_REASON = "the daily feed of titles (holder, USCC, shop accounts, status): nothing personal"


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Http404("not a day (YYYY-MM-DD)") from None
    if len(text) != 10 or not FIRST_DAY <= day <= timezone.localdate():
        raise Http404("no feed for that day")
    return day


def _answer(request, day: date) -> HttpResponse:
    throttle = PublicRateThrottle()
    if not throttle.allow_request(request, None):
        response = HttpResponse(
            "Too many requests.", status=429, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(max(1, math.ceil(throttle.wait() or 1)))
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "no-store"
        return response
    base_url = settings.FANGXIN_PUBLIC_BASE_URL or request.build_absolute_uri("/")
    content = feed.render(day, base_url)
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        content, content_type="text/csv; charset=utf-8"
    )
    if response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="titles-{day.isoformat()}.csv"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.FANGXIN_OPEN_DATA_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


@require_safe
@public(FEED_REASON)
def title_feed_today(request):
    return _answer(request, timezone.localdate())


@require_safe
@public(FEED_REASON)
def title_feed(request, day: str):
    return _answer(request, _day(day))
