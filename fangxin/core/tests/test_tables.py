"""The bounded table reader (core.tables, no Django): limits checked before reading (a small
.xlsx that unzips to a huge sheet) and while reading (rows, each cell), refusals by row and
column, CSV in UTF-8, UTF-8 with BOM and GB18030."""

import subprocess
import sys
import time

import pytest

from fangxin.core import tables
from fangxin.core.tables import Limits, TableError

from .hostile_tables import bomb_xlsx, long_cell_csv, sheet_xlsx


def refusal(data: bytes, name: str, limits: Limits | None = None) -> TableError:
    with pytest.raises(TableError) as caught:
        table = tables.read(data, name, limits)
        for _row in table.rows:
            pass
    return caught.value


def rows(data: bytes, name: str, limits: Limits | None = None) -> list:
    return list(tables.read(data, name, limits).rows)


def test_the_fields_zip_bomb_is_refused_before_parsing_in_well_under_a_second():
    data = bomb_xlsx()
    assert len(data) < 500 * 1024  # a small upload …
    started = time.perf_counter()
    error = refusal(data, "operators.xlsx")
    elapsed = time.perf_counter() - started
    assert error.code == "unzipped_too_large"  # … that unzips to over 100 MB
    assert error.params["size"] > 100 and error.params["limit"] == 16
    assert elapsed < 0.1, elapsed


def test_the_compression_ratio_is_checked_even_under_a_generous_size_limit():
    error = refusal(bomb_xlsx(), "a.xlsx", Limits(max_bytes=1024 * tables.MB))
    assert error.code == "ratio" and error.params["part"] == "xl/worksheets/sheet1.xml"


def test_rows_are_counted_while_streaming_and_the_refusal_names_the_row():
    data = sheet_xlsx(50, header=["名称", "说明"])
    error = refusal(data, "a.xlsx", Limits(max_rows=10, max_ratio=10_000))
    assert error.code == "too_many_rows" and error.params == {"row": 11, "limit": 10}


def test_a_workbook_within_the_limits_is_streamed():
    data = sheet_xlsx(4, header=["名称", "说明"])
    read = rows(data, "a.xlsx")
    assert read[0] == (1, ["名称", "说明"])
    assert [number for number, _row in read] == [1, 2, 3, 4]
    assert read[1][1][:2] == ["A1", "B1"]


def test_a_csv_cell_over_csvs_own_field_limit_is_refused_by_row_and_column():
    data = long_cell_csv(["a", "b", "c"], ["1", "2", "3"], column=2)
    error = refusal(data, "a.csv")
    assert error.code == "cell_too_long"
    assert error.params == {
        "row": 2,
        "column": 3,
        "letter": "C",
        "length": 131_073,
        "limit": 32_767,
    }
    assert "row 2, column C" in str(error)


def test_a_long_cell_within_a_larger_limit_is_read_not_a_csv_error():
    data = long_cell_csv(["a", "b"], ["1", "2"], column=0, length=200_000)
    read = rows(data, "a.csv", Limits(max_cell_chars=300_000))
    assert len(read[1][1][0]) == 200_000


def test_an_xlsx_cell_too_long_is_refused_by_row_and_column():
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称", "说明"])
    sheet.append(["甲", "x" * 40])
    buffer = BytesIO()
    workbook.save(buffer)
    error = refusal(buffer.getvalue(), "a.xlsx", Limits(max_cell_chars=32))
    assert error.code == "cell_too_long"
    assert (error.params["row"], error.params["column"], error.params["letter"]) == (2, 2, "B")


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")]
)
def test_csv_encodings(encoding, prefix):
    data = prefix + "名称,说明\n甲,直播间\n".encode(encoding)
    assert rows(data, "a.csv") == [(1, ["名称", "说明"]), (2, ["甲", "直播间"])]


def test_blank_rows_are_skipped_and_a_long_run_of_them_ends_the_data():
    data = "a,b\n,\n1,2\n" + ",\n" * 5 + "3,4\n"
    read = rows(data.encode(), "a.csv", Limits(blank_run_end=3))
    assert read == [(1, ["a", "b"]), (3, ["1", "2"])]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0", "xls"),
        ("a.pdf", b"%PDF", "type"),
        ("a.csv", b"  ", "empty"),
        ("a.csv", b"\x00\x01", "binary"),
        ("a.xlsx", b"not a zip", "not_xlsx"),
        ("a.xlsx", b"PK\x03\x04broken", "damaged"),
        ("a.csv", b"x" * (2 * tables.MB), "too_large"),
    ],
)
def test_files_refused_before_reading(name, data, code):
    assert refusal(data, name, Limits(max_bytes=tables.MB)).code == code


def test_the_reader_imports_no_django():
    code = "import sys, fangxin.core.tables; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
