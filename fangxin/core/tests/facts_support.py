"""Helpers for the apps' facts tests: window edges and the constant-query check."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fangxin.core.facts import Window

WINDOW = Window(date(2026, 3, 1), date(2026, 3, 31))
DAY = timedelta(days=1)
# The window's first and last day count; the day before and the day after do not.
INSIDE = (WINDOW.start, WINDOW.end)
OUTSIDE = (WINDOW.start - DAY, WINDOW.end + DAY)


def counted(fn):
    """(number of queries, result) of fn()."""
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured.captured_queries), result


def assert_constant_queries(bulk, make_operator, sizes=(1, 30), window=WINDOW):
    """``bulk(ids, window)`` runs the same number of queries for 1 and for 30 operators that
    each have facts, and answers every asked id with its facts."""
    operators = [make_operator() for _ in range(max(sizes))]
    counts = []
    for size in sizes:
        ids = [operator.pk for operator in operators[:size]]
        count, result = counted(lambda ids=ids: bulk(ids, window))
        assert set(result) == set(ids)
        assert all(result[pk] for pk in ids), "every operator was given facts"
        counts.append(count)
    assert len(set(counts)) == 1, (
        f"queries grow with operators: {dict(zip(sizes, counts, strict=True))}"
    )
    return counts[0]
