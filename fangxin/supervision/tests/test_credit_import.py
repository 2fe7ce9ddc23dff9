"""Veto situation 6: credit lists read from CSV/XLSX, stored with their removals, raising one
``credit_listing`` veto proposal per listing in force, all or nothing, idempotent."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fangxin.core.facts import Ref
from fangxin.core.roles import Role
from fangxin.core.tests.facts_support import counted
from fangxin.registry import uscc
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import credit_import, facts
from fangxin.supervision.models import (
    CreditImport,
    CreditListing,
    CreditListKind,
    VetoEvent,
)
from fangxin.supervision.models.enforcement import VetoKind

pytestmark = pytest.mark.django_db

H = ["统一社会信用代码", "企业名称", "列入经营异常名录原因", "列入日期", "作出决定机关（列入）"]
REMOVAL = ["移出原因", "移出日期"]
URL = "/supervision/credit/import/"
LIST_URL = "/supervision/credit/"
TODAY = timezone.localdate


def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    lines = [",".join(header), *(",".join(str(c) for c in r) for r in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def row(
    operator, listed="2026-03-05", reason="通过登记的住所无法联系", authority="长兴县市场监督管理局"
):
    return [operator.uscc, operator.name, reason, listed, authority]


def run(user, content, name="list.csv", *, dry_run=False, kind=""):
    return credit_import.import_file(user, name, content, dry_run=dry_run, kind=kind)


@pytest.fixture
def operators(db):
    return [OperatorFactory() for _ in range(3)]


# --- headers --------------------------------------------------------------------------------


def test_unknown_headers_are_refused_naming_them(office, operators):
    content = csv_bytes([*H, "联系电话", "网店地址"], [[*row(operators[0]), "1", "x"]])
    with pytest.raises(credit_import.ImportFileError) as caught:
        run(office, content)
    message = str(caught.value)
    assert "无法识别的列：“联系电话”、“网店地址”" in message
    assert "可下载导入模板" in message
    assert CreditListing.objects.count() == 0


def test_missing_required_column_names_it_and_its_synonyms(office, operators):
    content = csv_bytes(["企业名称", "列入日期"], [["某公司", "2026-03-05"]])
    with pytest.raises(
        credit_import.ImportFileError, match="缺少必需的列：统一社会信用代码（也可写作：注册号"
    ):
        run(office, content, kind=CreditListKind.ABNORMAL_OPERATIONS)


def test_synonyms_a_title_row_and_ignored_columns_are_read(office, operators):
    operator = operators[0]
    header = [
        "序号",
        "注册号",
        "名称",
        "列入严重违法失信名单（黑名单）原因",
        "列入日期",
        "作出决定机关",
    ]
    content = "长兴县严重违法失信名单公示\n".encode() + csv_bytes(
        header,
        [
            [
                "1",
                operator.uscc,
                operator.name,
                "被列入经营异常名录届满3年",
                "2026年3月5日",
                "湖州市局",
            ]
        ],
    )
    report = run(office, content)
    assert report.ok and report.new_count == 1
    listing = CreditListing.objects.get()
    assert listing.kind == CreditListKind.SERIOUS_VIOLATION  # from the reason's header
    assert listing.listed_on == date(2026, 3, 5) and listing.authority == "湖州市局"


def test_headers_are_configurable(office, operators, settings):
    settings.FANGXIN_CREDIT_LIST_HEADERS = {"code": ["信用号"]}
    content = csv_bytes(["信用号", *H[1:]], [row(operators[0])])
    assert run(office, content).new_count == 1
    with pytest.raises(credit_import.ImportFileError, match="无法识别的列：“统一社会信用代码”"):
        run(office, csv_bytes(H, [row(operators[0])]))


def test_a_file_whose_list_cannot_be_told_is_refused_unless_chosen(office, operators):
    header = ["统一社会信用代码", "企业名称", "列入原因", "列入日期"]
    content = csv_bytes(header, [row(operators[0])[:4]])
    with pytest.raises(credit_import.ImportFileError, match="无法判断名单类型"):
        run(office, content)
    report = run(office, content, kind=CreditListKind.INDIVIDUAL_ABNORMAL)
    assert report.ok
    assert CreditListing.objects.get().kind == CreditListKind.INDIVIDUAL_ABNORMAL


def test_a_kind_column_says_each_rows_list(office, operators):
    header = ["统一社会信用代码", "企业名称", "列入原因", "列入日期", "名单类型"]
    rows = [
        [*row(operators[0])[:4], "经营异常名录"],
        [*row(operators[1])[:4], "严重违法失信名单"],
        [*row(operators[2])[:4], "红名单"],
    ]
    report = run(office, csv_bytes(header, rows))
    assert report.errors == [(4, "名单类型", report.errors[0][2])]
    assert "无法识别的名单类型“红名单”" in report.errors[0][2]
    report = run(office, csv_bytes(header, rows[:2]))
    assert sorted(CreditListing.objects.values_list("kind", flat=True)) == [
        CreditListKind.ABNORMAL_OPERATIONS,
        CreditListKind.SERIOUS_VIOLATION,
    ]


# --- rows -----------------------------------------------------------------------------------


def test_bad_dates_are_reported_by_row_and_column(office, operators):
    rows = [
        row(operators[0], listed="2026-13-01"),
        row(operators[1], listed="去年"),
        [*row(operators[2]), "已补报年报", "2026-02-01"],  # removed before listed
    ]
    report = run(office, csv_bytes(H + REMOVAL, [rows[0] + ["", ""], rows[1] + ["", ""], rows[2]]))
    assert not report.ok and not report.committed
    errors = report.errors
    assert errors[0][:2] == (2, "列入日期") and "不存在" in errors[0][2]
    assert errors[1][:2] == (3, "列入日期") and "无法识别的日期“去年”" in errors[1][2]
    assert errors[2][:2] == (4, "移出日期") and "早于列入日期" in errors[2][2]
    assert CreditListing.objects.count() == 0


def test_a_future_listing_date_and_a_bad_code_are_errors(office, operators):
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    bad = ["91330522MA00000001", "某公司", "原因", "2026-03-05", "局"]
    report = run(
        office,
        csv_bytes(
            H, [row(operators[0], listed=tomorrow), bad, ["12345", "某", "", "2026-03-05", ""]]
        ),
    )
    assert [e[:2] for e in report.errors] == [
        (2, "列入日期"),
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
    ]
    assert "晚于今天" in report.errors[0][2]
    assert "校验不通过" in report.errors[1][2]
    assert "既不是18位统一社会信用代码，也不是15位注册号" in report.errors[2][2]


def test_unmatched_rows_are_reported_not_errors(office, operators):
    stranger = [uscc.make("91330100MA27XL0K8"), "外地某公司", "原因", "2026-03-05", "杭州市局"]
    registration = ["330522000012345", "某个体户", "原因", "2026-03-05", "长兴县局"]
    report = run(office, csv_bytes(H, [row(operators[0]), stranger, registration]))
    assert report.ok and report.committed
    assert report.new_count == 1 and report.unmatched_count == 2
    assert [r.number for r in report.unmatched] == [3, 4]
    assert "未匹配经营主体2条" in report.summary()
    assert CreditListing.objects.count() == 1
    assert CreditImport.objects.get(dry_run=False).unmatched == 2


@override_settings(FANGXIN_CREDIT_UNMATCHED_IS_ERROR=True)
def test_unmatched_rows_can_be_made_errors(office, operators):
    stranger = [uscc.make("91330100MA27XL0K8"), "外地某公司", "原因", "2026-03-05", "杭州市局"]
    report = run(office, csv_bytes(H, [row(operators[0]), stranger]))
    assert not report.committed
    assert report.errors == [(3, "统一社会信用代码", "未匹配到已登记的经营主体。")]
    assert CreditListing.objects.count() == 0


def test_dry_run_writes_nothing(office, operators):
    report = run(office, csv_bytes(H, [row(o) for o in operators]), dry_run=True)
    assert report.ok and not report.committed
    assert report.new_count == 3 and report.veto_count == 3
    assert CreditListing.objects.count() == 0
    assert VetoEvent.objects.count() == 0
    assert OperatorEvent.objects.filter(kind="veto").count() == 0
    # Only the run itself is recorded, marked as a dry run.
    batch = CreditImport.objects.get()
    assert batch.dry_run and batch.created == 3 and batch.vetoes_proposed == 3


def test_one_failing_row_rolls_back_everything(office, operators):
    rows = [row(operators[0]), row(operators[1]), row(operators[2], listed="2026-02-30")]
    report = run(office, csv_bytes(H, rows))
    assert not report.ok and not report.committed
    assert report.errors[0][:2] == (4, "列入日期")
    assert CreditListing.objects.count() == 0
    assert VetoEvent.objects.count() == 0
    assert CreditImport.objects.count() == 0


def test_the_same_listing_twice_in_a_file_is_an_error(office, operators):
    report = run(office, csv_bytes(H, [row(operators[0]), row(operators[0])]))
    assert report.errors[0][0] == 3 and "与第2行是同一经营主体" in report.errors[0][2]


# --- idempotence and removals --------------------------------------------------------------


def test_a_repeated_import_changes_nothing(office, operators):
    content = csv_bytes(H + REMOVAL, [[*row(o), "", ""] for o in operators])
    first = run(office, content)
    assert first.new_count == 3 and first.veto_count == 3
    before = list(CreditListing.objects.order_by("pk").values())
    again = run(office, content)
    assert again.ok and again.committed
    assert again.unchanged_count == 3 and again.new_count == again.update_count == 0
    assert again.veto_count == 0
    assert list(CreditListing.objects.order_by("pk").values()) == before
    assert VetoEvent.objects.count() == 3


def test_a_reimport_with_the_removal_updates_the_listing(office, operators):
    operator = operators[0]
    run(office, csv_bytes(H + REMOVAL, [[*row(operator), "", ""]]))
    report = run(office, csv_bytes(H + REMOVAL, [[*row(operator), "已补报年度报告", "2026-04-01"]]))
    assert report.update_count == 1 and report.new_count == 0
    listing = CreditListing.objects.get()
    assert listing.removed_on == date(2026, 4, 1) and listing.removal_reason == "已补报年度报告"
    assert listing.batch == report.batch
    assert VetoEvent.objects.count() == 1  # the proposal stays for the office to decide


def test_a_removal_reason_without_a_date_is_an_error(office, operators):
    report = run(office, csv_bytes(H + REMOVAL, [[*row(operators[0]), "已补报", ""]]))
    assert report.errors[0][:2] == (2, "移出日期")


# --- the veto proposal ---------------------------------------------------------------------


def test_a_listing_in_force_raises_one_veto_proposal(office, operators):
    operator = operators[0]
    content = csv_bytes(H, [row(operator)])
    report = run(office, content)
    assert report.veto_count == 1 and report.rows[0].veto_proposed
    event = VetoEvent.objects.get()
    assert event.kind == VetoKind.CREDIT_LISTING
    assert event.source == VetoEvent.Source.CREDIT
    assert event.status == VetoEvent.Status.PROPOSED
    assert event.operator == operator and event.proposed_by == office
    assert event.occurred_on == date(2026, 3, 5)
    assert "经营异常名录" in event.description and "通过登记的住所无法联系" in event.description
    assert CreditListing.objects.get().veto_event == event
    # Raised through the proposal service: on the operator's timeline.
    assert OperatorEvent.objects.filter(operator=operator, kind="veto").count() == 1
    run(office, content)
    run(office, content)
    assert VetoEvent.objects.count() == 1


def test_a_listing_already_removed_raises_no_proposal(office, operators):
    report = run(office, csv_bytes(H + REMOVAL, [[*row(operators[0]), "信用修复", "2026-04-01"]]))
    assert report.new_count == 1 and report.veto_count == 0
    assert VetoEvent.objects.count() == 0


@override_settings(FANGXIN_CREDIT_REMOVAL_LIFTS=False)
def test_when_removal_does_not_lift_a_removed_listing_raises_a_proposal(office, operators):
    report = run(office, csv_bytes(H + REMOVAL, [[*row(operators[0]), "信用修复", "2026-04-01"]]))
    assert report.veto_count == 1


def test_a_confirmed_proposal_is_a_confirmed_veto_fact(office, operators):
    from fangxin.core.facts import Window
    from fangxin.supervision import services

    run(office, csv_bytes(H, [row(operators[0])]))
    services.decide_veto(office, VetoEvent.objects.get(), True, "核实属实")
    vetoes = facts.confirmed_vetoes_for(operators[0].pk, Window.year(2026))
    assert [v.veto_kind for v in vetoes] == [VetoKind.CREDIT_LISTING]


# --- in force -------------------------------------------------------------------------------


def _listing(operator, listed_on, removed_on=None, kind=CreditListKind.ABNORMAL_OPERATIONS):
    return CreditListing.objects.create(
        operator=operator,
        kind=kind,
        code=operator.uscc,
        name=operator.name,
        listed_on=listed_on,
        removed_on=removed_on,
    )


def test_in_force_boundaries(operators):
    listing = _listing(operators[0], date(2026, 3, 5), removed_on=date(2026, 6, 1))

    def in_force(day):
        found = CreditListing.objects.in_force(on=day).filter(pk=listing.pk).exists()
        assert found == listing.is_in_force(day)
        return found

    assert not in_force(date(2026, 3, 4))  # before it was listed
    assert in_force(date(2026, 3, 5))  # the day it was listed
    assert in_force(date(2026, 6, 1))  # the day it was removed
    assert not in_force(date(2026, 6, 2))  # removed before that day
    open_ended = _listing(operators[1], date(2026, 3, 5))
    assert CreditListing.objects.in_force(on=date(2030, 1, 1)).get() == open_ended


@override_settings(FANGXIN_CREDIT_REMOVAL_LIFTS=False)
def test_in_force_when_removal_does_not_lift(operators):
    listing = _listing(operators[0], date(2026, 3, 5), removed_on=date(2026, 6, 1))
    assert CreditListing.objects.in_force(on=date(2026, 12, 1)).get() == listing
    assert not CreditListing.objects.in_force(on=date(2026, 3, 4)).exists()
    assert CreditListing.objects.in_force(date(2026, 12, 1), removal_lifts=True).count() == 0


def test_credit_listings_facts(operators):
    a, b, c = operators
    listed = _listing(a, date(2026, 3, 5))
    _listing(b, date(2026, 3, 5), removed_on=date(2026, 4, 1))
    on = date(2026, 10, 31)
    result = facts.credit_listings([a.pk, b.pk, c.pk], on)
    assert set(result) == {a.pk, b.pk, c.pk}
    assert result[b.pk] == () and result[c.pk] == ()
    (fact,) = result[a.pk]
    assert fact.ref == Ref.to(CreditListing, listed.pk)
    assert fact.list_kind == CreditListKind.ABNORMAL_OPERATIONS
    assert fact.counts_for_both and fact.veto is None
    assert facts.credit_listings_for(a.pk, on) == (fact,)


def test_credit_listings_facts_run_one_query(operators):
    many = [OperatorFactory() for _ in range(30)]
    for operator in many:
        _listing(operator, date(2026, 3, 5))
    one, _ = counted(lambda: facts.credit_listings([many[0].pk], date(2026, 5, 1)))
    thirty, result = counted(lambda: facts.credit_listings([o.pk for o in many], date(2026, 5, 1)))
    assert one == thirty == 1
    assert all(result[o.pk] for o in many)


# --- files ----------------------------------------------------------------------------------


def _xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["长兴县经营异常名录"])  # a title above the headers
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_date_cells_and_gb18030_csv_are_read(office, operators):
    first = row(operators[0])
    first[3] = date(2026, 3, 5)
    report = run(office, _xlsx(H, [first]), "list.xlsx")
    assert report.ok and report.new_count == 1 and report.rows[0].number == 3
    report = run(office, csv_bytes(H, [row(operators[1])], "gb18030"))
    assert report.new_count == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("list.exe", b"MZ\x90\x00", "只支持 .xlsx 或 .csv 文件"),
        ("list.xlsx", b"PK\x03\x04broken zip", "无法读取该 Excel 文件"),
        ("list.csv", b"", "文件为空"),
        ("list.csv", ",".join(H).encode(), "没有数据行"),
    ],
)
def test_files_that_cannot_be_imported(office, name, content, message):
    with pytest.raises(credit_import.ImportFileError, match=message):
        run(office, content, name)


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_size_cap(office, operators):
    with pytest.raises(credit_import.ImportFileError, match="文件过大"):
        run(office, csv_bytes(H, [row(operators[0])] * 40))


def test_the_template_has_the_headers_and_reads_back(office):
    book = load_workbook(io.BytesIO(credit_import.template_workbook()))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == credit_import.template_headers()
    assert credit_import.template_headers()[:4] == [
        "统一社会信用代码",
        "企业名称",
        "列入原因",
        "列入日期",
    ]
    # The template's own headers are all known (its example row is then refused by its code).
    upload = credit_import.read_upload("t.xlsx", credit_import.template_workbook())
    assert set(upload.headers) == set(credit_import.DEFAULT_HEADERS)


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.EVALUATOR])
def test_only_the_office_may_import(make_user, operators, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(make_user(role), csv_bytes(H, [row(operators[0])]))
    assert CreditListing.objects.count() == 0


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR])
def test_pages_are_refused_to_everyone_but_the_office(client, make_user, operators, role):
    client.force_login(make_user(role))
    upload = SimpleUploadedFile("list.csv", csv_bytes(H, [row(operators[0])]))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload}).status_code == 403
    assert client.post(URL + "confirm/", {"token": "0" * 32 + ".csv"}).status_code == 403
    assert client.get(URL + "template.xlsx").status_code == 403
    assert client.get(LIST_URL).status_code == 403
    assert CreditListing.objects.count() == 0


def test_pages_need_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_permission_is_the_offices():
    from fangxin.core.permissions import roles_holding

    assert roles_holding("supervision.import_credit_list") == {Role.OFFICE}
    assert roles_holding("supervision.view_credit_listings") == {Role.OFFICE}


# --- the pages ------------------------------------------------------------------------------


def test_dry_run_then_confirm_through_the_page(client, office, operators):
    client.force_login(office)
    assert client.get(URL).status_code == 200
    content = csv_bytes(H, [row(operators[0])])
    response = client.post(URL, {"file": SimpleUploadedFile("异常名录.csv", content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "试导入通过" in page and "报请认定取消称号情形1条" in page
    token = response.context["token"]
    assert token and CreditListing.objects.count() == 0
    response = client.post(URL + "confirm/", {"token": token, "name": "异常名录.csv"})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert CreditListing.objects.count() == 1 and VetoEvent.objects.count() == 1
    assert CreditImport.objects.get(dry_run=False).file_name == "异常名录.csv"
    # The token is spent.
    response = client.post(URL + "confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == URL
    assert CreditListing.objects.count() == 1


def test_the_page_shows_row_and_column_of_each_error(client, office, operators):
    client.force_login(office)
    content = csv_bytes(H, [row(operators[0], listed="2026-02-30")])
    response = client.post(URL, {"file": SimpleUploadedFile("list.csv", content)})
    page = response.content.decode()
    assert "第2行【列入日期】" in page and "文件未写入" in page
    assert response.context["token"] is None


def test_the_page_explains_a_wrong_file(client, office, operators):
    client.force_login(office)
    content = csv_bytes([*H, "联系电话"], [[*row(operators[0]), "1"]])
    response = client.post(URL, {"file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code == 200
    assert "无法识别的列：“联系电话”" in response.content.decode()
    response = client.post(URL, {"file": SimpleUploadedFile("list.exe", b"MZ")})
    assert "只支持 .xlsx 或 .csv 文件" in response.content.decode()


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1024)
def test_the_page_refuses_a_file_over_the_cap(client, office, operators):
    client.force_login(office)
    content = csv_bytes(H, [row(operators[0])] * 40)
    response = client.post(URL, {"file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code == 413


def test_a_forged_token_is_refused(client, office):
    client.force_login(office)
    response = client.post(URL + "confirm/", {"token": "../../etc/passwd"})
    assert response.status_code == 302 and response["Location"] == URL


def test_the_template_downloads(client, office):
    client.force_login(office)
    response = client.get(URL + "template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_list_filters_by_kind_and_in_force(client, office, operators):
    a, b, c = operators
    _listing(a, date(2026, 3, 5))
    _listing(b, date(2026, 3, 5), removed_on=date(2026, 4, 1))
    _listing(c, date(2026, 3, 5), kind=CreditListKind.SERIOUS_VIOLATION)
    client.force_login(office)

    def names(**query):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200
        return {listing.operator.name for listing in response.context["page"]}

    assert names() == {a.name, b.name, c.name}
    assert names(kind="serious_violation") == {c.name}
    assert names(in_force="yes", on="2026-05-01") == {a.name, c.name}
    assert names(in_force="no", on="2026-05-01") == {b.name}
    assert names(in_force="yes", on="2026-03-20") == {a.name, b.name, c.name}
    assert names(in_force="yes", on="2026-03-04") == set()
    assert names(q=a.uscc) == {a.name}
    # A date out of range is a form error, not a 500.
    assert client.get(LIST_URL, {"on": "1257-01-01"}).status_code == 200


def test_the_veto_list_links_to_the_credit_list_for_the_office(client, office):
    client.force_login(office)
    assert "credit-list-link" in client.get("/supervision/vetoes/").content.decode()


# --- the command ----------------------------------------------------------------------------


def test_the_command_dry_run_then_import(office, operators, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(H, [row(operators[0])]))
    call_command("import_credit_list", str(path), "--dry-run", "--user", office.username)
    assert "试导入通过" in capsys.readouterr().out
    assert CreditListing.objects.count() == 0
    call_command("import_credit_list", str(path), "--user", office.username)
    assert "导入完成" in capsys.readouterr().out
    assert CreditListing.objects.count() == 1 and VetoEvent.objects.count() == 1


def test_the_command_reports_errors_in_chinese_and_refuses(office, operators, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(H, [row(operators[0], listed="2026-02-30")]))
    with pytest.raises(CommandError, match="导入未完成，数据未作任何修改"):
        call_command("import_credit_list", str(path), "--user", office.username)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([*H, "联系电话"], [[*row(operators[0]), "1"]]))
    with pytest.raises(CommandError, match="无法识别的列"):
        call_command("import_credit_list", str(bad), "--user", office.username)


def test_the_command_refuses_a_station_user(make_user, operators, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(H, [row(operators[0])]))
    station = make_user(Role.STATION)
    with pytest.raises(CommandError, match="只有领导小组办公室可以导入信用名单"):
        call_command("import_credit_list", str(path), "--user", station.username)
    with pytest.raises(CommandError, match="no such active user"):
        call_command("import_credit_list", str(path), "--user", "nobody")


def test_the_module_docstring_lists_every_accepted_header():
    for names in credit_import.DEFAULT_HEADERS.values():
        for name in names:
            assert name in credit_import.__doc__, name
