"""Operator import and export in Excel/CSV, on django-import-export.

The file format is a contract with the clerks: the column headers below, in this order.
Imports are all-or-nothing: a dry run reports every row's outcome and every error (row,
column, reason); the commit re-runs the same rows in one transaction and rolls back if any
row fails.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

import tablib
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from fangxin.core import table_uploads
from fangxin.core.models import Area
from fangxin.core.permissions import require
from fangxin.core.scoping import can_see, visibility_filter, visible
from fangxin.core.spreadsheets import neutralise
from fangxin.core.tables import TableError

from . import uscc as uscc_module
from .masking import masked
from .models import Operator, OperatorEvent, PlatformAccount
from .services import record_event
from .validators import uscc_region_warnings

COL_USCC = "统一社会信用代码"
COL_NAME = "经营主体名称"
COL_KIND = "经营类型"
COL_LEGAL_REP = "法定代表人"
COL_CONTACT = "联系人"
COL_PHONE = "联系电话"
COL_AREA = "所属乡镇（街道）"
COL_ADDRESS = "经营地址"
COL_ACCOUNTS = "平台账号"
TEMPLATE_COLUMNS = [
    COL_USCC,
    COL_NAME,
    COL_KIND,
    COL_LEGAL_REP,
    COL_CONTACT,
    COL_PHONE,
    COL_AREA,
    COL_ADDRESS,
    COL_ACCOUNTS,
]
# Columns our export adds; an import of an exported file ignores them.
COL_STATUS = "状态"
COL_STATION = "负责监管所"
EXPORT_ONLY_COLUMNS = [COL_STATUS, COL_STATION]

KIND_VALUES = {
    "直播营销": (True, False),
    "社区团购": (False, True),
    "直播营销+社区团购": (True, True),
}
PLATFORM_BY_NAME = {str(label): code for code, label in PlatformAccount.Platform.choices}
PLATFORM_BY_NAME.update({"淘宝": "taobao", "点淘": "taobao", "淘宝直播": "taobao"})
PLATFORM_NAME = {code: str(label) for code, label in PlatformAccount.Platform.choices}

# Which column each model attribute's errors belong to.
ATTRIBUTE_COLUMN = {
    "uscc": COL_USCC,
    "name": COL_NAME,
    "livestream": COL_KIND,
    "group_buying": COL_KIND,
    "kinds": COL_KIND,
    "legal_rep_name": COL_LEGAL_REP,
    "contact_name": COL_CONTACT,
    "contact_phone": COL_PHONE,
    "area": COL_AREA,
    "operating_address": COL_ADDRESS,
    "accounts": COL_ACCOUNTS,
}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (type, size, emptiness, columns)."""


# --- reading the file ---------------------------------------------------------------------


def check_size(size: int) -> None:
    limit = settings.FANGXIN_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(
            _("文件过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {"size": size / 1048576, "limit": limit // 1048576}
        )


def read_upload(filename: str, content: bytes) -> tablib.Dataset:
    """Turn an uploaded .xlsx or .csv into a Dataset with the template's headers, or refuse.

    The bounded table reader refuses, before and while reading, a file that unzips too
    large, has too many rows or a cell too long (naming the row and column)."""
    check_size(len(content))
    try:
        table = table_uploads.read(content, filename)
        rows = [["" if v is None else str(v).strip() for v in row] for _number, row in table.rows]
    except TableError as exc:
        raise ImportFileError(table_uploads.describe(exc) or str(exc)) from exc
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ImportFileError(_("文件为空。"))
    headers, *data = rows
    while headers and headers[-1] == "":
        headers.pop()
    _check_headers(headers)
    if not data:
        raise ImportFileError(_("文件中没有数据行。"))
    dataset = tablib.Dataset(headers=headers)
    for row in data:
        row = (row + [""] * len(headers))[: len(headers)]
        dataset.append(row)
    return dataset


def _check_headers(headers: list[str]) -> None:
    allowed = set(TEMPLATE_COLUMNS) | set(EXPORT_ONLY_COLUMNS)
    missing = [c for c in TEMPLATE_COLUMNS if c not in headers]
    extra = [h for h in headers if h not in allowed]
    duplicated = sorted({h for h in headers if headers.count(h) > 1})
    problems = []
    if missing:
        problems.append(_("缺少列：%s") % "、".join(missing))
    if extra:
        problems.append(_("多出无法识别的列：%s") % "、".join(h or _("（空表头）") for h in extra))
    if duplicated:
        problems.append(_("列重复：%s") % "、".join(duplicated))
    if problems:
        raise ImportFileError(
            "；".join(problems)
            + "。"
            + _("请使用下载的模板，表头依次为：%s。") % "，".join(TEMPLATE_COLUMNS)
        )


# --- the resource ---------------------------------------------------------------------------


class AreaWidget(widgets.ForeignKeyWidget):
    """Looks areas up by name in a table read once per import (a county has a few dozen)."""

    def __init__(self):
        super().__init__(Area, field="name")
        self._by_name: dict[str, Area] | None = None

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            raise ValueError(_("必须填写所属乡镇（街道）。"))
        if self._by_name is None:
            self._by_name = {area.name: area for area in Area.objects.all()}
        area = self._by_name.get(value)
        if area is None:
            raise ValueError(_("未知的乡镇（街道）：“%s”。") % value)
        return area


class KindsField(fields.Field):
    def save(self, instance, row, is_m2m=False, **kwargs):
        value = (row.get(self.column_name) or "").replace("＋", "+").replace(" ", "")
        if value not in KIND_VALUES:
            raise ValueError(
                _("经营类型应为“直播营销”“社区团购”或“直播营销+社区团购”，实为“%s”。") % value
            )
        instance.livestream, instance.group_buying = KIND_VALUES[value]

    def get_value(self, instance):
        return (instance.livestream, instance.group_buying)

    def export(self, instance, **kwargs):
        for label, kinds in KIND_VALUES.items():
            if kinds == (instance.livestream, instance.group_buying):
                return label
        return ""


def parse_accounts(value: str) -> list[tuple[str, str]]:
    """'抖音:账号A;快手:账号B' → [("douyin", "账号A"), ("kuaishou", "账号B")]."""
    pairs = []
    for part in (value or "").replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        platform, sep, handle = part.replace("：", ":").partition(":")
        platform, handle = platform.strip(), handle.strip()
        if not sep or not handle:
            raise ValueError(_("平台账号“%s”应写成“平台:账号”。") % part)
        if platform not in PLATFORM_BY_NAME:
            raise ValueError(
                _("未知的平台“%(platform)s”，可选：%(choices)s。")
                % {"platform": platform, "choices": "、".join(PLATFORM_NAME.values())}
            )
        pairs.append((PLATFORM_BY_NAME[platform], handle))
    return pairs


class AccountsField(fields.Field):
    def get_value(self, instance):
        # Compared in OperatorResource.skip_row; a related manager never compares equal.
        return None

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._import_accounts = parse_accounts(row.get(self.column_name))

    def export(self, instance, **kwargs):
        if not instance.pk:
            return ""
        return ";".join(f"{PLATFORM_NAME[a.platform]}:{a.handle}" for a in instance.accounts.all())


class OperatorResource(resources.ModelResource):
    uscc = fields.Field(attribute="uscc", column_name=COL_USCC)
    name = fields.Field(attribute="name", column_name=COL_NAME)
    kinds = KindsField(attribute="kinds", column_name=COL_KIND)
    legal_rep_name = fields.Field(attribute="legal_rep_name", column_name=COL_LEGAL_REP)
    contact_name = fields.Field(attribute="contact_name", column_name=COL_CONTACT)
    contact_phone = fields.Field(attribute="contact_phone", column_name=COL_PHONE)
    area = fields.Field(attribute="area", column_name=COL_AREA, widget=AreaWidget())
    operating_address = fields.Field(attribute="operating_address", column_name=COL_ADDRESS)
    accounts = AccountsField(attribute="accounts", column_name=COL_ACCOUNTS)

    class Meta:
        model = Operator
        import_id_fields = ("uscc",)
        fields = (
            "uscc",
            "name",
            "kinds",
            "legal_rep_name",
            "contact_name",
            "contact_phone",
            "area",
            "operating_address",
            "accounts",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, user):
        super().__init__()
        self.user = user

    def before_import_row(self, row, **kwargs):
        for key in list(row.keys()):
            if isinstance(row[key], str):
                row[key] = row[key].strip()
        row[COL_USCC] = uscc_module.normalise(row.get(COL_USCC) or "")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in ("kinds", "accounts"):
            # Custom fields set their own attributes; bypass the "has attribute" check.
            if field.column_name in row:
                field.save(instance, row, is_m2m, **kwargs)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    # The checks below ask ``self.context`` (an ``_ImportContext`` read in a handful of queries
    # by ``run_import``) when there is one, else the database row by row.
    context: _ImportContext | None = None

    def _can_see(self, instance) -> bool:
        if self.context is not None:
            return self.context.can_see(instance)
        return can_see(self.user, instance)

    def _account_clash(self, platform, handle, instance) -> bool:
        if self.context is not None:
            return self.context.account_clash((platform, handle), instance)
        clash = PlatformAccount.objects.filter(platform=platform, handle=handle)
        if instance.pk:
            clash = clash.exclude(operator_id=instance.pk)
        return clash.exists()

    def _accounts_of(self, instance) -> set[tuple[str, str]]:
        if self.context is not None:
            return self.context.accounts_of(instance)
        return set(instance.accounts.values_list("platform", "handle"))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance.pk and not self._can_see(instance):
            errors["uscc"] = [_("该经营主体已由其他监管所登记，您无权修改。")]
        area = instance.area if instance.area_id else None
        if area and not self.user.has_perm("registry.register_operator", area):
            errors["area"] = [_("“%s”不在本所辖区内。") % area.name]
        for platform, handle in getattr(instance, "_import_accounts", []):
            if self._account_clash(platform, handle, instance):
                errors.setdefault("accounts", []).append(
                    _("%(platform)s账号“%(handle)s”已属于其他经营主体。")
                    % {"platform": PLATFORM_NAME[platform], "handle": handle}
                )
        if not instance.pk:
            instance.status = Operator.Status.ACTIVE
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The uniqueness of the code needs no query (rows are found by it, and duplicates in
        # the file are reported separately), nor the "has a kind" constraint (clean() checks
        # the same and excludes it from the constraint check): field validators and clean()
        # only, in Python.
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if instance.area_id is not None:
            exclude.add("area")  # read from the Area table just now: it exists, no query
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not original or not original.pk:
            return False
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        if (instance.livestream, instance.group_buying) != (
            original.livestream,
            original.group_buying,
        ):
            return False
        return set(getattr(instance, "_import_accounts", [])) <= self._accounts_of(original)

    def after_save_instance(self, instance, row, **kwargs):
        have = set(instance.accounts.values_list("platform", "handle"))
        for platform, handle in getattr(instance, "_import_accounts", []):
            if (platform, handle) not in have:
                PlatformAccount.objects.create(operator=instance, platform=platform, handle=handle)
                have.add((platform, handle))
        record_event(instance, "imported", _(IMPORTED_SUMMARY), self.user)

    def check_row(self, row: dict, context: _ImportContext, index: int):
        """Validate one row against the import so far, as import_data would, without writing.

        Returns (action, errors dict); a new or updated row is remembered in ``context`` so
        that later rows see it (duplicates, account clashes) and the commit can write it.
        """
        self.before_import_row(row)
        original = context.by_uscc.get(row[COL_USCC])
        if original is not None:
            instance, new = copy.copy(original), False
        else:
            instance, new = Operator(), True
        errors = {}
        try:
            self.import_instance(instance, row)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if self.skip_row(instance, original, row, errors):
            return "skip", {}
        try:
            self.validate_instance(instance, errors)
        except ValidationError as exc:
            return "error", exc.message_dict
        context.save(instance, original, index)
        return ("new" if new else "update"), {}


IMPORTED_SUMMARY = "通过Excel导入登记或更新资料"
CHUNK = 500  # keeps every ``__in`` under SQLite's limit on bound variables


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class _ImportContext:
    """What the rows are checked against, read once: the operators the file names, which of
    them the user may see, their accounts, and who owns the file's (platform, handle) pairs.
    Rows accepted so far are added as they pass, as if they had been written."""

    def __init__(self, user, rows: list[dict]):
        self.user = user
        codes = {uscc_module.normalise(str(r.get(COL_USCC) or "")) for r in rows} - {""}
        self.by_uscc: dict[str, Operator] = {}
        for chunk in _chunks(codes):
            for operator in Operator.objects.filter(uscc__in=chunk).select_related("area"):
                self.by_uscc[operator.uscc] = operator
        pks = [o.pk for o in self.by_uscc.values()]
        self.visible_pks: set[int] = set()
        self.accounts: dict[object, set[tuple[str, str]]] = {}
        for chunk in _chunks(pks):
            self.visible_pks.update(
                visible(user, Operator).filter(pk__in=chunk).values_list("pk", flat=True)
            )
            accounts = PlatformAccount.objects.filter(operator_id__in=chunk)
            for operator_id, platform, handle in accounts.values_list(
                "operator_id", "platform", "handle"
            ):
                self.accounts.setdefault(operator_id, set()).add((platform, handle))
        pairs = set()
        for r in rows:
            try:
                pairs.update(parse_accounts(str(r.get(COL_ACCOUNTS) or "").strip()))
            except ValueError:
                continue
        self.owner: dict[tuple[str, str], object] = {}
        for chunk in _chunks({handle for _platform, handle in pairs}):
            found = PlatformAccount.objects.filter(handle__in=chunk)
            for platform, handle, operator_id in found.values_list(
                "platform", "handle", "operator_id"
            ):
                if (platform, handle) in pairs:
                    self.owner[(platform, handle)] = operator_id
        self.writes: list[tuple[Operator, Operator | None, list[tuple[str, str]]]] = []

    @staticmethod
    def key(instance):
        return instance.pk if instance.pk else instance.__dict__.get("_import_key")

    def can_see(self, instance) -> bool:
        if instance.pk:
            return instance.pk in self.visible_pks
        # An operator an earlier row of this file creates (the file repeats its code): it is
        # active, in its area; decide as visibility_filter would for the saved row.
        if not visibility_filter(self.user, Operator):  # Q(): the office sees everything
            return True
        return self.user.has_perm("registry.register_operator", instance.area)

    def account_clash(self, pair, instance) -> bool:
        owner = self.owner.get(pair)
        return owner is not None and owner != self.key(instance)

    def accounts_of(self, instance) -> set[tuple[str, str]]:
        return self.accounts.get(self.key(instance), set())

    def save(self, instance, original, index: int) -> None:
        if not instance.pk:
            instance.__dict__["_import_key"] = ("row", index)
        key = self.key(instance)
        have = self.accounts.setdefault(key, set())
        added = []
        for pair in getattr(instance, "_import_accounts", []):
            if pair not in have:
                have.add(pair)
                self.owner[pair] = key
                added.append(pair)
        self.by_uscc[instance.uscc] = instance
        self.writes.append((instance, original, added))


# --- running an import ------------------------------------------------------------------
# --- running an import ------------------------------------------------------------------


@dataclass
class RowReport:
    number: int  # the spreadsheet row (the header is row 1)
    action: str  # new / update / skip / error
    uscc: str
    name: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    # Worth a look but not wrong (a credit code issued outside the county): never blocks.
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport]
    committed: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def warning_count(self) -> int:
        return sum(1 for r in self.rows if r.warnings)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def update_count(self) -> int:
        return self.count("update")

    @property
    def skip_count(self) -> int:
        return self.count("skip")


def _duplicates_in_file(dataset: tablib.Dataset) -> dict[int, str]:
    first_seen: dict[str, int] = {}
    duplicates = {}
    for index, row in enumerate(dataset.dict):
        code = uscc_module.normalise(row.get(COL_USCC) or "")
        if not code:
            continue
        if code in first_seen:
            duplicates[index] = _("与第%d行的统一社会信用代码重复。") % (first_seen[code] + 2)
        else:
            first_seen[code] = index
    return duplicates


def run_import(user, dataset: tablib.Dataset, *, dry_run: bool) -> ImportReport:
    """Import (or dry-run) the rows. On commit, any error rolls back every row."""
    require(user, "registry.import_operator", message=_("您无权导入经营主体。"))
    duplicates = _duplicates_in_file(dataset)
    if duplicates and not dry_run:
        dry_run = True  # never write a file that is known to be wrong
    # Dataset.dict rebuilds every row's dict on each access: read it once, not once per row.
    rows = dataset.dict
    resource = OperatorResource(user)
    context = _ImportContext(user, rows)
    resource.context = context
    reports = []
    for index, values in enumerate(rows):
        action, errors = resource.check_row(dict(values), context, index)
        report = RowReport(
            number=index + 2,
            action=action,
            uscc=uscc_module.normalise(values.get(COL_USCC) or ""),
            name=values.get(COL_NAME) or "",
        )
        for attribute, messages in errors.items():
            column = ATTRIBUTE_COLUMN.get(attribute, _("整行"))
            report.errors.extend((column, m) for m in messages)
        if index in duplicates:
            report.errors.append((COL_USCC, duplicates[index]))
        report.warnings.extend((COL_USCC, m) for m in uscc_region_warnings(report.uscc))
        if report.errors:
            report.action = "error"
        reports.append(report)
    report = ImportReport(rows=reports)
    if not dry_run and report.ok:
        _write(user, context.writes)
    report.committed = not dry_run and report.ok
    return report


def _write(user, writes) -> None:
    """Write the accepted rows in bulk, in one transaction: operators, their new accounts,
    a timeline event each, and the audit entries auditlog would have written for each save."""
    now = timezone.now()
    created = [instance for instance, original, _added in writes if original is None]
    updated = [instance for instance, original, _added in writes if original is not None]
    with transaction.atomic():
        # auditlog diffs an update before the save stamps updated_at: so do we.
        entries = _audit_entries([(o, i) for i, o, _added in writes if o is not None])
        Operator.objects.bulk_create(created, batch_size=CHUNK)
        if any(instance.pk is None for instance in created):  # a backend without RETURNING
            pks = {}
            for chunk in _chunks(i.uscc for i in created):
                pks.update(Operator.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
            for instance in created:
                instance.pk = pks[instance.uscc]
        for instance in created:
            instance._state.adding = False
        for instance in updated:
            instance.updated_at = now
        Operator.objects.bulk_update(updated, UPDATE_FIELDS, batch_size=CHUNK)
        accounts = [
            PlatformAccount(operator=instance, platform=platform, handle=handle)
            for instance, _original, added in writes
            for platform, handle in added
        ]
        PlatformAccount.objects.bulk_create(accounts, batch_size=CHUNK)
        actor = user if getattr(user, "is_authenticated", False) else None
        OperatorEvent.objects.bulk_create(
            [
                OperatorEvent(
                    operator=instance,
                    kind="imported",
                    summary=_(IMPORTED_SUMMARY),
                    actor=actor,
                    data={},
                    occurred_at=now,
                )
                for instance, _original, _added in writes
            ],
            batch_size=CHUNK,
        )
        entries += _audit_entries([(None, instance) for instance in created])
        entries += _audit_entries([(None, account) for account in accounts])
        LogEntry.objects.bulk_create(entries, batch_size=CHUNK)


UPDATE_FIELDS = [
    "uscc",
    "name",
    "livestream",
    "group_buying",
    "legal_rep_name",
    "contact_name",
    "contact_phone",
    "area",
    "operating_address",
    "status",
    "updated_at",
]


def _audit_entries(saves) -> list[LogEntry]:
    """The LogEntry rows auditlog's save signals would have written (bulk writes send none):
    its own diff (masked fields and all), actor and remote address from its context."""
    if auditlog_disabled.get():
        return []
    json_changes = getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
    entries = []
    cid = get_cid()
    for old, instance in saves:
        if not auditlog.contains(type(instance)):
            continue
        action = LogEntry.Action.CREATE if old is None else LogEntry.Action.UPDATE
        results = pre_log.send(type(instance), instance=instance, action=action)
        if any(item[1] is False for item in results):
            continue
        changes = model_instance_diff(old, instance, use_json_for_changes=json_changes)
        if not changes:
            continue
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=instance.pk,
            object_id=instance.pk if isinstance(instance.pk, int) else None,
            object_repr=smart_str(instance),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
            action=action,
            changes=changes,
            cid=cid,
        )
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            entry.additional_data = get_additional_data()
        # auditlog's context (the request's actor and address) fills these in on pre_save.
        pre_save.send(LogEntry, instance=entry, raw=False, using="default", update_fields=None)
        entries.append(entry)
    return entries


# --- template and export ----------------------------------------------------------------


def template_workbook() -> bytes:
    """The import template: the headers, drop-downs for kind and area, and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "经营主体"
    sheet.append(TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (22, 30, 18, 12, 12, 16, 16, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    kinds = DataValidation(type="list", formula1='"' + ",".join(KIND_VALUES) + '"')
    kinds.add("C2:C5000")
    sheet.add_data_validation(kinds)
    areas = list(Area.objects.order_by("code").values_list("name", flat=True))
    if areas:
        area_list = DataValidation(type="list", formula1='"' + ",".join(areas) + '"')
        area_list.add("G2:G5000")
        sheet.add_data_validation(area_list)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append([COL_USCC, "18位，按GB 32100-2015校验；已登记的代码将更新原记录"])
    notes.append([COL_KIND, "直播营销 / 社区团购 / 直播营销+社区团购"])
    notes.append([COL_PHONE, "11位手机号码或带区号的固定电话"])
    notes.append([COL_AREA, "、".join(areas)])
    notes.append(
        [
            COL_ACCOUNTS,
            "平台:账号，多个用英文分号;分隔，平台可选：" + "、".join(PLATFORM_NAME.values()),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_rows(user, operators) -> list[list]:
    resource = OperatorResource(user)
    rows = []
    for operator in operators:
        row = [
            operator.uscc,
            operator.name,
            resource.fields["kinds"].export(operator),
            operator.legal_rep_name,
            operator.contact_name,
            masked(user, operator, "contact_phone"),
            operator.area.name,
            operator.operating_address,
            resource.fields["accounts"].export(operator),
            operator.get_status_display(),
            operator.area.station.name,
        ]
        rows.append([neutralise(v) for v in row])
    return rows


def export_dataset(user, operators) -> tablib.Dataset:
    operators = operators.select_related("area__station").prefetch_related("accounts")
    dataset = tablib.Dataset(headers=TEMPLATE_COLUMNS + EXPORT_ONLY_COLUMNS)
    for row in export_rows(user, operators):
        dataset.append(row)
    return dataset


def export_bytes(user, operators, fmt: str) -> bytes:
    dataset = export_dataset(user, operators)
    if fmt == "csv":
        # A byte-order mark so that Excel opens the UTF-8 file with the right encoding.
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
