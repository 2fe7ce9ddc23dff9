"""Scoring a whole campaign from its ledger, against a bare SQL ``SUM … GROUP BY``.

Builds a campaign with N enrolments (live-stream) and about 30 ledger entries each (the rubric's
default lines, some deductions, a few vetoes), by bulk_create. Then prints, in the same run:

- the engine pass over every ledger (``services.evaluate_ledgers``: read the entries, clamp per
  criterion, total, round, threshold, floors, vetoes) against the anchor: a bare
  ``SELECT enrolment_id, dimension, criterion, SUM(points) … GROUP BY`` over the same ledger;
- the full batch recomputation (``services.recompute_campaign_now``: facts → ledger → scores,
  written), reported.

    .venv/bin/python -m benchmarks.evaluate

Environment: BENCH_EVAL_ENROLMENTS overrides the number of enrolments (default 10,000; the
issue's figure is 100,000 on PostgreSQL).
"""

from __future__ import annotations

import os
import random
import time
from decimal import Decimal

from benchmarks.import_operators import fresh, make_user, median_ms, setup_django

ENROLMENTS = int(os.environ.get("BENCH_EVAL_ENROLMENTS", "10000"))
RUNS = 3
YEAR = 2026
AIM = 10.0  # the engine pass within 10x the bare aggregate over the same ledger


def populate(count: int) -> int:
    from django.db import transaction

    from fangxin.core.models import Area
    from fangxin.core.roles import Role
    from fangxin.evaluation import services
    from fangxin.evaluation.models import LedgerEntry
    from fangxin.programme import services as programme
    from fangxin.programme.models import Enrolment
    from fangxin.registry.models import Operator
    from fangxin.registry.uscc import make

    rng = random.Random(20261202)
    office = make_user(Role.OFFICE, "bench-eval-office")
    campaign = programme.create_campaign(office, YEAR)
    rubric = services.current_rubric(campaign, "livestream")
    parsed = rubric.parsed()
    keys = [(d.code, c) for d in parsed.dimensions for c in d.criteria]
    areas = list(Area.objects.values_list("id", flat=True))
    with transaction.atomic():
        operators = Operator.objects.bulk_create(
            [
                Operator(
                    uscc=make(f"91330522MF{n:07d}"),
                    name=f"长兴评价电商{n}号有限公司",
                    livestream=True,
                    legal_rep_name="张三",
                    contact_name="李四",
                    contact_phone=f"139{n:08d}",
                    area_id=areas[n % len(areas)],
                    operating_address=f"长兴县评价路{n}号",
                    status="active",
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(campaign=campaign, operator=o, kind="livestream") for o in operators],
            batch_size=2000,
        )
        entries = []
        for enrolment in enrolments:
            for dimension, criterion in keys:  # 16 default lines
                entries.append(
                    LedgerEntry(
                        enrolment=enrolment,
                        rubric=rubric,
                        dimension=dimension,
                        criterion=criterion.code,
                        points=criterion.default,
                        source="default",
                    )
                )
            for _ in range(14):  # deductions
                dimension, criterion = rng.choice(keys)
                entries.append(
                    LedgerEntry(
                        enrolment=enrolment,
                        rubric=rubric,
                        dimension=dimension,
                        criterion=criterion.code,
                        points=-Decimal(rng.choice(["0.5", "1", "1", "2", "3"])) / 4,
                        source="finding",
                    )
                )
            if rng.random() < 0.01:
                entries.append(
                    LedgerEntry(enrolment=enrolment, rubric=rubric, points=0, source="veto")
                )
            if len(entries) >= 50_000:
                LedgerEntry.objects.bulk_create(entries, batch_size=5000)
                entries = []
        LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    return campaign.pk


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


def main() -> None:
    label = setup_django()
    from fangxin.evaluation import services
    from fangxin.evaluation.models import LedgerEntry, Score
    from fangxin.programme.models import Campaign

    print(f"evaluate on {label}")
    fresh()
    started = time.perf_counter()
    campaign_id = populate(ENROLMENTS)
    campaign = Campaign.objects.get(pk=campaign_id)
    entries = LedgerEntry.objects.count()
    print(
        f"  {ENROLMENTS:,} enrolments, {entries:,} ledger entries "
        f"(created in {time.perf_counter() - started:.1f} s)"
    )
    results = services.evaluate_ledgers(campaign, "livestream")
    assert len(results) == ENROLMENTS
    engine_ms = median_ms(lambda: services.evaluate_ledgers(campaign, "livestream"), RUNS)
    bare_ms = median_ms(lambda: bare(campaign_id), RUNS)
    ratio = engine_ms / bare_ms if bare_ms else float("inf")
    print(f"  median of {RUNS} runs: engine over every ledger {engine_ms:,.0f} ms")
    print(f"  bare SUM … GROUP BY over the same ledger {bare_ms:,.0f} ms")
    print(f"  ratio engine / bare: {ratio:.1f}x (aim {AIM:.0f}x)")
    started = time.perf_counter()
    count = services.recompute_campaign_now(campaign_id)
    recompute_s = time.perf_counter() - started
    print(
        f"  full batch recomputation (facts → ledger → scores, written): {count:,} enrolments "
        f"in {recompute_s:.1f} s; {Score.objects.count():,} scores, "
        f"{LedgerEntry.objects.count():,} ledger entries after"
    )


if __name__ == "__main__":
    main()
