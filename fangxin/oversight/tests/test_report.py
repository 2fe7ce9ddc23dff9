"""The summary report: the PDF (Chinese text, the CJK font embedded, charts as images; its
first page rendered to PNG), the workbook (formula-neutralised), the command, and the
dashboard's station scoping."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from fangxin.oversight.report import figures as report_figures
from fangxin.oversight.report import workbook as report_workbook

from .report_fixtures import TODAY, county_fixture  # noqa: F401 - the fixture

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdfimages", "pdffonts"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def on_demo_day(demo_day):
    return demo_day


@needs_poppler
def test_the_office_downloads_the_county_report_as_a_pdf(client, county, on_demo_day, tmp_path):
    client.force_login(county.office)
    response = client.get(reverse("oversight:report-pdf"), {"campaign": 2026})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "summary-2026-county.pdf" in response["Content-Disposition"]
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)

    text = _run("pdftotext", "-layout", str(path), "-")
    for expected in (
        "2026年度长兴放心电商示范培育总结报告",
        "统计范围：全县",
        "同比：与2025年度比较",
        "参与情况",
        "自查自纠",
        "监督检查与整改",
        "投诉举报",
        "北城市场监督管理所",
        "南城市场监督管理所",
        "+2（+100.0%）",  # operators taking part: 4 against 2
    ):
        assert expected in text, expected

    fonts = _run("pdffonts", str(path))
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)  # embedded

    images = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) >= 5  # the charts, drawn by matplotlib

    _run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page"))
    page = next(tmp_path.glob("page*.png"))
    assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.stat().st_size > 10_000
    Path("test-artifacts").mkdir(exist_ok=True)
    shutil.copy(page, "test-artifacts/oversight-report-page1.png")
    shutil.copy(path, "test-artifacts/oversight-report.pdf")


@needs_poppler
def test_a_station_report_has_only_that_station(client, county, on_demo_day, tmp_path):
    client.force_login(county.north_user)
    response = client.get(reverse("oversight:report-pdf"), {"campaign": 2026})
    assert response.status_code == 200
    path = tmp_path / "north.pdf"
    path.write_bytes(response.content)
    text = _run("pdftotext", str(path), "-")
    assert "统计范围：北城市场监督管理所" in text
    assert "南城市场监督管理所" not in text


@pytest.mark.parametrize(
    "name",
    [
        "oversight:dashboard",
        "oversight:report-pdf",
        "oversight:report-xlsx",
        "oversight:dashboard-export",
    ],
)
def test_a_station_cannot_ask_for_another_station(client, county, on_demo_day, name):
    client.force_login(county.north_user)
    response = client.get(reverse(name), {"campaign": 2026, "station": county.south.pk})
    assert response.status_code == 403


def test_other_roles_get_no_dashboard_or_report(client, county, make_user, on_demo_day):
    from fangxin.core.roles import Role

    for role in (Role.INSPECTOR, Role.OPERATOR, Role.EVALUATOR):
        client.force_login(make_user(role))
        for name in ("oversight:dashboard", "oversight:report-pdf"):
            assert client.get(reverse(name)).status_code == 403, (role, name)


def test_bad_filters_are_not_found_not_errors(client, county, on_demo_day):
    client.force_login(county.office)
    url = reverse("oversight:dashboard")
    assert client.get(url, {"campaign": "1999"}).status_code == 404
    assert client.get(url, {"campaign": "x' or 1=1"}).status_code == 404
    assert client.get(url, {"station": "99999"}).status_code == 404
    assert client.get(url, {"station": "abc"}).status_code == 404
    export = reverse("oversight:dashboard-export")
    assert client.get(export, {"chart": "nope"}).status_code == 404


def test_the_dashboard_links_every_count_to_its_rows(client, county, on_demo_day):
    client.force_login(county.office)
    response = client.get(reverse("oversight:dashboard"), {"station": county.north.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="participation.operators">3</a>' in html
    assert f"/complaints/?station={county.north.pk}&amp;received_after=2026-01-01" in html
    assert 'id="oversight-charts"' in html and "oversight/dashboard.js" in html
    # the station's user sees the same, without choosing
    client.force_login(county.north_user)
    html = client.get(reverse("oversight:dashboard")).content.decode()
    assert 'data-figure="participation.operators">3</a>' in html
    assert 'name="station"' not in html


def test_the_workbook_has_the_tables_and_neutralises_formulas(client, county, on_demo_day):
    county.south.name = '=HYPERLINK("http://evil","x")'
    county.south.save()
    client.force_login(county.office)
    response = client.get(reverse("oversight:report-xlsx"), {"campaign": 2026})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"概况", "参与情况", "投诉举报"} <= set(book.sheetnames)
    overview = [[c for c in row] for row in book["概况"].iter_rows(values_only=True)]
    assert ["参与情况", "参与经营主体", 4, 2, 2, 100] in [list(r) for r in overview]
    cells = [c for row in book["参与情况"].iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    # one chart's data
    response = client.get(
        reverse("oversight:dashboard-export"), {"campaign": 2026, "chart": "complaint-trend"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("投诉举报月度趋势", "2026", "2025")
    assert rows[3][:3] == ("3月", 2, 0)


def test_the_report_command_writes_the_pdf_and_the_workbook(county, on_demo_day, tmp_path):
    out = io.StringIO()
    call_command(
        "report", "--campaign", "2026", "--station", "north", "--output", str(tmp_path), stdout=out
    )
    pdf = tmp_path / "summary-2026-north.pdf"
    xlsx = tmp_path / "summary-2026-north.xlsx"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    book = load_workbook(xlsx)
    assert "概况" in book.sheetnames
    assert str(pdf) in out.getvalue()
    call_command("report", "--campaign", "2026", "--output", str(tmp_path / "c.pdf"), stdout=out)
    assert (tmp_path / "c.pdf").exists() and (tmp_path / "c.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--campaign", "1999"], "1999: no such campaign"),
        (["--campaign", "2026", "--station", "nowhere"], "nowhere: no such station"),
    ],
)
def test_the_report_command_says_what_is_wrong(county, tmp_path, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--output", str(tmp_path))


def test_summary_rows_carry_the_change(county):
    figures = report_figures.figures(report_figures.period(2026, TODAY))
    rows = list(report_workbook.summary_rows(figures))
    assert rows[0][2:4] == ["2026", "2025"]
