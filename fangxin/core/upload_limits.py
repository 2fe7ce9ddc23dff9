"""Stop reading an upload at its limit, instead of receiving 200 MB and then refusing it.

``LimitedUploadHandler`` runs first among Django's upload handlers: it refuses a multipart
body whose declared length is over the request limit before reading a byte of it, and a file
as soon as more than its limit has arrived. The refusal is ``UploadTooLarge`` (a suspicious
operation, so Django answers it with ``handler400``, which makes it a 413 in the user's
language); the rest of the body is never read (the server closes the connection).

Limits: monitoring material may be larger (``FANGXIN_MONITORING_MAX_MB``) than everything
else (``FANGXIN_MAX_UPLOAD_MB``); a whole request at most ``FANGXIN_MAX_REQUEST_MB``. The proxy
in front should refuse the same (nginx ``client_max_body_size``; see README, Deployment).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

MONITORING_PREFIXES = ("/monitoring/", "/api/v1/monitoring/")


class UploadTooLarge(SuspiciousOperation):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_limit(path: str) -> int:
    """The largest single file accepted at ``path``."""
    if path.startswith(MONITORING_PREFIXES):
        return max(settings.FANGXIN_MONITORING_MAX_BYTES, settings.FANGXIN_MAX_UPLOAD_BYTES)
    return settings.FANGXIN_MAX_UPLOAD_BYTES


def _size(size: int) -> str:
    if size >= 1048576:
        return f"{size / 1048576:.0f} MB"
    return f"{size / 1024:.0f} KB"


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = file_limit(request.path if request is not None else "")
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.FANGXIN_MAX_REQUEST_BYTES:
            raise UploadTooLarge(
                _("上传内容过大（%(size)s），一次最多 %(limit)s。")
                % {
                    "size": _size(content_length),
                    "limit": _size(settings.FANGXIN_MAX_REQUEST_BYTES),
                }
            )
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(
                _("“%(name)s”过大，上限为 %(limit)s。")
                % {"name": self.file_name, "limit": _size(self.limit)}
            )
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file
