"""Excel/CSV import: dry run, row errors, all-or-nothing, idempotent re-import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from fangxin.core.roles import Role
from fangxin.registry import importing
from fangxin.registry.models import Operator, PlatformAccount
from fangxin.registry.uscc import make

pytestmark = pytest.mark.django_db

H = importing.TEMPLATE_COLUMNS


def row(n: int, **changes) -> list[str]:
    values = {
        "统一社会信用代码": make(f"91330522MA{n:07d}"),
        "经营主体名称": f"导入测试{n}号电商有限公司",
        "经营类型": "直播营销",
        "法定代表人": "张三",
        "联系人": "李四",
        "联系电话": "13800000001",
        "所属乡镇（街道）": "雉城街道",
        "经营地址": "长兴县雉城街道测试路1号",
        "平台账号": f"抖音:测试号{n};快手:ks{n}",
    }
    values.update(changes)
    return [values[h] for h in H]


def xlsx(rows, headers=H) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load(content: bytes, name="operators.xlsx"):
    return importing.read_upload(name, content)


@pytest.fixture
def office(make_user, changxing):
    return make_user(Role.OFFICE)


def test_template_has_the_headers_in_order(office):
    sheet = load_workbook(io.BytesIO(importing.template_workbook())).active
    assert [c.value for c in sheet[1]] == H


def test_dry_run_writes_nothing_then_commit_writes_all(office):
    dataset = load(xlsx([row(1), row(2, **{"经营类型": "直播营销+社区团购"})]))
    report = importing.run_import(office, dataset, dry_run=True)
    assert report.ok and report.new_count == 2
    assert Operator.objects.count() == 0
    report = importing.run_import(office, dataset, dry_run=False)
    assert report.committed
    assert Operator.objects.count() == 2
    both = Operator.objects.get(name="导入测试2号电商有限公司")
    assert both.livestream and both.group_buying
    assert both.status == Operator.Status.ACTIVE
    assert set(both.accounts.values_list("platform", "handle")) == {
        ("douyin", "测试号2"),
        ("kuaishou", "ks2"),
    }
    assert both.events.filter(kind="imported").exists()


def test_reimporting_the_same_file_changes_nothing(office):
    dataset = load(xlsx([row(1), row(2)]))
    importing.run_import(office, dataset, dry_run=False)
    before = list(Operator.objects.values_list("pk", "updated_at"))
    report = importing.run_import(office, load(xlsx([row(1), row(2)])), dry_run=False)
    assert report.skip_count == 2
    assert list(Operator.objects.values_list("pk", "updated_at")) == before
    assert PlatformAccount.objects.count() == 4


def test_update_by_uscc(office):
    importing.run_import(office, load(xlsx([row(1)])), dry_run=False)
    report = importing.run_import(office, load(xlsx([row(1, **{"联系人": "王五"})])), dry_run=False)
    assert report.update_count == 1
    assert Operator.objects.get().contact_name == "王五"


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"统一社会信用代码": "91330522MA00000019"}, "统一社会信用代码", "校验位错误"),
        ({"所属乡镇（街道）": "火星镇"}, "所属乡镇（街道）", "未知的乡镇"),
        ({"平台账号": "推特:abc"}, "平台账号", "未知的平台"),
        ({"平台账号": "抖音"}, "平台账号", "平台:账号"),
        ({"经营主体名称": ""}, "经营主体名称", ""),
        ({"联系电话": "12345"}, "联系电话", "手机号码"),
        ({"经营类型": "批发"}, "经营类型", "经营类型应为"),
    ],
)
def test_row_errors_name_row_column_and_reason(office, changes, column, fragment):
    dataset = load(xlsx([row(1), row(2, **changes)]))
    report = importing.run_import(office, dataset, dry_run=False)
    assert not report.committed
    assert Operator.objects.count() == 0  # all-or-nothing: the good row is not written
    bad = report.rows[1]
    assert bad.number == 3
    assert bad.action == "error"
    assert any(c == column and fragment in m for c, m in bad.errors), bad.errors


def test_duplicate_uscc_in_file_and_in_database(office):
    code = make("91330522MA0000001")
    report = importing.run_import(
        office, load(xlsx([row(1), row(2, **{"统一社会信用代码": code})])), dry_run=False
    )
    assert not report.committed
    assert "与第2行" in report.rows[1].errors[0][1]
    assert Operator.objects.count() == 0


def test_account_owned_by_someone_else(office):
    importing.run_import(office, load(xlsx([row(1)])), dry_run=False)
    report = importing.run_import(
        office, load(xlsx([row(2, **{"平台账号": "抖音:测试号1"})])), dry_run=True
    )
    assert "已属于其他经营主体" in report.rows[0].errors[0][1]


def test_station_cannot_import_into_another_area(make_user, changxing):
    from fangxin.core.models import Station

    station_user = make_user(Role.STATION, station=Station.objects.get(code="zhicheng"))
    report = importing.run_import(
        station_user, load(xlsx([row(1, **{"所属乡镇（街道）": "泗安镇"})])), dry_run=True
    )
    assert "不在本所辖区内" in report.rows[0].errors[0][1]
    ok = importing.run_import(station_user, load(xlsx([row(1)])), dry_run=False)
    assert ok.committed


def test_station_cannot_update_another_stations_operator(make_user, changxing):
    from fangxin.core.models import Station

    office = make_user(Role.OFFICE)
    importing.run_import(
        office, load(xlsx([row(1, **{"所属乡镇（街道）": "泗安镇"})])), dry_run=False
    )
    station_user = make_user(Role.STATION, station=Station.objects.get(code="zhicheng"))
    report = importing.run_import(station_user, load(xlsx([row(1)])), dry_run=True)
    assert any("无权修改" in m for _c, m in report.rows[0].errors)


def test_operator_role_may_not_import(make_user, changxing):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importing.run_import(make_user(Role.OPERATOR), load(xlsx([row(1)])), dry_run=True)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("a.xlsx", b"", "文件为空"),
        ("a.xlsx", b"this is not a spreadsheet", "不是有效的 Excel"),
        ("a.xlsx", b"PK\x03\x04broken", "无法读取"),
        ("a.pdf", b"%PDF-1.4", "只支持"),
        ("a.csv", "统一社会信用代码,经营主体名称\n".encode(), "缺少列"),
    ],
)
def test_whole_file_errors(changxing, name, content, fragment):
    with pytest.raises(importing.ImportFileError) as err:
        importing.read_upload(name, content)
    assert fragment in str(err.value)


def test_extra_and_missing_columns(changxing):
    with pytest.raises(importing.ImportFileError) as err:
        load(xlsx([["x"] * 10], headers=[*H, "备注"]))
    assert "多出无法识别的列：备注" in str(err.value)
    with pytest.raises(importing.ImportFileError) as err:
        load(xlsx([["x"] * 8], headers=H[:-1]))
    assert "缺少列：平台账号" in str(err.value)


def test_headers_only_is_refused(changxing):
    with pytest.raises(importing.ImportFileError, match="没有数据行"):
        load(xlsx([]))


def test_twenty_megabytes_is_refused(changxing):
    with pytest.raises(importing.ImportFileError, match="文件过大"):
        importing.read_upload("big.xlsx", b"PK\x03\x04" + b"0" * (20 * 1024 * 1024))


def test_gb18030_csv_is_read(office):
    text = ",".join(H) + "\n" + ",".join(row(1)) + "\n"
    report = importing.run_import(
        office, load(text.encode("gb18030"), "operators.csv"), dry_run=False
    )
    assert report.committed


def test_command_line_import(office, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([row(1)]))
    call_command("import_operators", str(good), "--dry-run")
    assert Operator.objects.count() == 0
    call_command("import_operators", str(good))
    assert Operator.objects.count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(2, **{"所属乡镇（街道）": "火星镇"})]))
    with pytest.raises(CommandError):
        call_command("import_operators", str(bad))
    assert "row 2" in capsys.readouterr().err


def test_cli_exit_code_is_1_on_error(office, tmp_path):
    import os
    import subprocess
    import sys

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nonsense")
    env = {**os.environ, "FANGXIN_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "fangxin.cli", "import-operators", str(bad), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 1
    assert "不是有效的 Excel" in result.stderr


def test_an_account_twice_in_the_file_is_a_clash(office):
    report = importing.run_import(
        office, load(xlsx([row(1), row(2, **{"平台账号": "抖音:测试号1"})])), dry_run=False
    )
    assert not report.committed
    assert report.rows[0].action == "new"
    assert report.rows[1].errors == [("平台账号", "抖音账号“测试号1”已属于其他经营主体。")]
    assert Operator.objects.count() == 0


def test_commit_writes_events_and_audit_entries(office):
    from auditlog.models import LogEntry

    importing.run_import(office, load(xlsx([row(1), row(2)])), dry_run=False)
    operator = Operator.objects.get(name="导入测试1号电商有限公司")
    assert operator.events.filter(kind="imported").count() == 1
    entries = LogEntry.objects.get_for_object(operator)
    assert [e.action for e in entries] == [LogEntry.Action.CREATE]
    changes = entries[0].changes_dict
    assert changes["name"][1] == "导入测试1号电商有限公司"
    assert changes["contact_phone"][1] != "13800000001"  # masked, as auditlog registers it
    assert LogEntry.objects.filter(content_type__model="platformaccount").count() == 4

    importing.run_import(office, load(xlsx([row(1, **{"联系人": "王五"}), row(2)])), dry_run=False)
    entries = LogEntry.objects.get_for_object(operator).filter(action=LogEntry.Action.UPDATE)
    assert [e.changes_dict for e in entries] == [{"contact_name": ["李四", "王五"]}]
    assert operator.events.filter(kind="imported").count() == 2
    other = Operator.objects.get(name="导入测试2号电商有限公司")
    assert other.events.count() == 1  # skipped: no event, no entry
    assert not LogEntry.objects.get_for_object(other).filter(action=LogEntry.Action.UPDATE)


def test_a_code_from_another_county_is_a_warning_not_an_error(office, client, tmp_path, capsys):
    """Issue 11 item 8: the import names an out-of-county credit code too, but imports it."""
    elsewhere = make("91330100MA0000007")  # Hangzhou's region code, not Changxing's 330522
    content = xlsx([row(1), row(2, **{"统一社会信用代码": elsewhere})])
    report = importing.run_import(office, load(content), dry_run=True)
    assert report.ok and report.warning_count == 1
    (warned,) = [r for r in report.rows if r.warnings]
    assert warned.uscc == elsewhere and "330100" in warned.warnings[0][1]

    client.force_login(office)
    page = client.post(
        "/registry/operators/import/", {"file": SimpleUploadedFile("operators.xlsx", content)}
    ).content.decode()
    assert 'id="import-warnings"' in page and "330100" in page and 'id="confirm-import"' in page

    path = tmp_path / "operators.xlsx"
    path.write_bytes(content)
    call_command("import_operators", str(path), "--dry-run")
    assert "warning" in capsys.readouterr().err
