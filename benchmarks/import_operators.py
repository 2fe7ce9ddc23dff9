"""Excel import of 10,000 operators: read, dry run and commit against a bare bulk insert.

Runs against a throwaway database (see ``setup_django``): PostgreSQL when DATABASE_URL
points at a server (the database ``fangxin_bench`` is created there and dropped at exit),
else a temporary SQLite file. Never the dev database.

    .venv/bin/python -m benchmarks.import_operators
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fangxin_bench \\
        .venv/bin/python -m benchmarks.import_operators

Environment: BENCH_DB names the throwaway PostgreSQL database (default ``fangxin_bench``);
BENCH_IMPORT_ROWS (default 10000) sets the size; BENCH_PROFILE_ROWS=N adds a
cProfile of a dry run of the first N rows (top 15 by cumulative time) and a query count.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangxin.settings")

# The throwaway database's name (BENCH_DB overrides it: two runs sharing a server need two).
BENCH_DB = os.environ.get("BENCH_DB", "").strip() or "fangxin_bench"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
PROFILE_ROWS = int(os.environ.get("BENCH_PROFILE_ROWS", "0"))
AIM = 5.0  # the project's aim: a full import within 5x the bare insert

_db_label: str | None = None


# --- a throwaway database, shared by every benchmark in the process -----------------------


def setup_django() -> str:
    """Point Django at a throwaway database, migrate it once, and describe it.

    Idempotent: ``make bench`` runs several benchmarks in one process and Django can only be
    set up once, so later calls reuse the database (each benchmark calls ``fresh()``).
    """
    global _db_label
    if _db_label is not None:
        return _db_label
    var_dir = tempfile.mkdtemp(prefix="fangxin-bench-")
    atexit.register(shutil.rmtree, var_dir, True)
    os.environ["FANGXIN_VAR_DIR"] = var_dir
    url = os.environ.get("DATABASE_URL", "").strip()
    scheme = urlsplit(url).scheme
    if scheme in ("postgres", "postgresql", "pgsql"):
        if urlsplit(url).path.strip("/") not in ("", BENCH_DB):
            print(f"note: using the throwaway database {BENCH_DB}, not the one DATABASE_URL names")
        os.environ["DATABASE_URL"] = _create_postgres(url)
        where = f"database {BENCH_DB} on {urlsplit(url).hostname}"
    elif not url or scheme.startswith("sqlite"):
        if url:
            print("note: DATABASE_URL is SQLite; using a temporary file instead")
        os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
        where = "temporary file"
    else:
        raise SystemExit(f"benchmarks support PostgreSQL or SQLite, not {scheme!r}")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
            version, jit = cursor.fetchone()
            version = f"PostgreSQL {version.split()[0]} (jit={jit})"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
    _db_label = f"{version}, {where}"
    print(f"database: {_db_label} (migrated in {time.perf_counter() - started:.1f} s)")
    return _db_label


def _create_postgres(url: str) -> str:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    name = sql.Identifier(BENCH_DB)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))

    atexit.register(drop)
    return bench_url


def fresh() -> None:
    """Empty every table (users too) and load the Changxing jurisdictions again."""
    from django.core.management import call_command

    from fangxin.core import jurisdictions

    call_command("flush", interactive=False, verbosity=0)  # re-creates the role groups
    jurisdictions.load()


def make_user(role, username: str, station=None):
    from fangxin.core.models import User

    user = User(username=username, role=role, station=station)
    user.set_unusable_password()
    user.save()
    return User.objects.get(pk=user.pk)  # no cached permissions


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2]


# --- the rows -------------------------------------------------------------------------------

KINDS = ["直播营销", "社区团购", "直播营销+社区团购"]


def area_names() -> list[str]:
    from fangxin.core import jurisdictions

    return [a["name"] for a in jurisdictions.parse(jurisdictions.DEFAULT_FILE)["areas"]]


def make_rows(count: int) -> list[list[str]]:
    """``count`` valid, distinct rows in template column order."""
    from fangxin.registry.uscc import make

    areas = area_names()
    rows = []
    for n in range(count):
        area = areas[n % len(areas)]
        accounts = f"抖音:handle{n}"
        if n % 3 == 0:
            accounts += f";快手:ks{n}"
        rows.append(
            [
                make(f"91330522MA{n:07d}"),
                f"长兴县测试{n}号电子商务有限公司",
                KINDS[n % len(KINDS)],
                "张三",
                "李四",
                f"138{n:08d}",
                area,
                f"长兴县{area}测试路{n}号",
                accounts,
            ]
        )
    return rows


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    from fangxin.registry.importing import TEMPLATE_COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("经营主体")
    sheet.append(TEMPLATE_COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the anchor: a bare bulk insert of the same rows ----------------------------------------


def bulk_insert(rows: list[list[str]]) -> None:
    from django.db import transaction

    from fangxin.core.models import Area
    from fangxin.registry.importing import KIND_VALUES, PLATFORM_BY_NAME
    from fangxin.registry.models import Operator, PlatformAccount

    with transaction.atomic():
        area_ids = dict(Area.objects.values_list("name", "id"))
        operators = []
        for uscc, name, kind, legal_rep, contact, phone, area, address, _accounts in rows:
            livestream, group_buying = KIND_VALUES[kind]
            operators.append(
                Operator(
                    uscc=uscc,
                    name=name,
                    livestream=livestream,
                    group_buying=group_buying,
                    legal_rep_name=legal_rep,
                    contact_name=contact,
                    contact_phone=phone,
                    area_id=area_ids[area],
                    operating_address=address,
                    status=Operator.Status.ACTIVE,
                )
            )
        Operator.objects.bulk_create(operators, batch_size=2000)
        accounts = []
        for operator, row in zip(operators, rows, strict=True):
            for part in row[8].split(";"):
                platform, _sep, handle = part.partition(":")
                accounts.append(
                    PlatformAccount(
                        operator_id=operator.pk, platform=PLATFORM_BY_NAME[platform], handle=handle
                    )
                )
        PlatformAccount.objects.bulk_create(accounts, batch_size=2000)


# --- the benchmark --------------------------------------------------------------------------


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"import_operators: {message}")


def profile_dry_run(user, rows: list[list[str]]) -> None:
    """cProfile (top 15 by cumulative time) and a query count of a dry run of ``rows``."""
    import cProfile
    import pstats

    from django.db import connection

    from fangxin.registry.importing import read_upload, run_import

    dataset = read_upload("profile.xlsx", xlsx_bytes(rows))
    kinds: dict[str, int] = {}

    def count(execute, sql, params, many, context):
        head = sql.split(" WHERE ")[0] if sql.startswith("SELECT") else sql.split(" (")[0]
        kinds[head[:100]] = kinds.get(head[:100], 0) + 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run_import(user, dataset, dry_run=True)
    total = sum(kinds.values())
    print(f"  profile: {total} statements for a {len(rows)}-row dry run", end="")
    print(f" ({total / len(rows):.1f} per row); the most frequent:")
    for key, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {n:6d}  {key}")
    profiler = cProfile.Profile()
    profiler.enable()
    run_import(user, dataset, dry_run=True)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    print("  profile: top 15 by cumulative time")
    for line in out.getvalue().splitlines():
        if line.strip() and not any(x in line for x in ("function calls", "Ordered", "reduced")):
            print("    " + line.rstrip())


def main() -> None:
    label = setup_django()
    from fangxin.core.roles import Role
    from fangxin.registry.importing import read_upload, run_import
    from fangxin.registry.models import Operator, PlatformAccount

    rows = make_rows(ROWS)
    content = xlsx_bytes(rows)
    accounts = sum(len(r[8].split(";")) for r in rows)
    print(f"import_operators on {label}")
    print(
        f"  {len(rows):,} rows, {accounts:,} platform accounts, xlsx {len(content) / 1024:.0f} KB"
    )

    # The anchor first, into empty tables: the median of three.
    anchors = []
    for _ in range(3):
        fresh()
        anchors.append(_timed(lambda: bulk_insert(rows))[1])
        _check(Operator.objects.count() == len(rows), "the bulk insert lost rows")
        _check(PlatformAccount.objects.count() == accounts, "the bulk insert lost accounts")
    anchor = sorted(anchors)[1]

    # The import, as the views run it: upload = read + dry run; confirm = read + commit.
    fresh()
    user = make_user(Role.OFFICE, "bench-office")
    dataset, read = _timed(lambda: read_upload("operators.xlsx", content))
    report, dry = _timed(lambda: run_import(user, dataset, dry_run=True))
    _check(report.ok and report.new_count == len(rows), f"dry run: {report.error_count} errors")
    _check(Operator.objects.count() == 0, "the dry run wrote rows")
    dataset, read2 = _timed(lambda: read_upload("operators.xlsx", content))
    report, commit = _timed(lambda: run_import(user, dataset, dry_run=False))
    _check(report.committed, f"commit: {report.error_count} errors")
    _check(Operator.objects.count() == len(rows), "the commit lost rows")
    _check(PlatformAccount.objects.count() == accounts, "the commit lost accounts")

    upload, confirm = read + dry, read2 + commit
    full = upload + confirm
    ratio = full / anchor
    n = len(rows)
    print(f"  {'read_upload (xlsx → Dataset)':40s} {read:8.2f} s  {n / read:9,.0f} rows/s")
    print(f"  {'dry run (run_import dry_run=True)':40s} {dry:8.2f} s  {n / dry:9,.0f} rows/s")
    print(f"  {'commit (run_import dry_run=False)':40s} {commit:8.2f} s  {n / commit:9,.0f} rows/s")
    print(f"  {'upload step (read + dry run)':40s} {upload:8.2f} s")
    print(f"  {'confirm step (read again + commit)':40s} {confirm:8.2f} s")
    print(f"  {'full (upload + confirm)':40s} {full:8.2f} s  {n / full:9,.0f} rows/s")
    print(
        f"  {'anchor: bare bulk_create, same rows':40s} {anchor:8.2f} s  {n / anchor:9,.0f} rows/s"
    )
    verdict = "met" if ratio <= AIM else "NOT met"
    print(f"  ratio full / anchor: {ratio:.1f}x  (aim ≤ {AIM:.0f}x: {verdict})")

    if PROFILE_ROWS:
        fresh()
        user = make_user(Role.OFFICE, "bench-office")
        profile_dry_run(user, rows[:PROFILE_ROWS])


if __name__ == "__main__":
    main()
