"""Checks every evidence upload must pass: allowed type, content matching the extension, size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → (content type, magic bytes at the start of the file)
EVIDENCE_TYPES = {
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".pdf": ("application/pdf", (b"%PDF-",)),
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def check_evidence(upload) -> CheckedUpload:
    """Raise a ValidationError in the user's language unless ``upload`` is a real image or PDF."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _("“%(name)s”的类型不允许，只能上传 JPG、PNG 图片或 PDF 文件。") % {"name": name}
        )
    limit = settings.FANGXIN_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s”过大（%(size).1f MB），上限为 %(limit)d MB。")
            % {"name": name, "size": upload.size / 1048576, "limit": limit // 1048576}
        )
    if upload.size == 0:
        raise ValidationError(_("“%s”是空文件。") % name)
    content_type, magics = EVIDENCE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("“%(name)s”的内容与扩展名%(suffix)s不符，文件可能已损坏或被改名。")
            % {"name": name, "suffix": suffix}
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        name=name, content_type=content_type, size=upload.size, sha256=digest.hexdigest()
    )
