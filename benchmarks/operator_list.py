"""The operator list's query at 100,000 operators, against bare SQL doing the same work.

Builds the queryset exactly as ``registry.views.operator_list`` does (the view's own
``_filtered`` → order → ``with_licence_flags(today)`` → Paginator page, COUNT included) for
an office user and a station user, and times it next to a hand-written ``cursor.execute``
of the equivalent filter + order + limit in the same run. Throwaway database as in
``benchmarks.import_operators.setup_django`` (PostgreSQL with DATABASE_URL, else SQLite).

    .venv/bin/python -m benchmarks.operator_list

Environment: BENCH_LIST_OPERATORS overrides the number of operators (default 100000).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from benchmarks.import_operators import fresh, make_user, median_ms, setup_django

OPERATORS = 100_000
RUNS = 5
PER_PAGE = 50
AIM = 5.0
SEARCH = "紫笋茶"
BATCH = 5000

BRANDS = "长兴太湖顾渚紫金画溪雉城龙山洪桥李家夹浦林城虹星小浦和平煤山泗安水口吕山箬溪弁南"
GOODS = [
    "紫笋茶",
    "湖羊",
    "银杏",
    "板栗",
    "芦笋",
    "吊瓜子",
    "白茶",
    "青梅",
    "杨梅",
    "葡萄",
    "百合",
    "茭白",
    "螺蛳",
    "河虾",
    "甲鱼",
    "黄酒",
    "竹笋",
    "蜂蜜",
    "米酒",
    "年糕",
]
SUFFIXES = ["电子商务有限公司", "商贸有限公司", "农产品专业合作社", "直播工作室", "食品商行"]
STATUSES = ["active"] * 70 + ["applied"] * 10 + ["suspended"] * 8 + ["left"] * 7
STATUSES += ["rejected"] * 5


def _operator_count() -> int:
    import os

    return int(os.environ.get("BENCH_LIST_OPERATORS", OPERATORS))


# --- the data -------------------------------------------------------------------------------


def populate(count: int, today) -> dict[str, int]:
    """``count`` operators over the 15 areas, with licences (some expired or expiring) and
    platform accounts, by bulk_create in batches."""
    from django.db import connection, transaction

    from fangxin.core.models import Area
    from fangxin.registry.models import Licence, Operator, PlatformAccount
    from fangxin.registry.uscc import make

    rng = random.Random(20240601)
    areas = list(Area.objects.order_by("code").values_list("id", flat=True))
    totals = {"operators": 0, "licences": 0, "accounts": 0}
    for start in range(0, count, BATCH):
        stop = min(start + BATCH, count)
        operators = []
        for n in range(start, stop):
            kind = rng.random()
            brand = rng.choice(BRANDS) + rng.choice(BRANDS)
            operators.append(
                Operator(
                    uscc=make(f"91330522MA{n:07d}"),
                    name=f"长兴{brand}{rng.choice(GOODS)}{rng.choice(SUFFIXES)}",
                    livestream=kind < 0.7,
                    group_buying=kind >= 0.5,
                    sells_food=rng.random() < 0.4,
                    legal_rep_name="张三",
                    contact_name="李四",
                    contact_phone=f"138{n:08d}",
                    area_id=areas[n % len(areas)],
                    operating_address=f"长兴县测试路{n}号",
                    status=rng.choice(STATUSES),
                )
            )
        with transaction.atomic():
            Operator.objects.bulk_create(operators)
            licences, accounts = [], []
            for operator in operators:
                n = operator.pk
                if rng.random() < 0.3:
                    licences.append(
                        Licence(operator_id=n, kind=Licence.Kind.BUSINESS, number=f"BL{n:012d}")
                    )
                if operator.sells_food and rng.random() < 0.85:
                    roll = rng.random()
                    if roll < 0.06:
                        valid_to = today - timedelta(days=rng.randint(1, 400))
                    elif roll < 0.12:
                        valid_to = today + timedelta(days=rng.randint(0, 30))
                    elif roll < 0.9:
                        valid_to = today + timedelta(days=rng.randint(31, 1500))
                    else:
                        valid_to = None
                    licences.append(
                        Licence(
                            operator_id=n,
                            kind=Licence.Kind.FOOD_PERMIT,
                            number=f"JY{n:012d}",
                            valid_to=valid_to,
                        )
                    )
                if rng.random() < 0.6:
                    handle = f"{operator.name[2:6]}{n}"
                    accounts.append(
                        PlatformAccount(operator_id=n, platform="douyin", handle=handle)
                    )
                    if rng.random() < 0.3:
                        accounts.append(
                            PlatformAccount(operator_id=n, platform="kuaishou", handle=f"ks{n}")
                        )
            Licence.objects.bulk_create(licences)
            PlatformAccount.objects.bulk_create(accounts)
        totals["operators"] += len(operators)
        totals["licences"] += len(licences)
        totals["accounts"] += len(accounts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would have done by the time anyone looks
    return totals


# --- the view's query and the bare SQL -------------------------------------------------------


def view_page(user, params: dict, page: int, today):
    """The operator list view's query path, up to the evaluated page (COUNT included)."""
    from django.core.paginator import Paginator
    from django.test import RequestFactory

    from fangxin.registry.views import PAGE_SIZE, _filtered

    request = RequestFactory().get("/registry/operators/", params)
    request.user = user
    qs = _filtered(request).qs
    if "ordering" not in request.GET:
        qs = qs.order_by("name", "pk")
    result = Paginator(qs.with_licence_flags(today), PAGE_SIZE).get_page(page)
    rows = list(result.object_list)
    return result, rows


def view_count(user, params: dict, today) -> int:
    from django.core.paginator import Paginator
    from django.test import RequestFactory

    from fangxin.registry.views import PAGE_SIZE, _filtered

    request = RequestFactory().get("/registry/operators/", params)
    request.user = user
    qs = _filtered(request).qs
    return Paginator(qs.with_licence_flags(today), PAGE_SIZE).count


def bare_sql(station_id, params: dict, offset: int, today) -> tuple[str, str, list, list]:
    """Hand-written SQL for the same filter + order + limit on registry_operator, and the
    COUNT over the same filter: (page sql, count sql, page args, count args)."""
    from django.db import connection

    from fangxin.registry.models import Licence

    postgres = connection.vendor == "postgresql"

    def ilike(column: str) -> str:
        # As Django writes icontains / istartswith on each backend.
        return f"UPPER({column}) LIKE UPPER(%s)" if postgres else f"{column} LIKE %s ESCAPE '\\'"

    tables, where, args = "registry_operator o", [], []
    if station_id is not None:
        tables += " JOIN core_area a ON a.id = o.area_id"
        where.append("a.station_id = %s")
        args.append(station_id)
    if params.get("status"):
        where.append("o.status = %s")
        args.append(params["status"])
    if params.get("kind") in ("livestream", "group_buying"):
        where.append(f"o.{params['kind']}")
    if params.get("q"):
        # Only fixed column names are interpolated; the search text is a parameter.
        where.append(
            f"({ilike('o.name')} OR {ilike('o.uscc')} OR o.id IN"  # noqa: S608
            f" (SELECT operator_id FROM registry_platformaccount WHERE {ilike('handle')}))"
        )
        args += [f"%{params['q']}%", f"{params['q'].upper()}%", f"%{params['q']}%"]
    if params.get("licence_problem") == "true":
        soon = today + timedelta(days=Licence.EXPIRY_WARNING_DAYS)
        where.append(
            "(EXISTS (SELECT 1 FROM registry_licence l"
            " WHERE l.operator_id = o.id AND l.valid_to <= %s)"
            " OR (o.sells_food AND NOT EXISTS (SELECT 1 FROM registry_licence l"
            " WHERE l.operator_id = o.id AND l.kind IN (%s, %s)"
            " AND (l.valid_to IS NULL OR l.valid_to >= %s))))"
        )
        args += [soon, *Licence.FOOD_KINDS, today]
    condition = f" FROM {tables}" + (" WHERE " + " AND ".join(where) if where else "")
    order = "o.name" if params.get("ordering") == "name" else "o.name, o.id"
    page = f"SELECT o.*{condition} ORDER BY {order} LIMIT {PER_PAGE} OFFSET %s"
    return page, f"SELECT COUNT(*){condition}", [*args, offset], args


def run_bare(sql: str, args: list) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def explain(user, params: dict, page: int, today) -> None:
    """EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of the view's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        view_page(user, params, page, today)
    statements = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    statements = [s for s in statements if "registry_operator" in s]
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    for sql in statements:
        kind = "COUNT" if "COUNT(" in sql.upper()[:200] else "page"
        print(f"    -- {kind} query: {sql[:160]}…")
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            lines = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
        shown = [line for line in lines if "Buffers:" not in line]
        for line in shown[:24]:
            print(f"      {line}")
        summary = ("Planning Time", "Execution Time", "JIT", "  Functions", "  Timing")
        for line in shown[24:]:
            if line.startswith(summary):
                print(f"      {line}")


# --- the benchmark --------------------------------------------------------------------------

SCENARIOS = [
    ("default list (name, pk)", {}, 1),
    (
        "status+kind, ordering=name",
        {"status": "active", "kind": "livestream", "ordering": "name"},
        1,
    ),
    (
        "status+kind, ordering=name",
        {"status": "active", "kind": "livestream", "ordering": "name"},
        200,
    ),
    (
        f"status+kind+q={SEARCH}, ordering=name",
        {"status": "active", "kind": "livestream", "q": SEARCH, "ordering": "name"},
        1,
    ),
    ("licence_problem=true", {"licence_problem": "true"}, 1),
    ("licence_problem=true", {"licence_problem": "true"}, 200),
]


def main() -> None:
    label = setup_django()
    from django.db import connection
    from django.utils import timezone

    from fangxin.core.models import Station
    from fangxin.core.roles import Role

    count = _operator_count()
    print(f"operator_list on {label}")
    fresh()
    today = timezone.localdate()
    started = time.perf_counter()
    totals = populate(count, today)
    print(
        f"  {totals['operators']:,} operators, {totals['licences']:,} licences,"
        f" {totals['accounts']:,} platform accounts over 15 areas"
        f" (created in {time.perf_counter() - started:.1f} s"
        + (", then ANALYZE)" if connection.vendor == "postgresql" else ")")
    )
    office = make_user(Role.OFFICE, "bench-office")
    station = Station.objects.get(code="jiapu")  # 夹浦镇 + 水口乡
    station_user = make_user(Role.STATION, "bench-station", station=station)
    users = [("office", office, None), (f"station {station.code}", station_user, station.pk)]

    print(f"  median of {RUNS} runs, ms. view: count + page of {PER_PAGE}, as the view runs it;")
    print(
        "  bare: cursor.execute of the same filter + order + limit (the anchor); ratio = view/bare;"
    )
    print("  bare c+p: the bare COUNT plus the bare page, the same work as the view")
    print(
        f"  {'user':14s} {'query':34s} {'page':>9s} {'matches':>7s} {'view':>7s} {'(count)':>7s}"
        f" {'bare':>7s} {'ratio':>6s} {'bare c+p':>8s} {'ratio':>6s}"
    )
    results = []
    for who, user, station_id in users:
        for name, params, page in SCENARIOS:
            result, _rows = view_page(user, params, page, today)  # warm up; the real page
            number = result.number
            offset = (number - 1) * PER_PAGE
            page_sql, count_sql, page_args, count_args = bare_sql(station_id, params, offset, today)
            bare_rows = run_bare(page_sql, page_args)
            if [r.pk for r in result.object_list] != [r[0] for r in bare_rows]:
                print(f"  note: bare SQL rows differ from the view's for {who} / {name}")
            if run_bare(count_sql, count_args)[0][0] != result.paginator.count:
                print(f"  note: bare COUNT differs from the view's for {who} / {name}")
            view = median_ms(lambda u=user, p=params, n=number: view_page(u, p, n, today), RUNS)
            counting = median_ms(lambda u=user, p=params: view_count(u, p, today), RUNS)
            bare = median_ms(lambda s=page_sql, a=page_args: run_bare(s, a), RUNS)
            bare_count = median_ms(lambda s=count_sql, a=count_args: run_bare(s, a), RUNS)
            ratio, ratio_cp = view / bare, view / (bare + bare_count)
            shown = f"{number}" + ("" if number == page else " (last)")
            print(
                f"  {who:14s} {name:34s} {shown:>9s} {result.paginator.count:7d} {view:7.1f}"
                f" {counting:7.1f} {bare:7.1f} {ratio:5.1f}x {bare + bare_count:8.1f}"
                f" {ratio_cp:5.1f}x"
            )
            results.append((view, ratio, who, user, name, params, number))

    worst = max(results, key=lambda r: r[1])
    print(f"  worst ratio view / bare: {worst[1]:.1f}x ({worst[2]} / {worst[4]} / page {worst[6]})")
    over = [r for r in results if r[1] > AIM]
    if over:
        view, ratio, who, user, name, params, number = max(over, key=lambda r: r[0])
        print(f"  slowest query over {AIM:.0f}x: {who} / {name} / page {number}")
        print(f"  ({view:.1f} ms, {ratio:.1f}x); its plans:")
        explain(user, params, number, today)


if __name__ == "__main__":
    main()
