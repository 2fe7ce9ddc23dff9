"""The scanner's refusals in the user's language (the pure modules speak English)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fangxin.core import table_uploads

from .formats import UnreadableInput


def unreadable(exc: UnreadableInput) -> str:
    messages = {
        "empty": _("文件是空的。"),
        "binary": _("这是二进制文件，不是文本（含有空字节）。"),
        "encoding": _("文件既不是 UTF-8 也不是 GB18030 编码的文本。"),
        "too_large": _("文件有 %(size).1f MB，超过 %(limit)d MB 的上限，请按场次拆分。"),
        "type": _("不支持的文件类型：请上传 TXT、SRT、VTT、CSV、XLSX 或 JSON 文件。"),
        "nesting": _("文件嵌套层次过深，无法读取。"),
        "no_cues": _("文件中没有可读取的字幕（缺少有效的时间轴行）。"),
        "no_header": _("表格没有表头行。"),
        "csv": _("CSV 文件无法读取。"),
        "csv_line": _("CSV 文件第%(line)d行无法读取。"),
        "not_xlsx": _("这不是可读取的 Excel 工作簿（.xlsx）。"),
        "json": _("JSON 格式错误（第%(line)d行）。"),
        "json_shape": _("JSON 商品清单应为对象列表（或包含对象列表的对象）。"),
        "too_many_rows": _("超过 %(limit)d 行，请拆分文件。"),
        "no_cells": _("清单中没有文字内容。"),
    }
    template = messages.get(exc.code)
    if template is None:
        # A listing refused by the shared table reader (unzipped size, a cell too long…).
        described = table_uploads.message(exc.code, exc.params)
        return described or _("文件无法读取：%s") % exc
    return template % exc.params if exc.params else template
