"""Monitoring's read interface: confirmed monitoring findings and monitored time."""

import itertools

import pytest

from fangxin.core.facts import Ref
from fangxin.core.tests.facts_support import INSIDE, OUTSIDE, WINDOW, assert_constant_queries
from fangxin.monitoring import facts
from fangxin.monitoring.models import Hit, Material
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


def material(operator, on, minutes=60, status=Material.Status.SCANNED):
    n = next(_n)
    return Material.objects.create(
        operator=operator,
        stream_date=on,
        duration_minutes=minutes,
        file=f"monitoring/{n}.srt",
        original_name=f"{n}.srt",
        size=1,
        sha256="0" * 64,
        kind="subtitles",
        status=status,
    )


def hit(source, status=Hit.Status.CONFIRMED, **fields):
    return Hit.objects.create(
        material=source,
        rule_id="ad.absolute.best",
        category="absolute_terms",
        category_name="绝对化用语",
        area="marketing",
        severity=Hit.Severity.MINOR,
        legal_basis="广告法第九条",
        term="最好",
        start=0,
        end=2,
        context="全网最好的蜂蜜",
        status=status,
        **fields,
    )


def test_only_confirmed_hits_count():
    operator = OperatorFactory()
    scanned = material(operator, WINDOW.start)
    confirmed = hit(scanned, veto="prohibited_content")
    hit(scanned, status=Hit.Status.PENDING)
    hit(scanned, status=Hit.Status.DISMISSED)
    assert list(Hit.objects.confirmed()) == [confirmed]
    (got,) = facts.confirmed_hits_for(operator.pk, WINDOW)
    assert got.ref == Ref("monitoring.hit", confirmed.pk) and got.material == Ref.of(scanned)
    assert (got.category, got.severity, got.veto, got.finding) == (
        "absolute_terms",
        "minor",
        "prohibited_content",
        None,
    )
    assert got.stream_date == WINDOW.start and (got.area, got.kind) == (
        "marketing",
        "livestream",  # the operator's only kind
    )


def test_window_edges_for_hits_and_monitored_time():
    operator = OperatorFactory()
    for on in (*INSIDE, *OUTSIDE):
        hit(material(operator, on, minutes=90))
    material(operator, WINDOW.start, minutes=600, status=Material.Status.FAILED)  # never read
    material(operator, WINDOW.start, minutes=30, status=Material.Status.PENDING)
    got = facts.confirmed_hits_for(operator.pk, WINDOW)
    assert [f.stream_date for f in got] == list(INSIDE)
    time = facts.monitored_time_for(operator.pk, WINDOW)
    assert (time.minutes, time.materials, time.hours) == (180, 2, 3.0)


def test_an_operator_never_monitored_has_no_time():
    quiet = OperatorFactory()
    assert facts.monitored_time([quiet.pk], WINDOW)[quiet.pk].minutes == 0
    assert facts.confirmed_hits([quiet.pk], WINDOW) == {quiet.pk: ()}


def test_bulk_in_constant_queries():
    def monitored():
        operator = OperatorFactory()
        hit(material(operator, WINDOW.start))
        return operator

    assert assert_constant_queries(facts.confirmed_hits, monitored) == 1
    assert assert_constant_queries(facts.monitored_time, monitored) == 1
