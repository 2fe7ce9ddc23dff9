"""Credit risk classes from the facts into Operator.risk_class through the reasoned change; the
office's override kept by the sweep until released; the import of official classes."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from fangxin.core.roles import Role
from fangxin.oversight import risk_classes
from fangxin.oversight.models import RiskClassRecord
from fangxin.registry.models import OperatorEvent
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import services as supervision

from .targets_support import today

pytestmark = pytest.mark.django_db


def _overdue_orders(office, operator, count):
    for _ in range(count):
        supervision.issue_order_on_basis(
            office,
            operator,
            "other",
            "上级交办",
            "整改",
            "conduct",
            working_days=5,
            issued_on=today() - timedelta(days=60),
        )


def test_sweep_computes_the_class_with_reasons_through_the_reasoned_change(office):
    risky, quiet = OperatorFactory(risk_class="B"), OperatorFactory(risk_class="A")
    _overdue_orders(office, risky, 3)  # 9 points: D
    assert risk_classes.sweep(today())["risk_classes_changed"] == 2  # quiet: never inspected → B
    risky.refresh_from_db()
    quiet.refresh_from_db()
    assert (risky.risk_class, quiet.risk_class) == ("D", "B")
    record = RiskClassRecord.objects.get(operator=risky)
    assert record.points == 9 and record.reasons[0]["code"] == "overdue_orders"
    assert "逾期未整改3件" in risk_classes.reason_text(record.reasons[0])
    event = OperatorEvent.objects.filter(operator=risky, kind="risk_class").latest("pk")
    assert "逾期未整改" in event.summary and event.data == {"from": "B", "to": "D"}
    # Nothing changed: running again moves nothing.
    assert risk_classes.sweep(today())["risk_classes_changed"] == 0


def test_override_is_kept_by_the_sweep_until_released(office):
    operator = OperatorFactory(risk_class="B")
    _overdue_orders(office, operator, 3)
    risk_classes.override(office, operator, "A", "经核实逾期系平台原因")
    risk_classes.sweep(today())
    operator.refresh_from_db()
    assert operator.risk_class == "A"
    record = operator.risk_record
    assert record.locked and record.computed_class == "D"
    risk_classes.release(office, operator)
    operator.refresh_from_db()
    assert operator.risk_class == "D" and not operator.risk_record.locked


def test_override_needs_reason_class_and_office(office, make_user):
    operator = OperatorFactory()
    with pytest.raises(ValidationError):
        risk_classes.override(office, operator, "A", " ")
    with pytest.raises(ValidationError):
        risk_classes.override(office, operator, "E", "理由")
    station = make_user(Role.STATION, station=operator.area.station)
    with pytest.raises(PermissionDenied):
        risk_classes.override(station, operator, "A", "理由")
    with pytest.raises(ValidationError):
        risk_classes.release(office, operator)


def _csv(*rows, header="统一社会信用代码,企业名称,风险分类"):
    return ("\n".join([header, *rows]) + "\n").encode()


def test_import_dry_run_writes_nothing_then_commit_locks(office):
    a, b = OperatorFactory(risk_class="B"), OperatorFactory(risk_class="B")
    content = _csv(f"{a.uscc},{a.name},A类", f"{b.uscc},{b.name},D")
    report = risk_classes.import_classes(office, "classes.csv", content, dry_run=True)
    assert report.ok and not report.committed and report.changed_count == 2
    a.refresh_from_db()
    assert a.risk_class == "B" and not RiskClassRecord.objects.exists()
    report = risk_classes.import_classes(office, "classes.csv", content, dry_run=False)
    assert report.committed
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.risk_class, b.risk_class) == ("A", "D")
    assert a.risk_record.locked and a.risk_record.lock_source == "official"
    risk_classes.sweep(today())
    a.refresh_from_db()
    assert a.risk_class == "A"  # the official class holds


def test_import_is_all_or_nothing_with_row_errors(office):
    a = OperatorFactory(risk_class="B")
    content = _csv(
        f"{a.uscc},{a.name},A",
        "91330522MA0000000X,无此主体,B",
        f"{a.uscc},{a.name},C",
        ",空代码,Z",
    )
    report = risk_classes.import_classes(office, "classes.csv", content, dry_run=False)
    assert not report.committed and report.error_count == 3
    errors = {row.number: [m for _c, m in row.errors] for row in report.rows}
    assert errors[3] == ["未匹配到已登记的经营主体。"]
    assert errors[4] == ["与第2行重复。"]
    assert len(errors[5]) == 2
    a.refresh_from_db()
    assert a.risk_class == "B" and not RiskClassRecord.objects.exists()


def test_import_xlsx_and_bad_headers(office):
    a = OperatorFactory(risk_class="B")
    book = Workbook()
    book.active.append(["统一社会信用代码", "风险等级"])
    book.active.append([a.uscc, "高风险"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = risk_classes.import_classes(office, "c.xlsx", buffer.getvalue(), dry_run=False)
    a.refresh_from_db()
    assert report.committed and a.risk_class == "D"
    with pytest.raises(risk_classes.ImportFileError, match="无法识别的列"):
        risk_classes.import_classes(office, "c.csv", _csv(header="代码,颜色"), dry_run=True)
    with pytest.raises(risk_classes.ImportFileError, match="没有数据行"):
        risk_classes.import_classes(office, "c.csv", _csv(), dry_run=True)


def test_import_is_the_offices(make_user):
    with pytest.raises(PermissionDenied):
        risk_classes.import_classes(make_user(Role.STATION), "c.csv", _csv(), dry_run=True)
