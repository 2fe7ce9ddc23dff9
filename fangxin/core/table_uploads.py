"""The table reader (``core.tables``) as the web app uses it: limits from settings, refusals in
the user's language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from . import tables
from .tables import TableError

__all__ = ["TableError", "describe", "import_limits", "monitoring_limits", "read"]


def import_limits() -> tables.Limits:
    """For the registry and 12315 imports (read in the web request)."""
    return tables.Limits(
        max_bytes=settings.FANGXIN_TABLE_MAX_BYTES,
        max_rows=settings.FANGXIN_TABLE_MAX_ROWS,
        max_cell_chars=settings.FANGXIN_TABLE_MAX_CELL_CHARS,
    )


def monitoring_limits() -> tables.Limits:
    """For product listings handed in as monitoring material (larger, read by the scan)."""
    return tables.Limits(
        max_bytes=settings.FANGXIN_MONITORING_MAX_BYTES,
        max_rows=settings.FANGXIN_MONITORING_MAX_ROWS,
        max_cell_chars=settings.FANGXIN_TABLE_MAX_CELL_CHARS,
    )


def read(data: bytes, name: str, *, formulas: bool = False) -> tables.Table:
    return tables.read(data, name, import_limits(), formulas=formulas)


def describe(exc: TableError) -> str | None:
    """The refusal in the user's language; None for a code this layer does not know."""
    return message(exc.code, exc.params)


def message(code: str, params: dict) -> str | None:
    messages = {
        "xls": _("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后上传。"),
        "type": _("只支持 .xlsx 或 .csv 文件，收到的是“%(suffix)s”。"),
        "empty": _("文件为空。"),
        "too_large": _("文件过大（%(size).1f MB），上限为 %(limit)d MB。"),
        "not_xlsx": _("文件不是有效的 Excel（.xlsx）文件，请用 Excel 打开后另存为 .xlsx。"),
        "damaged": _("无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式。"),
        "members": _("该 Excel 文件内含 %(count)d 个部件，超过 %(limit)d 个的上限，无法读取。"),
        "unzipped_too_large": _(
            "该 Excel 文件解压后有 %(size).1f MB，超过 %(limit)d MB 的上限，请拆分后分批上传。"
        ),
        "ratio": _(
            "该 Excel 文件中的“%(part)s”压缩比异常（约 %(ratio).0f 倍，上限 %(limit)d 倍），"
            "不像正常的表格，已拒绝读取。"
        ),
        "encoding": _("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK（GB18030）编码的 CSV。"),
        "binary": _("文件不是文本格式的 CSV，请用 Excel 另存为 CSV 或 .xlsx。"),
        "csv": _("CSV 文件第%(row)d行格式有误（如引号不配对），请用 Excel 另存为 .xlsx 后上传。"),
        "too_many_rows": _("表格超过 %(limit)d 行（读到第%(row)d行时停止），请拆分后分批上传。"),
        "blank_rows": _("表格中的空行超过 %(limit)d 行（读到第%(row)d行时停止），请删除空行。"),
        "cell_too_long": _(
            "第%(row)d行第%(column)d列（%(letter)s列）有 %(length)d 个字符，"
            "超过每格 %(limit)d 个字符的上限。"
        ),
    }
    template = messages.get(code)
    if template is None:
        return None
    return template % params if "%(" in template else template
