"""Import of 12315 exports: encodings, columns by name, all-or-nothing, dry run, re-import."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fangxin.complaints import importing
from fangxin.complaints.models import Complaint
from fangxin.core.models import Notification
from fangxin.core.roles import Role
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

H = importing.TEMPLATE_HEADERS
URL = "/complaints/import/"


def row(n: int, **changes) -> dict:
    values = {
        "登记编号": f"1233052220240{n:05d}",
        "登记日期": "2024-03-05",
        "类型": "投诉",
        "诉求人姓名": "王五",
        "联系电话": "13900000001",
        "被诉主体名称": f"长兴测试{n}号电商有限公司",
        "被诉主体统一社会信用代码": "",
        "涉及平台": "抖音",
        "订单号": f"DY{n:08d}",
        "问题类别": "商品质量",
        "事件描述": "直播间购买的商品与宣传不符。",
        "诉求": "退货退款",
        "涉及金额": "199.00",
    }
    values.update(changes)
    return values


def table(rows, headers=H) -> list[list]:
    return [list(headers)] + [[r.get(h, "") for h in headers] for r in rows]


def csv_bytes(rows, headers=H, encoding="utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(table(rows, headers))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(lines: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(user, content: bytes, name="export.csv", dry_run=False):
    return importing.import_file(user, name, content, dry_run=dry_run)


# --- reading files --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_each_encoding_is_imported(office, encoding):
    report = run(office, csv_bytes([row(1), row(2, 类型="举报")], encoding=encoding))
    assert report.committed and report.new_count == 2
    first = Complaint.objects.get(external_id="123305222024000001")
    assert first.channel == Complaint.Channel.NATIONAL
    assert first.received_on == date(2024, 3, 5)
    assert first.kind == Complaint.Kind.COMPLAINT
    assert first.complainant_name == "王五" and first.complainant_phone == "13900000001"
    assert first.operator is None and first.operator_text == "长兴测试1号电商有限公司"
    assert first.category == Complaint.Category.QUALITY
    assert first.amount_claimed == Decimal("199.00")
    assert first.created_by == office
    assert Complaint.objects.get(external_id="123305222024000002").is_tipoff


def test_xlsx_with_title_row_synonym_headers_and_typed_cells(office):
    headers = ["投诉举报编号", "接收日期", "诉求类型", "投诉人", "手机号码", "被投诉人"]
    headers += ["问题分类", "投诉内容", "投诉请求", "金额（元）", "处理状态"]
    lines = [
        ["12315投诉举报明细表"],
        headers,
        [
            "A-1",
            datetime(2024, 3, 5),
            "投诉",
            "王五",
            13900000001,
            "某店",
            "退货",
            "描述",
            "退款",
            88.5,
            "办结",
        ],
        [],
        ["A-2", "2024年3月6日", "举报", "", "", "另一店", "不认识的类别", "描述", "", "", ""],
    ]
    report = run(office, xlsx_bytes(lines), "export.xlsx")
    assert report.committed, report.errors
    assert report.ignored_columns == ["处理状态"]
    assert [r.number for r in report.rows] == [3, 5]  # the rows Excel shows
    first = Complaint.objects.get(external_id="A-1")
    assert first.complainant_phone == "13900000001"
    assert first.category == Complaint.Category.AFTER_SALES
    assert first.amount_claimed == Decimal("88.50")
    second = Complaint.objects.get(external_id="A-2")
    assert second.received_on == date(2024, 3, 6)
    assert second.category == Complaint.Category.OTHER
    assert second.complainant_name == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024-03-05 14:20:00", date(2024, 3, 5)),
        (datetime(2024, 3, 5, 9, 30), date(2024, 3, 5)),
        (45356, date(2024, 3, 5)),  # an Excel serial that lost its date format
    ],
)
def test_dates_as_clerks_write_them(raw, expected):
    assert importing.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "5/3/2024", "昨天", "12"])
def test_unreadable_dates_are_refused(raw):
    with pytest.raises(ValueError):
        importing.parse_date(raw)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("export.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("export.exe", b"MZ\x90\x00", "只支持 .xlsx 或 .csv 文件"),
        ("export.xlsx", "登记编号,登记日期\n".encode(), "不是有效的 Excel"),
        ("export.xlsx", b"PK\x03\x04broken zip", "无法读取该 Excel 文件"),
        ("export.csv", b"", "文件为空"),
        ("export.csv", "登记编号,类型\n1,投诉\n".encode(), "缺少必需的列：登记日期"),
        ("export.csv", "登记编号,工单编号\n".encode(), "只能保留一列"),
        ("export.csv", ",".join(H).encode("utf-8"), "没有数据行"),
        ("export.csv", b"\x00\x01\x02\x03", "不是文本格式"),
    ],
)
def test_files_that_cannot_be_imported(office, name, content, message):
    with pytest.raises(importing.ImportFileError, match=message):
        run(office, content, name)
    assert Complaint.objects.count() == 0


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1024)
def test_file_over_the_size_cap(office):
    with pytest.raises(importing.ImportFileError, match="文件过大"):
        run(office, csv_bytes([row(n) for n in range(20)]))


def test_more_than_5000_rows_is_refused(office, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    with pytest.raises(importing.ImportFileError, match="一次最多导入3行"):
        run(office, csv_bytes([row(n) for n in range(4)]))


# --- all or nothing ---------------------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_names_row_and_column(office):
    rows = [row(1), row(2, 登记日期="2024-13-01"), row(3)]
    report = run(office, csv_bytes(rows))
    assert not report.committed
    assert Complaint.objects.count() == 0
    assert report.errors == [(3, "登记日期", "日期“2024-13-01”不存在。")]
    assert [r.action for r in report.rows] == ["new", "error", "new"]
    assert all(r.tracking_code == "" for r in report.rows)


def test_errors_use_the_files_own_headers(office):
    headers = [h if h != "类型" else "诉求类型" for h in H]
    rows = [{("诉求类型" if k == "类型" else k): v for k, v in row(1, 类型="咨询").items()}]
    report = run(office, csv_bytes(rows, headers))
    assert report.errors == [(2, "诉求类型", "类型应为“投诉”或“举报”，实为“咨询”。")]


def test_every_error_of_a_row_is_reported(office):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    long_text = "很" * 2001
    rows = [
        row(1, 登记日期=future, 诉求人姓名="", 事件描述=long_text, 涉及金额="一百"),
        row(1),  # the same 登记编号 again
        row(3, 类型="举报", 诉求人姓名="", 联系电话="", 订单号="8" * 65),
        row(4, 联系电话="12345"),
    ]
    report = run(office, csv_bytes(rows))
    assert Complaint.objects.count() == 0
    errors = {(number, column) for number, column, _message in report.errors}
    assert errors == {
        (2, "登记日期"),  # in the future
        (2, "涉及金额"),  # not a number
        (2, "诉求人姓名"),  # a complaint needs name and phone (submit's rule)
        (2, "事件描述"),  # too long
        (3, "登记编号"),  # repeats row 2
        (4, "订单号"),  # too long
        (5, "联系电话"),  # not a phone number
    }
    messages = dict(((n, c), m) for n, c, m in report.errors)
    assert "晚于今天" in messages[(2, "登记日期")]
    assert "与第2行的登记编号" in messages[(3, "登记编号")]
    assert "请填写姓名和联系电话" in messages[(2, "诉求人姓名")]


def test_a_date_before_the_statutory_periods_is_an_error(office):
    report = run(office, csv_bytes([row(1, 登记日期="2019-06-01")]))
    assert report.errors == [
        (2, "登记日期", "登记日期早于系统中最早的办理期限规定，无法计算期限。")
    ]


def test_the_template_example_row_must_be_deleted(office):
    sheet = load_workbook(io.BytesIO(importing.template_workbook())).active
    lines = [[c.value for c in line] for line in sheet.iter_rows()]
    report = run(office, xlsx_bytes(lines), "template.xlsx")
    assert report.errors == [(2, "登记编号", "这是模板中的示例行，请删除后再导入。")]


def test_template_has_the_headers_and_an_example_row(office):
    sheet = load_workbook(io.BytesIO(importing.template_workbook())).active
    assert [c.value for c in sheet[1]] == H
    assert sheet.cell(row=2, column=1).value == importing.EXAMPLE_EXTERNAL_ID
    assert sheet.max_row == 2


# --- dry run, re-import, routing ------------------------------------------------------------


def test_dry_run_writes_nothing(office):
    content = csv_bytes([row(1), row(2)])
    report = run(office, content, dry_run=True)
    assert report.ok and report.new_count == 2 and not report.committed
    assert Complaint.objects.count() == 0
    assert all(r.tracking_code == "" for r in report.rows)
    assert run(office, content).committed
    assert Complaint.objects.count() == 2


def test_the_station_is_told_only_when_the_import_is_written(
    office, make_user, django_capture_on_commit_callbacks
):
    operator = OperatorFactory()
    station_user = make_user(Role.STATION, station=operator.area.station)
    content = csv_bytes([row(1, 被诉主体统一社会信用代码=operator.uscc)])
    with django_capture_on_commit_callbacks(execute=True):
        run(office, content, dry_run=True)
    assert not Notification.objects.filter(user=station_user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run(office, content)
    assert Notification.objects.filter(user=station_user).count() == 1


def test_reimport_skips_rows_already_imported(office):
    run(office, csv_bytes([row(1), row(2)]))
    report = run(office, csv_bytes([row(1), row(2), row(3)]))
    assert report.committed
    assert [r.action for r in report.rows] == ["duplicate", "duplicate", "new"]
    assert report.new_count == 1 and report.duplicate_count == 2
    assert Complaint.objects.count() == 3


def test_credit_code_routes_to_the_operators_station(office):
    operator = OperatorFactory()
    rows = [
        row(1, 被诉主体统一社会信用代码=operator.uscc.lower(), 被诉主体名称="随便写的名称"),
        row(2, 被诉主体统一社会信用代码="91330522MA0000000X"),  # not registered here
    ]
    report = run(office, csv_bytes(rows))
    assert report.committed
    assert report.rows[0].matched and report.rows[0].station == operator.area.station.name
    matched = Complaint.objects.get(external_id=rows[0]["登记编号"])
    assert matched.operator == operator and matched.operator_text == ""
    assert matched.station == operator.area.station
    unmatched = Complaint.objects.get(external_id=rows[1]["登记编号"])
    assert unmatched.operator is None and unmatched.station is None
    assert unmatched.operator_text == "长兴测试2号电商有限公司"


def test_formula_looking_cells_are_stored_as_text(office):
    formula = '=HYPERLINK("http://evil.example","点我")'
    csv_rows = [row(1, 事件描述=formula, 被诉主体名称="+SUM(A1:A2)", 订单号="@123")]
    run(office, csv_bytes(csv_rows))
    first = Complaint.objects.get(external_id=csv_rows[0]["登记编号"])
    assert first.description == formula
    assert first.operator_text == "+SUM(A1:A2)" and first.order_number == "@123"
    # A real formula in a workbook is read as its text, never evaluated.
    values = row(2, 事件描述="=1+1")
    run(office, xlsx_bytes(table([values])), "export.xlsx")
    assert Complaint.objects.get(external_id=values["登记编号"]).description == "=1+1"


def test_only_the_office_may_import(make_user):
    station_user = make_user(Role.STATION)
    with pytest.raises(PermissionDenied):
        run(station_user, csv_bytes([row(1)]))


# --- the pages ------------------------------------------------------------------------------


def upload(content: bytes, name="export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_page_offers_a_dry_run_checked_by_default(client, office):
    client.force_login(office)
    page = client.get(URL).content.decode()
    assert "试运行（不写入）" in page
    assert (
        '<input type="checkbox" name="dry_run" class="form-check-input" id="id_dry_run" checked>'
        in page
    )
    response = client.get("/complaints/import/template.xlsx")
    assert response.status_code == 200
    assert [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]] == H


def test_dry_run_then_commit_through_the_page(client, office):
    client.force_login(office)
    content = csv_bytes([row(1), row(2)])
    page = client.post(URL, {"file": upload(content), "dry_run": "on"}).content.decode()
    assert 'id="dry-run-ok"' in page
    assert Complaint.objects.count() == 0
    response = client.post(URL, {"file": upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-done"' in page
    assert 'id="id_dry_run" checked' in page  # the next upload is a dry run again
    assert Complaint.objects.count() == 2
    codes = {r.tracking_code for r in response.context["report"].rows}
    assert codes == set(Complaint.objects.values_list("tracking_code", flat=True))


def test_page_shows_row_and_column_of_each_error(client, office):
    client.force_login(office)
    content = csv_bytes([row(1), row(2, 类型="咨询")])
    page = client.post(URL, {"file": upload(content)}).content.decode()
    assert "第3行【类型】" in page
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.exe", b"MZ\x90\x00", "只支持 .xlsx 或 .csv 文件"),
        ("fake.xlsx", b"not a zip at all", "不是有效的 Excel"),
    ],
)
def test_page_explains_a_wrong_file(client, office, name, content, message):
    client.force_login(office)
    response = client.post(URL, {"file": upload(content, name), "dry_run": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()


@override_settings(FANGXIN_MAX_UPLOAD_BYTES=1024)
def test_page_refuses_a_file_over_the_cap(client, office):
    # Refused by the upload handler as soon as the limit is passed, not after reading it all.
    client.force_login(office)
    response = client.post(URL, {"file": upload(csv_bytes([row(n) for n in range(20)]))})
    assert response.status_code == 413
    assert "过大，上限为 1 KB" in response.content.decode()


@pytest.mark.parametrize("role", [Role.STATION, Role.INSPECTOR, Role.OPERATOR, Role.PARTNER])
def test_pages_are_refused_to_everyone_but_the_office(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(csv_bytes([row(1)]))}).status_code == 403
    assert client.get("/complaints/import/template.xlsx").status_code == 403
    assert Complaint.objects.count() == 0


def test_pages_need_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_module_docstring_lists_every_accepted_header():
    for column in importing.COLUMNS:
        for name in (column.header, *column.synonyms):
            assert name in importing.__doc__, name
