"""The bounded table reader against the field's hostile workbook, and its cost on a fair one.

The hostile file is the field's: about 450 KB of .xlsx that unzips to a 106 MB sheet of
300,000 rows (built here with zipfile). In the same run:

* the anchor: openpyxl read-only, as the importers used it before, until it has handed over
  the first ``BENCH_TABLE_ANCHOR_ROWS`` rows of that sheet (it goes through the whole sheet
  first when the sheet declares no dimension; the old importers then read all 300,000 rows);
* ``core.tables.read`` refusing it (the zip's declared sizes, before openpyxl parses);
* a fair 10,000-row workbook read through ``core.tables`` and through bare openpyxl read-only,
  to show what the limits cost when a file is within them.

    .venv/bin/python -m benchmarks.table_reader

Environment: BENCH_TABLE_ANCHOR_ROWS (default 2000), BENCH_TABLE_RUNS (default 5; the
median is printed).
"""

from __future__ import annotations

import io
import os
import statistics
import time
import zipfile

from fangxin.core import tables
from fangxin.core.tests.hostile_tables import bomb_xlsx, fair_xlsx

ANCHOR_ROWS = int(os.environ.get("BENCH_TABLE_ANCHOR_ROWS", "2000"))
RUNS = int(os.environ.get("BENCH_TABLE_RUNS", "5"))
AIM_S = 1.0  # the issue: refused in well under a second


def _median(fn) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _openpyxl_rows(data: bytes, limit: int | None = None) -> int:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    count = 0
    for _row in sheet.iter_rows(values_only=True):
        count += 1
        if limit and count >= limit:
            break
    return count


def _refuse(data: bytes) -> None:
    try:
        tables.read(data, "operators.xlsx")
    except tables.TableError:
        return
    raise AssertionError("the hostile workbook was not refused")


def main() -> None:
    bomb = bomb_xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    print(
        f"hostile workbook: {len(bomb) / 1024:.0f} KB, sheet unzips to "
        f"{sheet.file_size / 1e6:.1f} MB, 300,000 rows"
    )
    started = time.perf_counter()
    _openpyxl_rows(bomb, ANCHOR_ROWS)
    anchor = time.perf_counter() - started
    print(f"anchor  openpyxl read-only, its first {ANCHOR_ROWS} rows: {anchor:.2f} s")
    refused = _median(lambda: _refuse(bomb))
    verdict = "ok" if refused < AIM_S else "SLOWER THAN AIM"
    print(
        f"bounded core.tables refuses it in {refused * 1000:.2f} ms "
        f"(aim < {AIM_S:.0f} s: {verdict}; {anchor / refused:,.0f}× less than the anchor)"
    )
    fair = fair_xlsx(10_000, header=["编号", "名称", "金额"])
    bare = _median(lambda: _openpyxl_rows(fair))
    bounded = _median(lambda: sum(1 for _ in tables.read(fair, "fair.xlsx").rows))
    print(
        f"fair 10,000-row workbook: openpyxl {bare:.2f} s, core.tables {bounded:.2f} s "
        f"(limits cost {100 * (bounded / bare - 1):+.0f}%)"
    )


if __name__ == "__main__":
    main()
