"""Import of the market regulator's credit lists (veto situation 6).

The office reads lists of 经营异常名录 and 严重违法失信名单 entries, and of individual businesses
marked 经营异常状态, as CSV or XLSX. There is no public bulk export to copy, so columns are found
by header through the synonyms in ``DEFAULT_HEADERS`` (override per field with the setting
``FANGXIN_CREDIT_LIST_HEADERS = {"code": ["统一社会信用代码", …], …}``); headers in
``DEFAULT_IGNORED_HEADERS`` (``FANGXIN_CREDIT_LIST_IGNORED_HEADERS``) are read past; any other
header refuses the file, naming it. Blanks, ``*`` marks and full-/half-width forms are ignored
when headers are compared; a title row above the headers is skipped.

Fields (template header first, then the other names accepted by default; * required):

* code*: 统一社会信用代码 — 注册号、统一社会信用代码/注册号、信用代码
* name*: 企业名称 — 名称、市场主体名称、个体工商户名称、主体名称
* reason: 列入原因 — 列入经营异常名录原因、列入严重违法失信名单（黑名单）原因、
  列入严重违法失信名单原因、标记经营异常状态原因、标记原因
* listed_on*: 列入日期 — 列入时间、标记日期、标记经营异常状态日期
* authority: 作出决定机关 — 作出决定机关（列入）、决定机关、列入决定机关
* removal_reason: 移出原因 — 移出经营异常名录原因、移出严重违法失信名单（黑名单）原因、
  恢复正常记载状态原因
* removed_on: 移出日期 — 移出时间、恢复正常记载状态日期、恢复日期
* kind: 名单类型 — 名单、名单类别

Which list a row is on: its 名单类型 cell (经营异常名录, 严重违法失信名单, 经营异常状态 …), else
the kind chosen for the file (page or ``--kind``), else what the reason's header says
(列入经营异常名录原因 → 经营异常名录, 列入严重违法失信名单（黑名单）原因 → 严重违法失信名单,
标记经营异常状态原因 / 标记日期 → 个体工商户经营异常状态); a file none of these settles is refused.

Rows are matched to registered operators by the 18-character credit code; a row that matches
none (or carries a 15-digit 注册号) is reported in the summary and not stored (an error instead
with ``FANGXIN_CREDIT_UNMATCHED_IS_ERROR = True``). A listing is one
operator on one list from one day (operator + kind + 列入日期): importing it again updates its
removal (and reason, authority) and changes nothing when they are the same, so the same file can
be imported again. All or nothing: one row in error writes nothing. For each listing in force
today that has no veto event yet, a ``credit_listing`` veto proposal is raised through
``services.propose_veto`` for the office to confirm, once per listing.

Every run that passes its checks is recorded as a ``CreditImport`` (the dry runs too, marked so).
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.formula import ArrayFormula

from fangxin.core import params, table_uploads, tables
from fangxin.core.permissions import require
from fangxin.registry import uscc as uscc_module
from fangxin.registry.models import Operator

from . import services
from .models import CreditImport, CreditListing, CreditListKind, VetoEvent
from .models.enforcement import VetoKind

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 100
BLANK_RUN_END = 1000
CHUNK = 500  # keeps every ``__in`` under SQLite's limit on bound variables

NAME_LIMIT = CreditListing._meta.get_field("name").max_length
AUTHORITY_LIMIT = CreditListing._meta.get_field("authority").max_length
FILE_NAME_LIMIT = CreditImport._meta.get_field("file_name").max_length

# Row outcomes.
NEW = "new"
UPDATE = "update"
UNCHANGED = "unchanged"
UNMATCHED = "unmatched"
ERROR = "error"

K = CreditListKind

# field → (the template's header, then the other names accepted).
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("统一社会信用代码", "注册号", "统一社会信用代码/注册号", "信用代码"),
    "name": ("企业名称", "名称", "市场主体名称", "个体工商户名称", "主体名称"),
    "reason": (
        "列入原因",
        "列入经营异常名录原因",
        "列入严重违法失信名单（黑名单）原因",
        "列入严重违法失信名单原因",
        "标记经营异常状态原因",
        "标记原因",
    ),
    "listed_on": ("列入日期", "列入时间", "标记日期", "标记经营异常状态日期"),
    "authority": ("作出决定机关", "作出决定机关（列入）", "决定机关", "列入决定机关"),
    "removal_reason": (
        "移出原因",
        "移出经营异常名录原因",
        "移出严重违法失信名单（黑名单）原因",
        "恢复正常记载状态原因",
    ),
    "removed_on": ("移出日期", "移出时间", "恢复正常记载状态日期", "恢复日期"),
    "kind": ("名单类型", "名单", "名单类别"),
}
REQUIRED = ("code", "name", "listed_on")
# Columns the published lists carry that the import does not need.
DEFAULT_IGNORED_HEADERS = (
    "序号",
    "住所",
    "经营场所",
    "法定代表人",
    "负责人",
    "经营者",
    "登记机关",
    "作出决定机关（移出）",
    "移出决定机关",
    "备注",
)
# Headers that say which list the file is.
KIND_HINTS = {
    "列入经营异常名录原因": K.ABNORMAL_OPERATIONS,
    "移出经营异常名录原因": K.ABNORMAL_OPERATIONS,
    "列入严重违法失信名单（黑名单）原因": K.SERIOUS_VIOLATION,
    "列入严重违法失信名单原因": K.SERIOUS_VIOLATION,
    "移出严重违法失信名单（黑名单）原因": K.SERIOUS_VIOLATION,
    "标记经营异常状态原因": K.INDIVIDUAL_ABNORMAL,
    "标记原因": K.INDIVIDUAL_ABNORMAL,
    "标记日期": K.INDIVIDUAL_ABNORMAL,
    "标记经营异常状态日期": K.INDIVIDUAL_ABNORMAL,
    "恢复正常记载状态原因": K.INDIVIDUAL_ABNORMAL,
    "恢复正常记载状态日期": K.INDIVIDUAL_ABNORMAL,
}
KIND_VALUES = {
    "经营异常名录": K.ABNORMAL_OPERATIONS,
    "经营异常": K.ABNORMAL_OPERATIONS,
    "列入经营异常名录": K.ABNORMAL_OPERATIONS,
    "严重违法失信名单": K.SERIOUS_VIOLATION,
    "严重违法失信企业名单": K.SERIOUS_VIOLATION,
    "严重违法失信": K.SERIOUS_VIOLATION,
    "黑名单": K.SERIOUS_VIOLATION,
    "列入严重违法失信名单": K.SERIOUS_VIOLATION,
    "经营异常状态": K.INDIVIDUAL_ABNORMAL,
    "个体工商户经营异常状态": K.INDIVIDUAL_ABNORMAL,
    "标记经营异常状态": K.INDIVIDUAL_ABNORMAL,
    **{value: value for value in K.values},
}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (type, size, encoding, headers, list kind)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, ArrayFormula):
        value = value.text
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    return _CONTROL.sub("", str(value)).strip()


def normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", _text(value))
    return re.sub(r"[\s*]", "", text)


def headers() -> dict[str, tuple[str, ...]]:
    """The accepted headers per field: the defaults, each field overridable in settings."""
    overrides = getattr(settings, "FANGXIN_CREDIT_LIST_HEADERS", None) or {}
    unknown = set(overrides) - set(DEFAULT_HEADERS)
    if unknown:
        raise ValueError(f"FANGXIN_CREDIT_LIST_HEADERS names unknown fields: {sorted(unknown)}")
    return {name: tuple(overrides.get(name) or names) for name, names in DEFAULT_HEADERS.items()}


def unmatched_is_error() -> bool:
    """Whether a row matching no registered operator refuses the file
    (``FANGXIN_CREDIT_UNMATCHED_IS_ERROR``, default no: it is reported in the summary)."""
    return bool(getattr(settings, "FANGXIN_CREDIT_UNMATCHED_IS_ERROR", False))


def ignored_headers() -> tuple[str, ...]:
    return tuple(getattr(settings, "FANGXIN_CREDIT_LIST_IGNORED_HEADERS", DEFAULT_IGNORED_HEADERS))


def template_headers() -> list[str]:
    return [names[0] for names in headers().values()]


def _header_fields() -> dict[str, str]:
    return {normalise_header(n): name for name, names in headers().items() for n in names}


# --- reading the file ---------------------------------------------------------------------


@dataclass
class Upload:
    headers: dict[str, str]  # field → the header as written in the file
    kind_hint: str  # the list the headers name, or ""
    rows: list[tuple[int, dict[str, object]]]
    file_name: str = ""


def check_size(size: int) -> None:
    limit = settings.FANGXIN_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(
            _("文件过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {"size": size / 1048576, "limit": limit // 1048576}
        )


def read_upload(filename: str, content: bytes) -> Upload:
    """Read an uploaded .xlsx or .csv through the shared table reader, find its header row and
    columns, or refuse the file with the reason."""
    check_size(len(content))
    numbered = _table_rows(filename, content)
    if not numbered:
        raise ImportFileError(_("文件为空。"))
    fields = _header_fields()
    header_at = _find_header_row(numbered, fields)
    header_row = numbered[header_at][1]
    found, hint = _map_headers(header_row, fields)
    data = numbered[header_at + 1 :]
    if not data:
        raise ImportFileError(_("文件中没有数据行。"))
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("文件有%(count)d行数据，一次最多导入%(max)d行，请拆分后分批导入。")
            % {"count": len(data), "max": MAX_ROWS}
        )
    index = {normalise_header(v): i for i, v in enumerate(header_row)}
    positions = {f: index[normalise_header(h)] for f, h in found.items()}
    rows = [
        (number, {f: (row[i] if i < len(row) else None) for f, i in positions.items()})
        for number, row in data
    ]
    return Upload(headers=found, kind_hint=hint, rows=rows, file_name=filename)


def _table_rows(filename: str, content: bytes) -> list[tuple[int, list]]:
    most = MAX_ROWS + HEADER_SEARCH_ROWS
    limits = dataclasses.replace(
        table_uploads.import_limits(),
        max_columns=MAX_COLUMNS,
        blank_run_end=BLANK_RUN_END,
    )
    limits = dataclasses.replace(limits, max_rows=min(limits.max_rows, most))
    try:
        table = tables.read(content, filename, limits, formulas=True)
        return [(number, row) for number, row in table.rows if any(_text(v) for v in row)]
    except tables.TableError as exc:
        if exc.code == "too_many_rows" and limits.max_rows == most:
            raise ImportFileError(_("一次最多导入%d行，请拆分后分批导入。") % MAX_ROWS) from exc
        raise ImportFileError(table_uploads.describe(exc) or str(exc)) from exc


def _find_header_row(numbered, fields: dict[str, str]) -> int:
    """The first of the top rows naming at least two of our columns; else the first row."""
    for i, (_number, row) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
        known = {fields.get(normalise_header(v)) for v in row} - {None}
        if len(known) >= 2:
            return i
    return 0


def _map_headers(row: list, fields: dict[str, str]) -> tuple[dict[str, str], str]:
    found: dict[str, str] = {}
    unknown: list[str] = []
    clashes: list[str] = []
    hints: set[str] = set()
    ignored = {normalise_header(h) for h in ignored_headers()}
    kind_hints = {normalise_header(h): kind for h, kind in KIND_HINTS.items()}
    for value in row:
        header = _text(value)
        if not header:
            continue
        key = normalise_header(value)
        name = fields.get(key)
        if name is None:
            if key not in ignored:
                unknown.append(header)
            continue
        if key in kind_hints:
            hints.add(kind_hints[key])
        if name in found:
            clashes.append(f"“{found[name]}”“{header}”")
        else:
            found[name] = header
    accepted = headers()
    problems = []
    if unknown:
        problems.append(_("无法识别的列：%s") % "、".join(f"“{h}”" for h in unknown))
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        problems.append(
            _("缺少必需的列：%s")
            % "；".join(
                _("%(header)s（也可写作：%(synonyms)s）")
                % {"header": accepted[name][0], "synonyms": "、".join(accepted[name][1:])}
                for name in missing
            )
        )
    if clashes:
        problems.append(_("以下列表示同一项内容，只能保留一列：%s") % "，".join(clashes))
    if len(hints) > 1:
        problems.append(_("表头同时属于不同的名单，请每种名单分别导入"))
    if problems:
        raise ImportFileError(
            "；".join(problems)
            + "。"
            + _("可下载导入模板，表头依次为：%s。") % "，".join(template_headers())
        )
    return found, (hints.pop() if hints else "")


# --- checking one row -----------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*\d{1,2}[:时]\d{2}.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_SERIAL_RANGE = (18264, 73415)  # Excel's day numbers for 1950–2099


def parse_date(value) -> date:
    """A date as the lists write it, or ValueError with the reason in Chinese."""
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
        value = _text(value)
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


def kind_of(value) -> str | None:
    text = re.sub(r"[\s（）()]", "", unicodedata.normalize("NFKC", _text(value)))
    return KIND_VALUES.get(text)


@dataclass
class RowReport:
    number: int
    code: str
    name: str
    kind: str = ""
    listed_on: date | None = None
    removed_on: date | None = None
    operator_id: int | None = None
    operator_name: str = ""
    action: str = NEW
    veto_proposed: bool = False
    errors: list[tuple[str, str]] = field(default_factory=list)  # (header, reason)

    @property
    def kind_label(self) -> str:
        return CreditListKind(self.kind).label if self.kind else ""


@dataclass
class ImportReport:
    rows: list[RowReport]
    dry_run: bool
    file_name: str = ""
    committed: bool = False
    batch: CreditImport | None = None

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
    def update_count(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged_count(self) -> int:
        return self.count(UNCHANGED)

    @property
    def unmatched_count(self) -> int:
        return self.count(UNMATCHED)

    @property
    def unmatched(self) -> list[RowReport]:
        return [r for r in self.rows if r.action == UNMATCHED]

    @property
    def veto_count(self) -> int:
        return sum(1 for r in self.rows if r.veto_proposed)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(r.number, column, message) for r in self.rows for column, message in r.errors]

    def summary(self) -> str:
        return _(
            "新增%(new)d条，更新%(update)d条，无变化%(unchanged)d条，未匹配经营主体%(unmatched)d条，"
            "报请认定取消称号情形%(vetoes)d条，错误%(errors)d行"
        ) % {
            "new": self.new_count,
            "update": self.update_count,
            "unchanged": self.unchanged_count,
            "unmatched": self.unmatched_count,
            "vetoes": self.veto_count,
            "errors": self.error_count,
        }


@dataclass
class _Row:
    report: RowReport
    values: dict = field(default_factory=dict)

    def error(self, header: str, message: str) -> None:
        self.report.errors.append((header, message))


def _check_cells(number: int, cells: dict, upload: Upload, kind: str, today: date) -> _Row:
    accepted = headers()

    def header(name: str) -> str:
        return upload.headers.get(name, accepted[name][0])

    def text(name: str) -> str:
        return _text(cells.get(name))

    code = re.sub(r"\s", "", uscc_module.normalise(text("code")))
    name = text("name")
    row = _Row(RowReport(number=number, code=code, name=name))
    values = row.values
    if not code:
        row.error(header("code"), _("必须填写统一社会信用代码或注册号。"))
    elif len(code) == 18:
        result = uscc_module.validate(code)
        if not result.valid:
            row.error(header("code"), _("统一社会信用代码“%s”校验不通过，请核对。") % code)
    elif not (len(code) == 15 and code.isdigit()):
        row.error(
            header("code"),
            _("“%s”既不是18位统一社会信用代码，也不是15位注册号。") % code,
        )
    values["code"] = code
    if not name:
        row.error(header("name"), _("必须填写名称。"))
    elif len(name) > NAME_LIMIT:
        row.error(header("name"), _("名称不能超过%d个字。") % NAME_LIMIT)
    values["name"] = name

    row_kind = kind
    if "kind" in upload.headers and text("kind"):
        row_kind = kind_of(cells.get("kind"))
        if row_kind is None:
            row.error(
                header("kind"),
                _("无法识别的名单类型“%(value)s”，应为%(choices)s。")
                % {"value": text("kind"), "choices": "、".join(str(k.label) for k in K)},
            )
    if not row_kind and "kind" in upload.headers and not text("kind"):
        row.error(header("kind"), _("必须填写名单类型。"))
    values["kind"] = row.report.kind = row_kind or ""

    for date_field, label in (("listed_on", _("列入")), ("removed_on", _("移出"))):
        raw = cells.get(date_field)
        values[date_field] = None
        if not _text(raw):
            if date_field == "listed_on":
                row.error(header("listed_on"), _("必须填写列入日期。"))
            continue
        try:
            day = parse_date(raw)
        except ValueError as exc:
            row.error(header(date_field), str(exc))
            continue
        if day > today:
            row.error(
                header(date_field),
                _("%(what)s日期%(day)s晚于今天。") % {"what": label, "day": day.isoformat()},
            )
            continue
        values[date_field] = day
    row.report.listed_on = values["listed_on"]
    row.report.removed_on = values["removed_on"]
    if values["listed_on"] and values["removed_on"] and values["removed_on"] < values["listed_on"]:
        row.error(
            header("removed_on"),
            _("移出日期%(removed)s早于列入日期%(listed)s。")
            % {
                "removed": values["removed_on"].isoformat(),
                "listed": values["listed_on"].isoformat(),
            },
        )
    values["reason"] = text("reason")
    values["authority"] = text("authority")
    if len(values["authority"]) > AUTHORITY_LIMIT:
        row.error(header("authority"), _("作出决定机关不能超过%d个字。") % AUTHORITY_LIMIT)
    values["removal_reason"] = text("removal_reason")
    if values["removal_reason"] and not _text(cells.get("removed_on")):
        row.error(header("removed_on"), _("填写了移出原因，但没有移出日期。"))
    return row


# --- running an import ----------------------------------------------------------------------


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _operators_by_code(codes: set[str]) -> dict[str, Operator]:
    found: dict[str, Operator] = {}
    for chunk in _chunks(c for c in codes if len(c) == 18):
        for operator in Operator.objects.filter(uscc__in=chunk):
            found[operator.uscc] = operator
    return found


def _existing(operator_ids: set[int]) -> dict[tuple[int, str, date], CreditListing]:
    found = {}
    for chunk in _chunks(operator_ids):
        for listing in CreditListing.objects.filter(operator_id__in=chunk):
            found[(listing.operator_id, listing.kind, listing.listed_on)] = listing
    return found


class _Rollback(Exception):
    """Leaves the import's transaction without writing anything."""


def _refuse_unless_allowed(user) -> None:
    require(
        user,
        "supervision.import_credit_list",
        message=_("只有领导小组办公室可以导入信用名单。"),
    )


def run_import(user, upload: Upload, *, dry_run: bool, kind: str = "") -> ImportReport:
    """Check every row; unless ``dry_run`` or any row has an error, store the listings and
    raise the veto proposals, in one transaction. ``kind``: the list the whole file is on,
    when neither a 名单类型 column nor the headers say."""
    _refuse_unless_allowed(user)
    if kind and kind not in K.values:
        raise ImportFileError(_("未知的名单类型。"))
    file_kind = kind or upload.kind_hint
    if not file_kind and "kind" not in upload.headers:
        raise ImportFileError(_("无法判断名单类型：请选择名单类型，或在表中加一列“名单类型”。"))
    today = timezone.localdate()
    rows = [_check_cells(number, cells, upload, file_kind, today) for number, cells in upload.rows]
    operators = _operators_by_code({r.values["code"] for r in rows})
    existing = _existing({o.pk for o in operators.values()})
    first_seen: dict[tuple, int] = {}
    for row in rows:
        operator = operators.get(row.values["code"])
        if operator is None:
            if row.report.errors:
                continue
            if unmatched_is_error():
                row.error(upload.headers["code"], _("未匹配到已登记的经营主体。"))
            else:
                row.report.action = UNMATCHED
            continue
        row.values["operator"] = operator
        row.report.operator_id, row.report.operator_name = operator.pk, operator.name
        key = (operator.pk, row.values["kind"], row.values["listed_on"])
        if row.report.errors:
            continue
        if key in first_seen:
            row.error(
                upload.headers["listed_on"],
                _("与第%d行是同一经营主体在同一名单、同一列入日期的记录，请只保留一行。")
                % first_seen[key],
            )
            continue
        first_seen[key] = row.report.number
        listing = existing.get(key)
        row.values["listing"] = listing
        if listing is None:
            row.report.action = NEW
        elif any(getattr(listing, f) != row.values[f] for f in _UPDATED_FIELDS):
            row.report.action = UPDATE
        else:
            row.report.action = UNCHANGED

    report = ImportReport(
        rows=[r.report for r in rows], dry_run=dry_run, file_name=upload.file_name
    )
    try:
        with transaction.atomic():
            if report.ok:
                batch = CreditImport.objects.create(
                    file_name=upload.file_name[:FILE_NAME_LIMIT],
                    imported_by=user,
                    dry_run=dry_run,
                )
                _write(user, rows, batch, today)
                _count(batch, report)
                report.batch = batch
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        if report.ok:
            # A dry run is recorded too, marked so, with what it would have done.
            batch = CreditImport(
                file_name=upload.file_name[:FILE_NAME_LIMIT], imported_by=user, dry_run=True
            )
            _count(batch, report)
            batch.save()
            report.batch = batch
    except IntegrityError as exc:
        raise ImportFileError(_("另一次导入同时写入了相同的记录，请重新上传。")) from exc
    else:
        report.committed = True
    for row in rows:
        if row.report.errors:
            row.report.action = ERROR
    return report


_UPDATED_FIELDS = ("removed_on", "removal_reason", "reason", "authority")


def _write(user, rows: list[_Row], batch: CreditImport, today: date) -> None:
    for row in rows:
        if row.report.action not in (NEW, UPDATE, UNCHANGED):
            continue
        values = row.values
        listing = values["listing"]
        if listing is None:
            listing = CreditListing.objects.create(
                operator=values["operator"],
                kind=values["kind"],
                code=values["code"],
                name=values["name"],
                reason=values["reason"],
                listed_on=values["listed_on"],
                authority=values["authority"],
                removal_reason=values["removal_reason"],
                removed_on=values["removed_on"],
                batch=batch,
            )
        elif row.report.action == UPDATE:
            for name in _UPDATED_FIELDS:
                setattr(listing, name, values[name])
            listing.batch = batch
            listing.save(update_fields=[*_UPDATED_FIELDS, "batch"])
        if listing.veto_event_id is None and listing.is_in_force(today):
            listing.veto_event = _propose(user, listing)
            listing.save(update_fields=["veto_event"])
            row.report.veto_proposed = True


def _propose(user, listing: CreditListing) -> VetoEvent:
    """The existing proposal service, asked by the office user running the import."""
    description = _(
        "%(name)s（%(code)s）于%(day)s被%(authority)s列入%(list)s，列入原因：%(reason)s"
    ) % {
        "name": listing.name,
        "code": listing.code,
        "day": listing.listed_on.isoformat(),
        "authority": listing.authority or _("作出决定机关（未注明）"),
        "list": listing.get_kind_display(),
        "reason": listing.reason or _("未注明"),
    }
    return services.propose_veto(
        user,
        listing.operator,
        VetoKind.CREDIT_LISTING,
        description,
        listing.listed_on,
        VetoEvent.Source.CREDIT,
    )


def _count(batch: CreditImport, report: ImportReport) -> None:
    batch.rows = len(report.rows)
    batch.created = report.new_count
    batch.updated = report.update_count
    batch.unchanged = report.unchanged_count
    batch.unmatched = report.unmatched_count
    batch.vetoes_proposed = report.veto_count
    if batch.pk:
        batch.save()


def import_file(
    user, filename: str, content: bytes, *, dry_run: bool, kind: str = ""
) -> ImportReport:
    """Read the upload and run the import; the office only (checked before reading)."""
    _refuse_unless_allowed(user)
    return run_import(user, read_upload(filename, content), dry_run=dry_run, kind=kind)


# --- the template ---------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The template: the canonical headers, one example row, and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("信用名单")
    names = template_headers()
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {
        "code": "91330522MA00000000",
        "name": _("示例-请删除本行"),
        "reason": _("通过登记的住所或者经营场所无法联系"),
        "listed_on": timezone.localdate() - timedelta(days=30),
        "authority": _("长兴县市场监督管理局"),
        "removal_reason": "",
        "removed_on": "",
        "kind": str(K.ABNORMAL_OPERATIONS.label),
    }
    sheet.append([example[name] for name in headers()])
    for i, header in enumerate(names, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = 30 if "原因" in header else 18
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列"), _("也可写作"), _("必填")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for name, accepted in headers().items():
        notes.append([accepted[0], "、".join(accepted[1:]), _("是") if name in REQUIRED else ""])
    notes.append([])
    notes.append(
        [
            _("说明"),
            _(
                "第2行为示例，导入前请删除。名单类型可写%(kinds)s；不写此列时按页面选择或表头判断。"
                "日期写成2024-03-05、2024/3/5或2024年3月5日。一次最多导入%(max)d行。"
            )
            % {"kinds": "、".join(str(k.label) for k in K), "max": MAX_ROWS},
        ]
    )
    for letter, width in zip("ABC", (30, 60, 6), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
