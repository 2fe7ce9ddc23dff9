"""A provincial draw (双随机): 100,000 operators, 2,000 inspectors, Henan's default quotas.

Times ``drawing.run`` and ``drawing.verify`` (pure Python, no database) against the anchor
``random.sample`` of the same number of operators from the same pool, in the same run.

    .venv/bin/python -m benchmarks.draw

Environment: BENCH_DRAW_OPERATORS (default 100000), BENCH_DRAW_INSPECTORS (default 2000),
BENCH_DRAW_RUNS (default 3; the median is printed).
"""

from __future__ import annotations

import os
import random
import statistics
import time

from fangxin.supervision import drawing

OPERATORS = int(os.environ.get("BENCH_DRAW_OPERATORS", "100000"))
INSPECTORS = int(os.environ.get("BENCH_DRAW_INSPECTORS", "2000"))
RUNS = int(os.environ.get("BENCH_DRAW_RUNS", "3"))
STATIONS = 15
RISK_MIX = (("A", 0.50), ("B", 0.30), ("C", 0.15), ("D", 0.05))
KEY_TARGET_SHARE = 0.01
CONFLICT_SHARE = 0.02  # inspectors declaring conflicts (1–3 operators each)
AIM_S = 2.0  # the target for run


def pools(rng: random.Random):
    stations = [f"station-{n:02d}" for n in range(STATIONS)]
    # Uneven stations, as real towns are: weights 1..3.
    weights = [1 + (n % 3) for n in range(STATIONS)]
    classes, class_weights = zip(*RISK_MIX, strict=True)
    operators = [
        drawing.OperatorEntry(
            id=n,
            station=rng.choices(stations, weights)[0],
            risk_class=rng.choices(classes, class_weights)[0],
            key_target=rng.random() < KEY_TARGET_SHARE,
        )
        for n in range(1, OPERATORS + 1)
    ]
    inspectors = [
        drawing.InspectorEntry(
            id=1_000_000 + n,
            station=rng.choices(stations, weights)[0],
            conflicts=frozenset(
                rng.sample(range(1, OPERATORS + 1), rng.randint(1, 3))
                if rng.random() < CONFLICT_SHARE
                else ()
            ),
        )
        for n in range(INSPECTORS)
    ]
    return operators, inspectors


def median_s(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(20240601)
    operators, inspectors = pools(rng)
    rules = drawing.DrawRules(
        quotas=dict(drawing.HENAN_QUOTAS),
        include_key_targets=True,
        stratify_by_station=True,
        inspectors_per_task=2,
        avoid_own_station=True,
    )
    secret = drawing.make_secret()
    public_value = "2024-06-01 福彩3D 5 1 8"

    hashed = median_s(lambda: drawing.pools_hash(operators, inspectors, rules))
    pools_hash = drawing.pools_hash(operators, inspectors, rules)
    committed = drawing.commitment(pools_hash, secret)
    plan = drawing.preflight(operators, inspectors, rules)
    result = drawing.run(operators, inspectors, rules, secret, public_value)
    chosen = len(result.selected)
    assert chosen == plan.total_selected
    run_s = median_s(lambda: drawing.run(operators, inspectors, rules, secret, public_value))
    report = drawing.verify(
        operators,
        inspectors,
        rules,
        secret,
        public_value,
        committed,
        result.result_hash,
        pools_hash=pools_hash,
        seed=result.seed,
    )
    assert report.ok, report.problems
    verify_s = median_s(
        lambda: drawing.verify(
            operators,
            inspectors,
            rules,
            secret,
            public_value,
            committed,
            result.result_hash,
            pools_hash=pools_hash,
        )
    )
    sample_rng = random.Random(1)
    anchor_s = median_s(lambda: sample_rng.sample(operators, chosen))

    loads: dict[int, int] = {}
    for s in result.selected:
        for i in s.inspector_ids:
            loads[i] = loads.get(i, 0) + 1
    idle = len(inspectors) - len(loads)
    key = sum(1 for s in result.selected if s.reason == "key_target")

    print(f"draw ({drawing.ALGORITHM_VERSION}), pure Python, median of {RUNS} runs")
    print(
        f"  {len(operators):,} operators over {STATIONS} stations (A/B/C/D "
        + "/".join(f"{share:.0%}" for _c, share in RISK_MIX)
        + f", key targets {KEY_TARGET_SHARE:.0%}), {len(inspectors):,} inspectors"
    )
    print(
        "  rules: Henan quotas A 1 %, B 2 %, C 10 %, D 30 %, plus every key target; stratified "
        "by station; own station avoided; 2 inspectors per task"
    )
    print(
        f"  selected {chosen:,} operators ({key:,} key targets) in {len(plan.strata)} strata; "
        f"inspector load min {min(loads.values()) if not idle else 0}, "
        f"max {max(loads.values())}, idle {idle}"
    )
    print(f"  anchor random.sample({chosen:,} of {len(operators):,}): {anchor_s * 1000:8.1f} ms")
    print(f"  pools_hash (canonical JSON + SHA-256):      {hashed * 1000:8.1f} ms")
    print(
        f"  run:                                        {run_s * 1000:8.1f} ms"
        f"  ({run_s / anchor_s:,.0f}x the anchor; aim under {AIM_S:.0f} s)"
    )
    print(
        f"  verify:                                     {verify_s * 1000:8.1f} ms"
        f"  ({verify_s / anchor_s:,.0f}x the anchor, {verify_s / run_s:.2f}x run)"
    )
    if run_s >= AIM_S:
        print(f"  note: run took {run_s:.2f} s, over the {AIM_S:.0f} s aim")


if __name__ == "__main__":
    main()
