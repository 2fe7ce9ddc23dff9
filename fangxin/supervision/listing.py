"""What the supervision lists share: reading the page's query with the list's one FilterSet
(the API's: same names, same meaning) and keeping the filters across pages."""

from __future__ import annotations


def filtered(filterset_class, request, queryset, data=None):
    """The rows of ``queryset`` the query asks for. A value that does not parse
    (``?station=abc``, an id past 2^63) is left out, as the pages always did; the API answers
    it with a 400."""
    data = request.GET if data is None else data
    return filterset_class(data or None, queryset=queryset, request=request).qs


def page_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
