"""The public verification under load: gunicorn serving, a load generator in a second process.

Fills the throwaway database (``benchmarks.import_operators.setup_django``) with N operators
and T titles written straight to the tables (bulk_create, not the use cases): a campaign, T
livestream enrolments, one published notice with T candidate lines, T titles (one in 20
revoked, one in 10 with an approved reply). Then starts gunicorn (2 sync workers, DEBUG off,
``fangxin.settings``) on a free port of 127.0.0.1 and, for a fixed time each, drives one path
at a time from a second process (a small asyncio HTTP client, standard library only; every
request on a new connection, as the sync workers close each one), each request naming a
random certificate:

- the anchor, a trivial Django view on the same server: ``/healthz`` (one ``SELECT 1``, a
  small JSON answer, the whole middleware stack), measured first and again after each path;
- the verification API ``/api/v1/public/titles/<no>/`` and the public page
  ``/public/titles/<no>/``;
- the titles list ``/api/v1/public/titles/`` (the first page);
- the badge ``/public/titles/<no>/badge.svg``.

Prints requests per second, p50/p99 latency, errors (any answer but 200, any failed
connection) and each path's throughput as a share of the anchor's (the mean of the anchor's
runs just before and after it: a shared machine's load drifts),
plus the queries one request of each path runs (measured in this process).

    .venv/bin/python -m benchmarks.public_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fangxin_bench \\
        .venv/bin/python -m benchmarks.public_api      # the issue's figure: 100,000 / 10,000

Environment: BENCH_PUBLIC_OPERATORS (default 100,000) and BENCH_PUBLIC_TITLES (default
10,000) the sizes; BENCH_PUBLIC_SECONDS (default 10) how long each path is driven, after a
one-second warm-up; BENCH_PUBLIC_CONCURRENCY (default 8) the client's connections at once;
BENCH_PUBLIC_WORKERS (default 2) gunicorn's workers. The open-data API's rate limit per client
address (FANGXIN_PUBLIC_API_RATE, 120/minute by default) is raised to 1,000,000/minute for the
server: every request comes from 127.0.0.1. Static files are served plain
(FANGXIN_PLAIN_STATIC=1: the run has no collectstatic manifest).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

from benchmarks.import_operators import fresh, make_user, setup_django

OPERATORS = int(os.environ.get("BENCH_PUBLIC_OPERATORS", "100000"))
TITLES = int(os.environ.get("BENCH_PUBLIC_TITLES", "10000"))
SECONDS = float(os.environ.get("BENCH_PUBLIC_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_PUBLIC_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_PUBLIC_WORKERS", "2"))
WARMUP = 1.0
YEAR = 2026
RATE = "1000000/minute"
AIM = 0.5  # verification and badge: at least half the trivial view's requests per second

# (label, path pattern: {no} is a random certificate number)
ANCHOR = ("trivial view /healthz", "/healthz")
PATHS = [
    ("verification API", "/api/v1/public/titles/{no}/"),
    ("verification page", "/public/titles/{no}/"),
    ("titles list API (page 1)", "/api/v1/public/titles/"),
    ("badge.svg", "/public/titles/{no}/badge.svg"),
]
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
AIMED = {"verification API", "verification page", "badge.svg"}


def certificate_no(n: int) -> str:
    return f"CXFX-{YEAR}-{n + 1:04d}"


# --- the fixture ----------------------------------------------------------------------------


def populate(operators: int, titles: int) -> None:
    """``operators`` operators, the first ``titles`` of them enrolled, on one published notice
    and holding a title; written straight to the tables."""
    from django.db import connection, transaction
    from django.utils import timezone

    from fangxin.core.models import Area
    from fangxin.core.roles import Role
    from fangxin.programme import services as programme
    from fangxin.programme.models import Enrolment
    from fangxin.registry.models import Operator
    from fangxin.registry.uscc import make
    from fangxin.titles.models import Candidate, Notice, Reply, Title

    now = timezone.now()
    office = make_user(Role.OFFICE, "bench-public-office")
    campaign = programme.create_campaign(office, YEAR)
    areas = list(Area.objects.values_list("id", "name"))
    titles = min(titles, operators)
    with transaction.atomic():
        holders: list = []
        for start in range(0, operators, 20_000):
            made = Operator.objects.bulk_create(
                [
                    Operator(
                        uscc=make(f"91330522MP{n:07d}"),
                        name=f"长兴核验电商{n}号有限公司",
                        livestream=True,
                        legal_rep_name="张三",
                        contact_name="李四",
                        contact_phone=f"137{n:08d}",
                        area_id=areas[n % len(areas)][0],
                        operating_address=f"长兴县核验路{n}号",
                        status="active",
                    )
                    for n in range(start, min(start + 20_000, operators))
                ],
                batch_size=2000,
            )
            holders.extend(made[: max(0, titles - len(holders))])
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(campaign=campaign, operator=o, kind="livestream") for o in holders],
            batch_size=2000,
        )
        notice = Notice.objects.create(
            campaign=campaign,
            kind="livestream",
            starts_on=date(YEAR, 11, 2),
            ends_on=date(YEAR, 11, 6),
            working_days=5,
            published_by=office,
        )
        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    notice=notice,
                    enrolment=e,
                    operator=o,
                    name=o.name,
                    area_name=areas[n % len(areas)][1],
                    accounts=[f"抖音：核验直播间{n}"],
                    score="92.5",
                )
                for n, (e, o) in enumerate(zip(enrolments, holders, strict=True))
            ],
            batch_size=2000,
        )
        made_titles = Title.objects.bulk_create(
            [
                Title(
                    certificate_no=certificate_no(n),
                    candidate=c,
                    operator=c.operator,
                    kind="livestream",
                    holder_name=c.name,
                    year=YEAR,
                    score=c.score,
                    awarded_on=date(YEAR, 11, 20),
                    valid_until=date(YEAR + 1, 11, 19),
                    status="revoked" if n % 20 == 7 else "valid",
                    revoked_on=date(YEAR, 12, 1) if n % 20 == 7 else None,
                    revocation_reason="发生重大食品安全事故" if n % 20 == 7 else "",
                    awarded_by=office,
                )
                for n, c in enumerate(candidates)
            ],
            batch_size=2000,
        )
        Reply.objects.bulk_create(
            [
                Reply(
                    operator_id=t.operator_id,
                    enrolment_id=c.enrolment_id,
                    title=t,
                    text="我司已整改完毕。",
                    status="approved",
                    decided_at=now,
                )
                for n, (t, c) in enumerate(zip(made_titles, candidates, strict=True))
                if n % 10 == 3
            ],
            batch_size=2000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def queries_per_request(paths: list[str]) -> dict[str, tuple[int, int]]:
    """(status, queries) of one request to each path, in this process (a warm second one)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(SERVER_NAME="127.0.0.1")
    counts = {}
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}  # as the server
    with override_settings(FANGXIN_PUBLIC_API_RATE=RATE, STORAGES=plain):
        for path in paths:
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path).status_code
            counts[path] = (status, len(captured.captured_queries))
    return counts


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fangxin.settings",
        "FANGXIN_DEBUG": "0",
        "FANGXIN_PUBLIC_API_RATE": RATE,
        "FANGXIN_PLAIN_STATIC": "1",
        "PYTHONPATH": os.getcwd(),
    }  # DATABASE_URL and FANGXIN_VAR_DIR: the throwaway ones setup_django set
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fangxin.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "256",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"public_api: gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("public_api: gunicorn did not answer within 60 s")


# --- the load generator (a second process; the standard library only) -----------------------


async def _get(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()  # the sync workers close the connection after the answer
    finally:
        writer.close()
    if not data.startswith(b"HTTP/1."):
        return 0
    return int(data[9:12])


async def _drive(port: int, pattern: str, titles: int, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    rng = random.Random(20261202)
    end = time.perf_counter() + seconds

    async def connection_loop() -> None:
        while (started := time.perf_counter()) < end:
            path = pattern.format(no=certificate_no(rng.randrange(titles)))
            try:
                status = str(await _get(port, path))
            except OSError as exc:
                status = type(exc).__name__
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1

    began = time.perf_counter()
    await asyncio.gather(*(connection_loop() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "errors": sum(n for s, n in statuses.items() if s != "200"),
        "statuses": statuses,
    }


def load(port: int, pattern: str, titles: int, seconds: float, concurrency: int) -> dict:
    """Drive ``pattern`` for ``seconds`` in a second process (after a warm-up)."""
    command = [sys.executable, "-m", "benchmarks.public_api", "--load"]
    args = [str(port), pattern, str(titles), str(seconds), str(concurrency)]
    warmup = [str(port), pattern, str(titles), str(WARMUP), "2"]
    subprocess.run([*command, *warmup], check=True, capture_output=True)  # noqa: S603
    done = subprocess.run([*command, *args], check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(done.stdout)


# --- the benchmark --------------------------------------------------------------------------


def main() -> None:
    label = setup_django()
    from django.db import connections

    print(f"public_api on {label}")
    fresh()
    started = time.perf_counter()
    populate(OPERATORS, TITLES)
    titles = min(TITLES, OPERATORS)
    print(
        f"  {OPERATORS:,} operators, {titles:,} titles (one in 20 revoked, one in 10 with an "
        f"approved reply) (created in {time.perf_counter() - started:.1f} s)"
    )
    sample = certificate_no(titles // 2)
    # No collectstatic here: an empty static root keeps WhiteNoise from warning.
    os.makedirs(os.path.join(os.environ["FANGXIN_VAR_DIR"], "static"), exist_ok=True)
    counts = queries_per_request(
        [p.format(no=sample) for _label, p in [ANCHOR, *PATHS]],
    )
    connections.close_all()
    port = free_port()
    server = start_gunicorn(port)
    try:
        print(
            f"  gunicorn: {WORKERS} sync workers on 127.0.0.1:{port}, DEBUG off, "
            f"FANGXIN_PUBLIC_API_RATE={RATE}; client: {CONCURRENCY} connections at once, "
            f"{SECONDS:g} s per path after a {WARMUP:g} s warm-up, CPUs: {os.cpu_count()}"
        )
        # The anchor before and after each path: each ratio is to the mean of its two
        # neighbours, so a machine whose load drifts during the run skews the ratios less.
        results = [(ANCHOR, load(port, ANCHOR[1], titles, SECONDS, CONCURRENCY))]
        for item in PATHS:
            results.append((item, load(port, item[1], titles, SECONDS, CONCURRENCY)))
            results.append((ANCHOR, load(port, ANCHOR[1], titles, SECONDS, CONCURRENCY)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    anchors = [r["rps"] for (name, _p), r in results if name == ANCHOR[0]]
    anchor_rps = sum(anchors) / len(anchors)
    neighbours = {}
    for i, ((name, _p), _r) in enumerate(results):
        if name != ANCHOR[0]:
            neighbours[i] = (results[i - 1][1]["rps"] + results[i + 1][1]["rps"]) / 2
    # (an anchor's own row: its share of the anchors' mean, which shows the drift)
    print(
        f"  {'path':28s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'requests':>9s} "
        f"{'errors':>6s} {'ratio':>6s} {'queries':>7s}"
    )
    for i, ((name, pattern), r) in enumerate(results):
        _status, queries = counts[pattern.format(no=sample)]
        print(
            f"  {name:28s} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} {r['requests']:9,d} "
            f"{r['errors']:6d} {r['rps'] / neighbours.get(i, anchor_rps):6.2f} {queries:7d}"
            + ("" if set(r["statuses"]) <= {"200"} else f"  statuses {r['statuses']}")
        )
    verdicts = []
    for i, ((name, _pattern), r) in enumerate(results):
        if name in AIMED:
            ok = r["rps"] / neighbours[i] >= AIM and r["errors"] == 0
            verdicts.append(f"{name} {'met' if ok else 'NOT met'}")
    print(
        f"  ratio: req/s over the mean of the trivial view's runs just before and after (all "
        f"{len(anchors)} runs: {anchor_rps:.0f} req/s on average); aim ≥ {AIM:.1f} "
        f"and no errors for verification and badge: {', '.join(verdicts)}"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        port, pattern, titles, seconds, concurrency = sys.argv[2:7]
        result = asyncio.run(
            _drive(int(port), pattern, int(titles), float(seconds), int(concurrency))
        )
        print(json.dumps(result))
    else:
        main()
