"""Bulk import of complaints and tip-offs exported from the national 12315 platform.

The office downloads its county's items from 12315 as Excel (.xlsx) or CSV and uploads the file
here. Columns are found by header name, so the platform's export can be uploaded as it is:
columns we do not know are ignored, a title row above the headers is skipped, and each field
accepts the names below (blanks, ``*`` marks and a trailing unit such as “（元）” are ignored
when headers are compared; full-width and half-width forms are the same).

| field          | template header          | also accepted                          | req.   |
|----------------|--------------------------|----------------------------------------|--------|
| external_id    | 登记编号                 | 投诉举报编号、工单编号、投诉编号、     | yes    |
|                |                          | 举报编号                               |        |
| received_on    | 登记日期                 | 接收日期、投诉日期、举报日期、         | yes    |
|                |                          | 登记时间                               |        |
| kind           | 类型                     | 诉求类型、登记类型                     | yes    |
| name           | 诉求人姓名               | 投诉人、举报人、投诉人姓名、           |        |
|                |                          | 举报人姓名、诉求人                     |        |
| phone          | 联系电话                 | 手机号码、手机号、诉求人电话、         |        |
|                |                          | 投诉人电话、举报人电话                 |        |
| operator_text  | 被诉主体名称             | 被投诉人、被举报人、被投诉方、         | yes    |
|                |                          | 被举报方、被投诉单位、被举报单位       |        |
| (operator)     | 被诉主体统一社会信用代码 | 统一社会信用代码、                     |        |
|                |                          | 被投诉人统一社会信用代码、             |        |
|                |                          | 被举报人统一社会信用代码               |        |
| platform       | 涉及平台                 | 平台、电商平台                         |        |
| order_number   | 订单号                   | 订单编号                               |        |
| category       | 问题类别                 | 投诉问题、举报问题、问题分类           |        |
| description    | 事件描述                 | 投诉内容、举报内容、事实经过           | yes    |
| demand         | 诉求                     | 投诉请求、诉求内容                     |        |
| amount_claimed | 涉及金额                 | 金额                                   |        |

Values: dates as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日 (a time after the date is
ignored) or Excel date cells; kind “投诉” or “举报”; the category by the labels of
``Complaint.Category`` or the synonyms in ``CATEGORY_SYNONYMS`` (anything else becomes “其他”);
amounts in yuan, “元”, “¥” and thousands separators allowed. A credit code that matches a
registered operator links the item to it (and so routes it to that operator's station);
otherwise the name is kept as text for the office to triage.

All or nothing: every row is checked (cells first, then the intake rules of
``services.submit`` in a transaction that is rolled back), and the rows are written only when
no row has an error and the run is not a dry run. A row whose 登记编号 is already in the
system is skipped, so the same export can be uploaded again.

Files: .xlsx (the first sheet; formulas are read as their text, never evaluated) or .csv in
UTF-8, UTF-8 with a byte-order mark, or GB18030; at most ``FANGXIN_MAX_UPLOAD_BYTES`` and
``MAX_ROWS`` data rows; a run of ``BLANK_RUN_END`` blank rows ends the data. Row numbers in
the report are the rows Excel shows, blank rows and a title row counted.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from fangxin.core import params, periods, table_uploads, tables
from fangxin.core.permissions import require
from fangxin.registry import uscc as uscc_module
from fangxin.registry.models import Operator

from . import services
from .models import Complaint

IMPORT_REFUSED = gettext_noop("只有领导小组办公室可以导入12315投诉举报。")

MAX_ROWS = 5000
# Where the header row is looked for (12315 exports may put a title above it).
HEADER_SEARCH_ROWS = 10
# Columns read from a sheet; anything further right is ignored.
MAX_COLUMNS = 100
# A run of blank rows this long ends the data (a sheet formatted far below its last row).
BLANK_RUN_END = 1000
CHUNK = 500  # keeps every ``__in`` under SQLite's limit on bound variables

EXTERNAL_ID_LIMIT = Complaint._meta.get_field("external_id").max_length
PLATFORM_LIMIT = Complaint._meta.get_field("platform").max_length
ORDER_NUMBER_LIMIT = Complaint._meta.get_field("order_number").max_length
AMOUNT_LIMIT = Decimal("9999999999.99")  # the column's 12 digits, 2 after the point

# Row outcomes.
NEW = "new"
DUPLICATE = "duplicate"
ERROR = "error"


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the template's header
    synonyms: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("external_id", "登记编号", ("投诉举报编号", "工单编号", "投诉编号", "举报编号"), True),
    Column("received_on", "登记日期", ("接收日期", "投诉日期", "举报日期", "登记时间"), True),
    Column("kind", "类型", ("诉求类型", "登记类型"), True),
    Column("name", "诉求人姓名", ("投诉人", "举报人", "投诉人姓名", "举报人姓名", "诉求人")),
    Column("phone", "联系电话", ("手机号码", "手机号", "诉求人电话", "投诉人电话", "举报人电话")),
    Column(
        "operator_text",
        "被诉主体名称",
        ("被投诉人", "被举报人", "被投诉方", "被举报方", "被投诉单位", "被举报单位"),
        True,
    ),
    Column(
        "uscc",
        "被诉主体统一社会信用代码",
        ("统一社会信用代码", "被投诉人统一社会信用代码", "被举报人统一社会信用代码"),
    ),
    Column("platform", "涉及平台", ("平台", "电商平台")),
    Column("order_number", "订单号", ("订单编号",)),
    Column("category", "问题类别", ("投诉问题", "举报问题", "问题分类")),
    Column("description", "事件描述", ("投诉内容", "举报内容", "事实经过"), True),
    Column("demand", "诉求", ("投诉请求", "诉求内容")),
    Column("amount_claimed", "涉及金额", ("金额",)),
)
TEMPLATE_HEADERS = [c.header for c in COLUMNS]
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}

KIND_VALUES = {
    "投诉": Complaint.Kind.COMPLAINT,
    "消费投诉": Complaint.Kind.COMPLAINT,
    "消费者投诉": Complaint.Kind.COMPLAINT,
    "举报": Complaint.Kind.TIPOFF,
    "违法举报": Complaint.Kind.TIPOFF,
}

C = Complaint.Category
# Names 12315 exports and clerks use besides our own labels (matched after the labels).
CATEGORY_SYNONYMS = {
    "质量": C.QUALITY,
    "质量问题": C.QUALITY,
    "产品质量": C.QUALITY,
    "虚假广告": C.FALSE_ADVERTISING,
    "广告": C.FALSE_ADVERTISING,
    "虚假宣传": C.FALSE_ADVERTISING,
    "夸大宣传": C.FALSE_ADVERTISING,
    "价格": C.PRICE,
    "价格欺诈": C.PRICE,
    "乱收费": C.PRICE,
    "售后": C.AFTER_SALES,
    "售后服务": C.AFTER_SALES,
    "退换货": C.AFTER_SALES,
    "退货": C.AFTER_SALES,
    "退款": C.AFTER_SALES,
    "七日无理由退货": C.AFTER_SALES,
    "发货": C.DELIVERY,
    "配送": C.DELIVERY,
    "物流": C.DELIVERY,
    "快递": C.DELIVERY,
    "延迟发货": C.DELIVERY,
    "假冒": C.COUNTERFEIT,
    "假货": C.COUNTERFEIT,
    "假冒商标": C.COUNTERFEIT,
    "三无产品": C.COUNTERFEIT,
    "食品": C.FOOD_SAFETY,
    "食品质量": C.FOOD_SAFETY,
    "个人信息保护": C.PERSONAL_INFO,
    "泄露个人信息": C.PERSONAL_INFO,
    "隐私": C.PERSONAL_INFO,
    "其它": C.OTHER,
}

# Which column each of ``services.submit``'s error keys belongs to.
SUBMIT_ERROR_FIELD = {
    "kind": "kind",
    "name": "name",
    "phone": "phone",
    "operator_text": "operator_text",
    "category": "category",
    "description": "description",
    "demand": "demand",
    "amount_claimed": "amount_claimed",
}

EXAMPLE_EXTERNAL_ID = "示例-请删除本行"


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (type, size, encoding, headers, row count)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, ArrayFormula):
        value = value.text  # a formula stays text, like any other
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell: 13800000000.0 is a phone
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    return _CONTROL.sub("", str(value)).strip()


# --- reading the file ---------------------------------------------------------------------


@dataclass
class Upload:
    """The rows of an uploaded file, keyed by field, with their row numbers in the file."""

    headers: dict[str, str]  # field → the header as written in the file
    ignored: list[str]  # headers we do not know
    rows: list[tuple[int, dict[str, object]]]


def check_size(size: int) -> None:
    limit = settings.FANGXIN_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(
            _("文件过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {"size": size / 1048576, "limit": limit // 1048576}
        )


def read_upload(filename: str, content: bytes) -> Upload:
    """Read an uploaded .xlsx or .csv, find its header row and columns, or refuse the file."""
    check_size(len(content))
    numbered = _table_rows(filename, content)
    if not numbered:
        raise ImportFileError(_("文件为空。"))
    header_at = _find_header_row(numbered)
    header_row = numbered[header_at][1]
    headers, ignored = _map_headers(header_row)
    data = numbered[header_at + 1 :]
    if not data:
        raise ImportFileError(_("文件中没有数据行。"))
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("文件有%(count)d行数据，一次最多导入%(max)d行，请拆分后分批导入。")
            % {"count": len(data), "max": MAX_ROWS}
        )
    index = {h: i for i, h in enumerate(_normalise_header(v) for v in header_row)}
    positions = {f: index[_normalise_header(h)] for f, h in headers.items()}
    rows = []
    for number, row in data:
        values = {f: (row[i] if i < len(row) else None) for f, i in positions.items()}
        rows.append((number, values))
    return Upload(headers=headers, ignored=ignored, rows=rows)


def _table_rows(filename: str, content: bytes) -> list[tuple[int, list]]:
    """The non-blank rows, numbered as the spreadsheet shows them, read by the bounded table
    reader (size unzipped, rows, cell length: refused where it stops, by row and column).
    Formulas are read as their text, never evaluated (nor their cached results trusted)."""
    # Headers and a title or two above them, then at most MAX_ROWS rows of data.
    most = MAX_ROWS + HEADER_SEARCH_ROWS
    limits = table_uploads.import_limits()
    limits = dataclasses.replace(
        limits,
        max_rows=min(limits.max_rows, most),
        max_columns=MAX_COLUMNS,
        blank_run_end=BLANK_RUN_END,
    )
    try:
        table = tables.read(content, filename, limits, formulas=True)
        return [(number, row) for number, row in table.rows if any(_text(v) for v in row)]
    except tables.TableError as exc:
        if exc.code == "too_many_rows" and limits.max_rows == most:
            raise ImportFileError(_("一次最多导入%d行，请拆分后分批导入。") % MAX_ROWS) from exc
        raise ImportFileError(table_uploads.describe(exc) or str(exc)) from exc


def _normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", _text(value))
    text = re.sub(r"[\s*]", "", text)
    return re.sub(r"\([^()]*\)$", "", text)  # a unit: 涉及金额（元）


HEADER_FIELD = {
    _normalise_header(name): c.field for c in COLUMNS for name in (c.header, *c.synonyms)
}


def _find_header_row(numbered: list[tuple[int, list]]) -> int:
    """The first of the top rows naming at least two of our columns; else the first row."""
    for i, (_number, row) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        known = {HEADER_FIELD.get(_normalise_header(v)) for v in row} - {None}
        if len(known) >= 2:
            return i
    return 0


def _map_headers(row: list) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    ignored: list[str] = []
    clashes: list[str] = []
    for value in row:
        header = _text(value)
        if not header:
            continue
        field_name = HEADER_FIELD.get(_normalise_header(value))
        if field_name is None:
            ignored.append(header)
        elif field_name in headers:
            clashes.append(f"“{headers[field_name]}”“{header}”")
        else:
            headers[field_name] = header
    problems = []
    missing = [c for c in COLUMNS if c.required and c.field not in headers]
    if missing:
        problems.append(
            _("缺少必需的列：%s")
            % "；".join(
                _("%(header)s（也可写作：%(synonyms)s）")
                % {"header": c.header, "synonyms": "、".join(c.synonyms)}
                for c in missing
            )
        )
    if clashes:
        problems.append(_("以下列表示同一项内容，只能保留一列：%s") % "，".join(clashes))
    if problems:
        raise ImportFileError(
            "；".join(problems)
            + "。"
            + _("可下载导入模板，表头依次为：%s。") % "，".join(TEMPLATE_HEADERS)
        )
    return headers, ignored


# --- checking one row -----------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*\d{1,2}[:时]\d{2}.*)?$"),
)
# Excel's serial day numbers for 1950–2099, read from a cell that lost its date format.
_SERIAL_RANGE = (18264, 73415)


def parse_date(value) -> date:
    """A date as clerks and 12315 write it, or ValueError with the reason in Chinese; never
    before the earliest date (no period rule applies before it)."""
    result = _parse_date(value)
    if not params.date_in_range(result):
        raise ValueError(params.too_early_message())
    return result


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise ValueError(_("无法识别的日期“%s”。") % _text(value))
    text = unicodedata.normalize("NFKC", _text(value))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueError(_("日期“%s”不存在。") % text) from exc
    raise ValueError(_("无法识别的日期“%s”，请写成2024-03-05、2024/3/5或2024年3月5日。") % text)


def parse_amount(value) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        text = re.sub(r"[\s,，元¥￥]", "", text)
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(_("金额“%s”不是数字。") % _text(value)) from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("金额应为不小于0的数字。"))
    if amount > AMOUNT_LIMIT:
        raise ValueError(_("金额过大，请核对。"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("金额最多保留两位小数。"))
    return amount.quantize(Decimal("0.01"))


@functools.cache
def _category_labels() -> dict[str, str]:
    # The labels are msgids: compare with them, not with whatever language is active.
    with translation.override(settings.LANGUAGE_CODE):
        return {str(label): code for code, label in C.choices}


def category_of(value) -> str:
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", _text(value)))
    if not text:
        return C.OTHER
    return _category_labels().get(text) or CATEGORY_SYNONYMS.get(text) or C.OTHER


@dataclass
class RowReport:
    number: int  # the row as the clerk sees it in Excel (or the record in the CSV)
    external_id: str
    kind: str = ""  # the label, for display
    received_on: date | None = None
    respondent: str = ""
    station: str = ""  # where the item goes: the matched operator's station, else ""
    matched: bool = False  # the credit code found a registered operator
    action: str = NEW
    errors: list[tuple[str, str]] = field(default_factory=list)  # (header, reason)
    tracking_code: str = ""  # set once committed


@dataclass
class ImportReport:
    rows: list[RowReport]
    dry_run: bool
    committed: bool = False
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_count(self) -> int:
        return self.count(NEW)

    @property
    def duplicate_count(self) -> int:
        return self.count(DUPLICATE)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        """Every error as (row, column header, reason), in file order."""
        return [(r.number, column, message) for r in self.rows for column, message in r.errors]


@dataclass
class _Row:
    report: RowReport
    values: dict  # submit's keyword arguments, as far as the cells could be read
    failed: set[str] = field(default_factory=set)  # fields whose cell is wrong

    def error(self, field_name: str, message: str, header: str) -> None:
        self.failed.add(field_name)
        self.report.errors.append((header, message))


def _check_cells(
    number: int,
    cells: dict,
    headers: dict[str, str],
    operators: dict[str, Operator],
    today: date,
) -> _Row:
    """Read one row's cells into ``submit``'s arguments, noting every cell that is wrong."""

    def text(name: str) -> str:
        return _text(cells.get(name))

    def header(name: str) -> str:
        return headers.get(name, COLUMN_BY_FIELD[name].header)

    external_id = text("external_id")
    row = _Row(RowReport(number=number, external_id=external_id), {})
    report, values = row.report, row.values
    if not external_id:
        row.error("external_id", _("必须填写登记编号。"), header("external_id"))
    elif external_id == EXAMPLE_EXTERNAL_ID:
        row.error("external_id", _("这是模板中的示例行，请删除后再导入。"), header("external_id"))
    elif len(external_id) > EXTERNAL_ID_LIMIT:
        row.error(
            "external_id",
            _("登记编号不能超过%d个字符。") % EXTERNAL_ID_LIMIT,
            header("external_id"),
        )
    values["external_id"] = external_id

    raw_date = cells.get("received_on")
    if not _text(raw_date):
        row.error("received_on", _("必须填写登记日期。"), header("received_on"))
    else:
        try:
            received_on = parse_date(raw_date)
        except ValueError as exc:
            row.error("received_on", str(exc), header("received_on"))
        else:
            if received_on > today:
                row.error(
                    "received_on",
                    _("登记日期%s晚于今天。") % received_on.isoformat(),
                    header("received_on"),
                )
            else:
                values["received_on"] = report.received_on = received_on

    kind_text = re.sub(r"\s", "", text("kind"))
    kind = KIND_VALUES.get(kind_text)
    if not kind_text:
        row.error("kind", _("必须填写类型（投诉或举报）。"), header("kind"))
    elif kind is None:
        row.error("kind", _("类型应为“投诉”或“举报”，实为“%s”。") % kind_text, header("kind"))
    else:
        values["kind"] = kind
        report.kind = Complaint.Kind(kind).label

    code = uscc_module.normalise(text("uscc"))
    operator = operators.get(code) if code else None
    values["operator"] = operator
    values["operator_text"] = text("operator_text")
    report.respondent = operator.name if operator else values["operator_text"]
    report.matched = operator is not None
    report.station = operator.area.station.name if operator else ""

    for name, limit in (("platform", PLATFORM_LIMIT), ("order_number", ORDER_NUMBER_LIMIT)):
        value = text(name)
        if len(value) > limit:
            row.error(
                name,
                _("%(column)s不能超过%(limit)d个字。") % {"column": header(name), "limit": limit},
                header(name),
            )
        values[name] = value[:limit]

    values["category"] = category_of(cells.get("category"))
    for name in ("name", "phone", "description", "demand"):
        values[name] = text(name)
    try:
        values["amount_claimed"] = parse_amount(cells.get("amount_claimed"))
    except ValueError as exc:
        row.error("amount_claimed", str(exc), header("amount_claimed"))
    return row


# --- running an import ----------------------------------------------------------------------


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _operators_by_uscc(upload: Upload) -> dict[str, Operator]:
    codes = {uscc_module.normalise(_text(cells.get("uscc"))) for _n, cells in upload.rows} - {""}
    found: dict[str, Operator] = {}
    for chunk in _chunks(codes):
        for operator in Operator.objects.filter(uscc__in=chunk).select_related("area__station"):
            found[operator.uscc] = operator
    return found


def _already_imported(upload: Upload) -> set[str]:
    ids = {_text(cells.get("external_id")) for _n, cells in upload.rows} - {""}
    known: set[str] = set()
    for chunk in _chunks(ids):
        known.update(
            Complaint.objects.filter(external_id__in=chunk).values_list("external_id", flat=True)
        )
    return known


class _Rollback(Exception):
    """Leaves the import's transaction without writing anything."""


def run_import(user, upload: Upload, *, dry_run: bool) -> ImportReport:
    """Check every row; unless ``dry_run`` or any row has an error, register the new ones.

    Rows whose 登记编号 is already in the system are skipped. The rows are registered through
    ``services.submit`` (channel 12315), one transaction for the whole file: on a dry run or an
    error nothing is written and nobody is notified.
    """
    require(user, "complaints.import_12315", message=_(IMPORT_REFUSED))
    today = timezone.localdate()
    operators = _operators_by_uscc(upload)
    known = _already_imported(upload)
    first_seen: dict[str, int] = {}
    rows: list[_Row] = []
    for number, cells in upload.rows:
        row = _check_cells(number, cells, upload.headers, operators, today)
        external_id = row.values["external_id"]
        if external_id in known:
            # Skipped whatever its cells say: it was checked when it was first imported.
            row.report.action = DUPLICATE
            row.report.errors.clear()
            row.failed.clear()
        elif external_id and external_id in first_seen:
            row.error(
                "external_id",
                _("与第%(row)d行的登记编号“%(id)s”重复。")
                % {"row": first_seen[external_id], "id": external_id},
                upload.headers["external_id"],
            )
        elif external_id:
            first_seen[external_id] = number
        rows.append(row)

    report = ImportReport(
        rows=[r.report for r in rows], dry_run=dry_run, ignored_columns=upload.ignored
    )
    try:
        with transaction.atomic():
            for row in rows:
                if row.report.action != DUPLICATE:
                    _submit(user, row, upload.headers, today)
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        for row in rows:
            row.report.tracking_code = ""
    else:
        report.committed = True
        codes = [r.report.tracking_code for r in rows if r.report.tracking_code]
        services.notify_received(Complaint.objects.filter(tracking_code__in=codes))
    for row in rows:
        if row.report.errors:
            row.report.action = ERROR
    return report


def _submit(user, row: _Row, headers: dict[str, str], today: date) -> None:
    """Register the row with the intake service (inside the import's transaction) and note
    its refusals against the row's columns. A row whose cells were already found wrong is
    still put through, with stand-ins, so the clerk sees all of its errors at once."""

    def header(name: str) -> str:
        return headers.get(name, COLUMN_BY_FIELD[name].header)

    values = dict(row.values)
    if row.failed:
        # Stand-ins for the wrong cells; the transaction is rolled back in any case.
        values["external_id"] = ""
        values.setdefault("received_on", today)
        values.setdefault("kind", "")
        values.setdefault("amount_claimed", None)
    try:
        receipt = services.submit(
            channel=Complaint.Channel.NATIONAL, user=user, notify=False, **values
        )
    except periods.PeriodNotInForce:
        # No version of the statutory period was in force on that date: the date's error.
        if "received_on" not in row.failed:
            row.error(
                "received_on",
                _("登记日期早于系统中最早的办理期限规定，无法计算期限。"),
                header("received_on"),
            )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for key, messages in errors.items():
            name = SUBMIT_ERROR_FIELD.get(key)
            if name in row.failed:
                continue  # the cell's own error says it already
            column = header(name) if name else _("整行")
            for message in messages:
                row.error(name or key, message, column)
    except LookupError as exc:
        if isinstance(exc, KeyError | IndexError):
            raise  # a bug, not the periods' answer
        # No version of the statutory period was in force on that date.
        if "received_on" not in row.failed:
            row.error(
                "received_on",
                _("登记日期早于系统中最早的办理期限规定，无法计算期限。"),
                header("received_on"),
            )
    except IntegrityError:
        # Another import registered the same 登记编号 while this one ran.
        row.error("external_id", _("该登记编号已被导入，请重新上传。"), header("external_id"))
    else:
        row.report.tracking_code = receipt.complaint.tracking_code


def import_file(user, filename: str, content: bytes, *, dry_run: bool) -> ImportReport:
    """Read the upload and run the import; the office only (checked before reading)."""
    require(user, "complaints.import_12315", message=_(IMPORT_REFUSED))
    return run_import(user, read_upload(filename, content), dry_run=dry_run)


# --- the template ---------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The template: the canonical headers, one example row, drop-downs and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "12315投诉举报"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {
        "external_id": EXAMPLE_EXTERNAL_ID,
        "received_on": timezone.localdate() - timedelta(days=1),
        "kind": "投诉",
        "name": "张三",
        "phone": "13800000000",
        "operator_text": "长兴某某电子商务有限公司",
        "uscc": "91330522MA00000000",
        "platform": "抖音",
        "order_number": "6912345678901234567",
        "category": "商品质量",
        "description": "直播间购买的羊毛衫收到后发现成分与宣传不符，联系商家退货被拒。",
        "demand": "退货退款",
        "amount_claimed": Decimal("299.00"),
    }
    sheet.append([example[c.field] for c in COLUMNS])
    date_cell = sheet.cell(row=2, column=TEMPLATE_HEADERS.index("登记日期") + 1)
    date_cell.number_format = "yyyy-mm-dd"
    widths = {"登记编号": 22, "登记日期": 12, "被诉主体名称": 30, "事件描述": 60}
    for i, header in enumerate(TEMPLATE_HEADERS, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = widths.get(header, 16)
    kind_col = sheet.cell(row=1, column=TEMPLATE_HEADERS.index("类型") + 1).column_letter
    kinds = DataValidation(type="list", formula1='"投诉,举报"')
    kinds.add(f"{kind_col}2:{kind_col}{MAX_ROWS + 1}")
    sheet.add_data_validation(kinds)
    labels = list(_category_labels())
    category_col = sheet.cell(row=1, column=TEMPLATE_HEADERS.index("问题类别") + 1).column_letter
    categories = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
    categories.add(f"{category_col}2:{category_col}{MAX_ROWS + 1}")
    sheet.add_data_validation(categories)

    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列"), _("也可写作"), _("必填"), _("说明")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    explanations = {
        "external_id": _("12315平台的登记编号；已导入过的编号自动跳过"),
        "received_on": _("2024-03-05、2024/3/5、2024年3月5日或Excel日期，不能晚于今天"),
        "kind": _("投诉 或 举报"),
        "name": _("投诉必须填写姓名和联系电话；举报可匿名"),
        "phone": _("11位手机号或带区号的固定电话"),
        "uscc": _("与已登记经营主体匹配后自动分派至其监管所"),
        "category": _("%s；其他写法按“其他”处理") % "、".join(labels),
        "amount_claimed": _("单位：元，最多两位小数"),
    }
    for c in COLUMNS:
        notes.append(
            [
                c.header,
                "、".join(c.synonyms),
                _("是") if c.required else "",
                explanations.get(c.field, ""),
            ]
        )
    notes.append([])
    notes.append([_("说明"), _("第2行为示例，导入前请删除。一次最多导入%d行。") % MAX_ROWS])
    for letter, width in zip("ABCD", (26, 40, 6, 60), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
