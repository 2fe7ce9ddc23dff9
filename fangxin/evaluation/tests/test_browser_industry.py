"""The association's journey in headless Chromium: it downloads the template with this year's
enrolments, fills its scores in Excel, has a sheet with a wrong score refused on the dry run
(nothing saved), checks the corrected sheet, then imports it; the office's ranking and the
operator's ledger then show the industry dimension (行业评议) from those scores."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from fangxin.core.roles import Role
from fangxin.core.tests.accessibility import axe_violations
from fangxin.core.tests.factories import PASSWORD
from fangxin.evaluation.models import LedgerEntry
from fangxin.programme import services as programme
from fangxin.programme.models import Enrolment, PhaseCode
from fangxin.programme.tests.conftest import put_phase_around_today
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {"清朗直播有限公司": 9, "诚信电商有限公司": 6.5}
INDUSTRY_COLUMN = 5  # 名次, 经营主体, 总分, 部门评价, 第三方监测, then 行业评议


@pytest.fixture
def county(make_user, office):
    campaign = programme.create_campaign(office, timezone.localdate().year)
    put_phase_around_today(campaign, PhaseCode.EVALUATION)  # scores are entered in this phase
    enrolments = {
        name: Enrolment.objects.create(
            campaign=campaign, operator=OperatorFactory(name=name), kind="livestream"
        )
        for name in SCORES
    }
    make_user(Role.ASSOCIATION, username="assoc")
    make_user(Role.OFFICE, username="chief")
    make_user(Role.OPERATOR, username="shop", operator=enrolments["清朗直播有限公司"].operator)
    return campaign, enrolments


def _fill(template: Path, target: Path, scores: dict) -> Path:
    workbook = load_workbook(template)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    name_column, score_column = header.index("经营主体名称") + 1, header.index("评分") + 1
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, name_column).value
        sheet.cell(row, score_column, scores[name])
    workbook.save(target)
    return target


def _upload(page, path: Path, *, dry_run: bool) -> str:
    page.set_input_files("#industry-file", str(path))
    page.set_checked("#industry-dry-run", dry_run)
    with page.expect_navigation():
        page.click("#industry-import button[type=submit]")
    return page.inner_text("#main")


def test_the_association_imports_its_scores_after_a_dry_run(page, login, county, tmp_path):
    campaign, _enrolments = county
    login("assoc", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:industry-current']")
    assert f"/evaluation/{campaign.year}/industry/" in page.url
    with page.expect_download() as download:
        page.click(f"a[href='/evaluation/{campaign.year}/industry/template.xlsx']")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    wrong = _fill(template, tmp_path / "wrong.xlsx", {**SCORES, "诚信电商有限公司": 12})
    text = _upload(page, wrong, dry_run=True)
    assert "须在 0 至 10 分之间" in text and "文件未导入，没有保存任何评分。" in text
    assert not LedgerEntry.objects.filter(source="association").exists()

    good = _fill(template, tmp_path / "scores.xlsx", SCORES)
    text = _upload(page, good, dry_run=True)
    assert "检查通过：2 行可以导入（未保存）" in text
    assert not LedgerEntry.objects.filter(source="association").exists()

    text = _upload(page, good, dry_run=False)
    assert "已导入 2 个行业评议分，得分已重新计算。" in text
    table = page.locator("#industry-form table").inner_text()
    assert "9" in table and "6.5" in table
    assert LedgerEntry.objects.filter(source="association").count() == 2
    assert axe_violations(page) == []

    page.context.clear_cookies()
    login("chief", PASSWORD)
    with page.expect_navigation():
        page.goto(f"/evaluation/{campaign.year}/?kind=livestream")
    for name, points in SCORES.items():
        row = page.locator("#ranking-livestream tbody tr", has_text=name)
        shown = row.locator("td").nth(INDUSTRY_COLUMN).inner_text().strip()
        assert Decimal(shown) == Decimal(str(points))

    page.context.clear_cookies()
    login("shop", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='evaluation:mine']")
    with page.expect_navigation():
        page.click("#my-scores a")
    dimensions = page.locator("#ledger-dimensions").inner_text()
    assert "行业评议" in dimensions and "9 / 10" in dimensions
    lines = page.locator("#ledger-lines tr", has_text="行业协会评分").inner_text()
    assert "+9" in lines
    assert page.console_errors == []
