"""The open-data API's manners: what every public read-only endpoint (``/api/v1/public/…``)
adds to an ordinary scoped viewset.

- **Rate limit** for anonymous callers (DRF throttling, ``FANGXIN_PUBLIC_API_RATE``, e.g.
  ``120/minute`` per client address): past it, 429 with ``Retry-After`` in seconds.
- **Conditional GET**: ``ETag`` and ``Last-Modified`` come from the newest changed row of the
  rows asked for (an aggregate, before anything is serialised), so a client that sends
  ``If-None-Match`` / ``If-Modified-Since`` gets a bodiless 304 when nothing changed;
  ``Cache-Control: public, max-age=FANGXIN_OPEN_DATA_MAX_AGE``.
- **CORS** open for reading: ``Access-Control-Allow-Origin: *`` on GET, HEAD and the OPTIONS
  preflight, never anything else (the staff API sends no CORS header at all, so a browser on
  another origin cannot read it). No credentials are ever read here, so ``*`` gives nothing
  away; that is why a small hook does it and django-cors-headers is not needed.
- **Page sizes capped** (``FANGXIN_OPEN_DATA_MAX_PAGE_SIZE``; larger values are cut down).
- **Downloads**: the same rows as CSV (UTF-8 with BOM, for Excel) or XLSX, by ``?format=csv``,
  ``?format=xlsx`` or a ``.csv`` / ``.xlsx`` suffix; every cell neutralised against formula
  injection (``fangxin.core.spreadsheets.neutralise``). A list download is paged too, with
  larger pages (``FANGXIN_OPEN_DATA_DOWNLOAD_MAX``), ``X-Total-Count`` and a ``Link`` to the
  next page.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from openpyxl import Workbook
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from fangxin.core.spreadsheets import XLSX_TYPE, neutralise

from .pagination import PageNumberPagination

DOWNLOAD_FORMATS = ("csv", "xlsx")
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Link, X-Total-Count, Content-Disposition"


class PublicRateThrottle(AnonRateThrottle):
    """Anonymous callers of the open data, per client address. The rate is read on each
    request (``FANGXIN_PUBLIC_API_RATE``), so a deployment or a test sets it in settings."""

    scope = "public"

    def get_rate(self):
        return getattr(settings, "FANGXIN_PUBLIC_API_RATE", "120/minute") or None


# --- downloads -----------------------------------------------------------------------------


def _cell(value):
    """One value as a spreadsheet cell: nested values as JSON text, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def _table(data) -> tuple[list[str], list[list]]:
    """The header and rows of an answer: a list of objects, a page of them, or one object."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    rows = data if isinstance(data, list) else [data or {}]
    header: list[str] = []
    for row in rows:
        for key in row:
            if key not in header:
                header.append(key)
    return header, [[_cell(row.get(key)) for key in header] for row in rows]


def _attachment(renderer_context, extension: str) -> None:
    response = (renderer_context or {}).get("response")
    view = (renderer_context or {}).get("view")
    if response is None or response.status_code >= 400:
        return
    name = getattr(view, "download_name", "") or "fangxin"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        _attachment(renderer_context, self.format)
        header, rows = _table(data)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSXRenderer(renderers.BaseRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        _attachment(renderer_context, self.format)
        header, rows = _table(data)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "data"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def is_download(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", "") in DOWNLOAD_FORMATS


class OpenDataPagination(PageNumberPagination):
    """Pages of at most ``FANGXIN_OPEN_DATA_MAX_PAGE_SIZE`` rows (larger sizes are cut down);
    a download's pages are larger and its rows come bare, with the paging in headers."""

    def get_page_size(self, request):
        download = is_download(request)
        cap = settings.FANGXIN_OPEN_DATA_DOWNLOAD_MAX if download else self.max_page_size_now()
        self.max_page_size = cap
        if download and not request.query_params.get(self.page_size_query_param):
            return cap
        return super().get_page_size(request)

    @staticmethod
    def max_page_size_now() -> int:
        return settings.FANGXIN_OPEN_DATA_MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        if not is_download(self.request):
            return super().get_paginated_response(data)
        response = Response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        if next_link := self.get_next_link():
            response["Link"] = f'<{next_link}>; rel="next"'
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows per page (default {self.page_size}; at most "
                    f"{self.max_page_size_now()}, larger values are cut down; a CSV or XLSX "
                    f"download pages by up to {settings.FANGXIN_OPEN_DATA_DOWNLOAD_MAX})."
                )
                # No "maximum" in the schema: a larger value is cut down, not refused (as the
                # description says), so it is valid input.
                parameter["schema"].pop("maximum", None)
        return parameters


# --- the viewset mixin ---------------------------------------------------------------------


class OpenDataMixin:
    """Put first in a public read-only viewset's bases. The viewset names the columns whose
    newest value says when its rows last changed (``modified_fields``), and may add counts
    that change without a timestamp (``version_counts``: name -> ``Count(...)``)."""

    authentication_classes: list = []
    throttle_classes = [PublicRateThrottle]
    pagination_class = OpenDataPagination
    renderer_classes = [
        renderers.JSONRenderer,
        renderers.BrowsableAPIRenderer,
        CSVRenderer,
        XLSXRenderer,
    ]
    modified_fields: tuple[str, ...] = ()
    version_counts: dict = {}
    download_actions: tuple[str, ...] = ("list", "retrieve")
    download_name = ""

    def get_renderers(self):
        chosen = super().get_renderers()
        if getattr(self, "action", None) not in self.download_actions:
            chosen = [r for r in chosen if r.format not in DOWNLOAD_FORMATS]
        return chosen

    # The validators: computed from the rows before anything is serialised.

    def row_version(self, queryset: QuerySet) -> tuple[datetime | None, str]:
        aggregates = {f"last_{i}": Max(name) for i, name in enumerate(self.modified_fields)}
        aggregates["rows"] = Count("pk", distinct=True)
        aggregates.update(self.version_counts)
        values = queryset.order_by().aggregate(**aggregates)
        stamps = [values[f"last_{i}"] for i in range(len(self.modified_fields))]
        stamps = [s for s in stamps if s is not None]
        token = "|".join(f"{k}={values[k]}" for k in sorted(values))
        return (max(stamps) if stamps else None), token

    def object_version(self, obj) -> tuple[datetime | None, str]:
        stamps = []
        for name in self.modified_fields:
            value = obj
            for part in name.split("__"):
                value = getattr(value, part, None)
                if value is None or hasattr(value, "all"):  # a missing or many-valued path
                    value = None
                    break
            if isinstance(value, datetime):
                stamps.append(value)
        last = max(stamps) if stamps else None
        return last, f"pk={obj.pk}|last={last}|{self.object_extra_version(obj)}"

    def object_extra_version(self, obj) -> str:
        return ""

    def conditional(self, request, version: tuple[datetime | None, str]):
        """Remember the validators for the answer; a 304 when the caller has them already."""
        last, token = version
        renderer = getattr(request, "accepted_renderer", None)
        basis = f"{token}|{request.get_full_path()}|{getattr(renderer, 'format', '')}"
        etag = '"' + hashlib.sha256(basis.encode()).hexdigest()[:32] + '"'
        last_modified = int(last.timestamp()) if last else None
        self._validators = (etag, last_modified)
        return get_conditional_response(
            request._request, etag=etag, last_modified=last_modified, response=None
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if unchanged := self.conditional(request, self.row_version(queryset)):
            return unchanged
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        if unchanged := self.conditional(request, self.object_version(obj)):
            return unchanged
        return Response(self.get_serializer(obj).data)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and is_download(request):
            # An error is the API's JSON error body, not a one-line spreadsheet.
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        validators = getattr(self, "_validators", None)
        ok = response.status_code == 200 or isinstance(response, HttpResponseNotModified)
        if validators and ok:
            etag, last_modified = validators
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            max_age = settings.FANGXIN_OPEN_DATA_MAX_AGE
            response["Cache-Control"] = f"public, max-age={max_age}"
        elif response.status_code >= 400:
            response["Cache-Control"] = "no-store"
        patch_vary_headers(response, ("Accept",))
        return response
