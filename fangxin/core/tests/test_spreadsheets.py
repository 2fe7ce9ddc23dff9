import io

from openpyxl import load_workbook

from fangxin.core.spreadsheets import neutralise, xlsx_response


def test_every_formula_prefix_is_neutralised():
    for text in ("=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("雉城所") == "雉城所"
    assert neutralise(42) == 42


def test_xlsx_response_neutralises_cells_and_names_the_file():
    response = xlsx_response("x.xlsx", "进度", ["监管所", "数"], [["=HYPERLINK(1)", 3]])
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "进度"
    assert sheet.cell(row=2, column=1).value == "'=HYPERLINK(1)"
    assert sheet.cell(row=2, column=2).value == 3
