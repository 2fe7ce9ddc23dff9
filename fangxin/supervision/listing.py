"""What the supervision lists share: reading the page's query with the list's one FilterSet
(the API's: same names, same meaning) and keeping the filters across pages."""

from __future__ import annotations

import django_filters

# What a yes/no filter reads (the API refuses anything else, see core.api.filtering).
_YES_NO = {"", "true", "false", "True", "False", "unknown"}


def filtered(filterset_class, request, queryset, data=None):
    """The rows of ``queryset`` the query asks for. A value that does not parse
    (``?station=abc``, an id past 2^63) is left out, as the pages always did; the API answers
    it with a 400. A yes/no filter given anything else (the dashboard links' ``?due=1``) means
    yes, as it did on these pages before they shared the API's filters."""
    data = (request.GET if data is None else data).copy()
    for name, item in filterset_class.base_filters.items():
        if isinstance(item, django_filters.BooleanFilter) and data.get(name, "") not in _YES_NO:
            data[name] = "true"
    return filterset_class(data or None, queryset=queryset, request=request).qs


def page_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
