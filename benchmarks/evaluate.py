"""Scoring a whole campaign from its ledger, against a bare SQL ``SUM … GROUP BY``.

Builds a campaign with N live-stream enrolments: the first N/10 with the evidence the facts
benchmark builds (``benchmarks.facts.populate``: findings, orders, cases, samples, vetoes,
complaints, monitoring hits …), the rest bare, and about 30 ledger entries each (the rubric's 16
default lines, 14 deductions, a veto for 1 in 100), written straight to the table (COPY on
PostgreSQL, bulk_create on SQLite), not through the use cases. Then prints, in the same run:

- the engine pass over every ledger (``services.evaluate_ledgers``: read the entries, clamp per
  criterion, total, round, threshold, floors, vetoes) against the anchor: a bare
  ``SELECT enrolment_id, dimension, criterion, SUM(points) … GROUP BY`` over the same ledger;
- the full batch recomputation (``services.recompute_campaign_now``: facts → ledger → scores,
  written), reported, twice: first over the fixture's ledger, then again over its own.

    .venv/bin/python -m benchmarks.evaluate [ENROLMENTS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fangxin_bench \\
        .venv/bin/python -m benchmarks.evaluate 100000   # the issue's figure

Environment: BENCH_EVAL_ENROLMENTS sets the number of enrolments when no argument is given
(default 10,000, what ``make bench`` runs); BENCH_EVAL_FACT_OPERATORS how many of them have
evidence (default a tenth).
"""

from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal

from benchmarks.import_operators import fresh, median_ms, setup_django

ENROLMENTS = int(os.environ.get("BENCH_EVAL_ENROLMENTS", "10000"))
_FACTS = os.environ.get("BENCH_EVAL_FACT_OPERATORS", "").strip()
FACT_OPERATORS = int(_FACTS) if _FACTS else None  # default: a tenth of the enrolments
RUNS = 3
YEAR = 2026
AIM = 10.0  # the engine pass within 10x the bare aggregate over the same ledger


def populate(count: int, with_facts: int) -> tuple[int, dict[str, int]]:
    """(campaign id, evidence rows per table): ``count`` live-stream enrolments, the first
    ``with_facts`` of them with the evidence ``benchmarks.facts`` builds (findings, orders,
    cases, samples, vetoes, complaints, hits …), and about 30 ledger entries for each."""
    from django.db import connection, transaction

    from benchmarks import facts
    from fangxin.core.models import Area
    from fangxin.evaluation import services
    from fangxin.programme.models import Campaign, Enrolment
    from fangxin.registry.models import Operator
    from fangxin.registry.uscc import make

    rng = random.Random(20261202)
    # The facts benchmark's fixture makes the campaign and the operators with evidence.
    campaign_id, rows = facts.populate(with_facts)
    campaign = Campaign.objects.get(pk=campaign_id)
    rubric = services.current_rubric(campaign, "livestream")
    parsed = rubric.parsed()
    keys = [(d.code, c) for d in parsed.dimensions for c in d.criteria]
    areas = list(Area.objects.values_list("id", flat=True))
    with transaction.atomic():
        for start in range(with_facts, count, 20_000):
            operators = Operator.objects.bulk_create(
                [
                    Operator(
                        uscc=make(f"91330522MF{n:07d}"),  # after the facts fixture's numbers
                        name=f"长兴评价电商{n}号有限公司",
                        livestream=True,
                        legal_rep_name="张三",
                        contact_name="李四",
                        contact_phone=f"139{n:08d}",
                        area_id=areas[n % len(areas)],
                        operating_address=f"长兴县评价路{n}号",
                        status="active",
                    )
                    for n in range(start, min(start + 20_000, count))
                ],
                batch_size=2000,
            )
            Enrolment.objects.bulk_create(
                [Enrolment(campaign=campaign, operator=o, kind="livestream") for o in operators],
                batch_size=2000,
            )
        enrolment_ids = list(
            Enrolment.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
        )

        def entries():
            for enrolment_id in enrolment_ids:
                for dimension, criterion in keys:  # 16 default lines
                    yield (enrolment_id, dimension, criterion.code, criterion.default, "default")
                for _ in range(14):  # deductions
                    dimension, criterion = rng.choice(keys)
                    points = -Decimal(rng.choice(["0.5", "1", "1", "2", "3"])) / 4
                    yield (enrolment_id, dimension, criterion.code, points, "finding")
                if rng.random() < 0.01:
                    yield (enrolment_id, "", "", Decimal(0), "veto")

        load_ledger(rubric.pk, entries())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campaign_id, rows


def load_ledger(rubric_id: int, rows) -> None:
    """Ledger entries (enrolment id, dimension, criterion, points, source), written straight to
    the table: COPY on PostgreSQL, bulk_create on SQLite. Fixture data, not the use cases."""
    from django.db import connection
    from django.utils import timezone

    from fangxin.evaluation.models import LedgerEntry

    now = timezone.now()
    if connection.vendor == "postgresql":
        columns = (
            "enrolment_id, rubric_id, dimension, criterion, points, source, automatic, "
            "fact_label, detail, note, created_at"
        )
        with connection.cursor() as cursor:
            copy_sql = f"COPY {LedgerEntry._meta.db_table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for enrolment_id, dimension, criterion, points, source in rows:
                    fixed = (True, "", "{}", "", now)  # automatic … created_at
                    copy.write_row(
                        (enrolment_id, rubric_id, dimension, criterion, points, source, *fixed)
                    )
        return
    batch = []
    for enrolment_id, dimension, criterion, points, source in rows:
        batch.append(
            LedgerEntry(
                enrolment_id=enrolment_id,
                rubric_id=rubric_id,
                dimension=dimension,
                criterion=criterion,
                points=points,
                source=source,
            )
        )
        if len(batch) >= 50_000:
            LedgerEntry.objects.bulk_create(batch, batch_size=5000)
            batch = []
    LedgerEntry.objects.bulk_create(batch, batch_size=5000)


def bare(campaign_id: int) -> int:
    from django.db import connection

    from fangxin.evaluation.models import LedgerEntry
    from fangxin.programme.models import Enrolment

    assert LedgerEntry._meta.db_table == "evaluation_ledgerentry"
    assert Enrolment._meta.db_table == "programme_enrolment"
    sql = (
        "SELECT l.enrolment_id, l.dimension, l.criterion, SUM(l.points) "
        "FROM evaluation_ledgerentry l JOIN programme_enrolment e "
        "ON e.id = l.enrolment_id WHERE e.campaign_id = %s AND e.kind = %s "
        "GROUP BY l.enrolment_id, l.dimension, l.criterion"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign_id, "livestream"])
        return len(cursor.fetchall())


def main(count: int | None = None) -> None:
    label = setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fangxin.evaluation import services
    from fangxin.evaluation.models import LedgerEntry, Score
    from fangxin.programme.models import Campaign

    count = count or ENROLMENTS
    with_facts = min(FACT_OPERATORS if FACT_OPERATORS is not None else count // 10, count)
    print(f"evaluate on {label}")
    fresh()
    started = time.perf_counter()
    campaign_id, rows = populate(count, with_facts)
    campaign = Campaign.objects.get(pk=campaign_id)
    entries = LedgerEntry.objects.count()
    print(
        f"  {count:,} enrolments, {entries:,} ledger entries; {with_facts:,} of the operators "
        f"with evidence ({sum(rows.values()):,} rows) (created in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    with CaptureQueriesContext(connection) as captured:
        results = services.evaluate_ledgers(campaign, "livestream")
    assert len(results) == count
    engine_ms = median_ms(lambda: services.evaluate_ledgers(campaign, "livestream"), RUNS)
    bare_ms = median_ms(lambda: bare(campaign_id), RUNS)
    ratio = engine_ms / bare_ms if bare_ms else float("inf")
    print(
        f"  median of {RUNS} runs: engine over every ledger {engine_ms:,.0f} ms "
        f"({len(captured.captured_queries)} queries)"
    )
    print(f"  bare SUM … GROUP BY over the same ledger {bare_ms:,.0f} ms")
    print(f"  ratio engine / bare: {ratio:.1f}x (aim {AIM:.0f}x)")
    # Facts → ledger → scores, written: first over the fixture's ledger (every automatic line
    # replaced), then again over its own (the steady state of a recomputation).
    for run in ("first", "again"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            done = services.recompute_campaign_now(campaign_id)
        recompute_s = time.perf_counter() - started
        print(
            f"  full batch recomputation ({run}; facts → ledger → scores, written): {done:,} "
            f"enrolments in {recompute_s:.1f} s, {len(captured.captured_queries)} queries; "
            f"{Score.objects.count():,} scores, {LedgerEntry.objects.count():,} ledger entries "
            f"after"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
