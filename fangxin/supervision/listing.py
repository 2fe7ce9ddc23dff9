"""What the supervision lists share: narrowing to one station (the dashboard's rows link to
their station's rows) and keeping the filters across pages."""

from __future__ import annotations

from fangxin.core.params import is_id


def by_station(qs, request, path: str):
    """Only one station's rows when ``?station=<id>`` asks; a value that is no id is ignored."""
    station = request.GET.get("station", "")
    # Bounded to the database's integer: a longer one is no station, not a 500.
    if is_id(station) and len(station) <= 18:
        return qs.filter(**{path: int(station)})
    return qs


def page_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
