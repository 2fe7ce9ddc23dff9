"""Two office users awarding at once must not produce two numbering sequences (issue 14, bad
input): on PostgreSQL, three connections award the two notices of one campaign, one of them
twice, at the same moment."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from fangxin.core.roles import Role
from fangxin.titles import services
from fangxin.titles.models import CertificateCounter, Title

from .conftest import AFTER, PUBLISHED


def _in_threads(calls):
    """Run each (function, args) in its own thread and connection, all released at once;
    (results, ValidationError messages, other exceptions)."""
    barrier = threading.Barrier(len(calls))
    results, refused, errors = [], [], []

    def run(function, args):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(function(*args))
        except ValidationError as exc:
            refused.extend(exc.messages)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, refused, errors


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises every write)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter", ["first use", "existing"])
def test_concurrent_awards_on_postgresql_share_one_gapless_sequence(
    office, make_user, campaign, enrol, closed, counter, monkeypatch
):
    """Three office users award the two notices of a campaign, one of them twice, at once: one
    sequence 0001..0005, no duplicate, the repeated award refused in words. (The campaign and
    notice rows locked by award() serialise the awards of a year; the counter's own lock is
    checked on its own below.)"""
    _needs_postgresql()
    for _i in range(3):
        enrol("livestream")
    for _i in range(2):
        enrol("group_buying")
    closed()
    live = services.publish_notice(office, campaign, "livestream", today=PUBLISHED)
    group = services.publish_notice(office, campaign, "group_buying", today=PUBLISHED)
    if counter == "existing":
        CertificateCounter.objects.create(prefix="CXFX", year=2026, last=0)
    # Each award holds its numbers a moment before writing its titles, so the other
    # connections surely ask for theirs meanwhile.
    take_numbers = services.take_numbers

    def slow_take_numbers(*args):
        numbers = take_numbers(*args)
        time.sleep(0.3)
        return numbers

    monkeypatch.setattr(services, "take_numbers", slow_take_numbers)
    users = [make_user(Role.OFFICE) for _i in range(3)]
    calls = [
        (services.award, (user, notice, AFTER))
        for user, notice in zip(users, (live, group, live), strict=True)
    ]
    results, refused, errors = _in_threads(calls)
    awarded = [t.certificate_no for titles in results for t in titles]
    assert errors == []
    assert len(refused) == 1 and "已经授予" in refused[0]
    expected = [f"CXFX-2026-{n:04d}" for n in range(1, 6)]
    assert sorted(awarded) == expected
    assert sorted(Title.objects.values_list("certificate_no", flat=True)) == expected
    assert list(CertificateCounter.objects.values_list("prefix", "year", "last")) == [
        ("CXFX", 2026, 5)
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter", ["first use", "existing"])
def test_the_counter_hands_out_disjoint_numbers_to_concurrent_transactions(counter):
    """take_numbers() alone, in three connections at once, each holding its numbers a moment
    inside its transaction: disjoint blocks, together gapless. (Measured: with the counter
    read without its row lock, the "existing" case hands the same numbers out twice.)"""
    _needs_postgresql()
    if counter == "existing":
        CertificateCounter.objects.create(prefix="CXFX", year=2031, last=0)

    def take(count):
        with transaction.atomic():
            numbers = services.take_numbers("CXFX", 2031, count)
            time.sleep(0.3)
            return numbers

    results, refused, errors = _in_threads([(take, (2,)), (take, (3,)), (take, (1,))])
    assert errors == [] and refused == []
    numbers = sorted(n for block in results for n in block)
    assert numbers == [f"CXFX-2031-{n:04d}" for n in range(1, 7)]
    assert CertificateCounter.objects.get(prefix="CXFX", year=2031).last == 6
