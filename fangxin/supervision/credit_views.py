"""The office's credit-list pages: upload with a dry-run preview, confirm, the template, and
the list of listings read so far."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission
from fangxin.core.spreadsheets import download

from . import credit_import
from .credit_forms import CreditConfirmForm, CreditListingFilterForm, CreditUploadForm
from .models import CreditImport, CreditListing

IMPORT_DIR = "imports/credit"
IMPORT = "supervision.import_credit_list"


def _suffix(name: str) -> str:
    return ".csv" if name.lower().endswith(".csv") else ".xlsx"


def _path(user, token: str) -> str:
    return f"{IMPORT_DIR}/{user.pk}/{token}"


@permission(IMPORT)
def credit_template(request):
    return download(credit_import.template_workbook(), "credit-list-template.xlsx")


@permission(IMPORT)
def credit_import_page(request):
    """Upload → dry run. The file is kept in storage under a random key until confirmed."""
    form = CreditUploadForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            credit_import.check_size(upload.size)
            content = upload.read()
            report = credit_import.import_file(
                request.user, upload.name, content, dry_run=True, kind=kind
            )
        except credit_import.ImportFileError as exc:
            form.add_error("file", str(exc))
        except PermissionDenied as exc:
            report_refusal(request, exc)
        else:
            if report.ok:
                token = f"{uuid.uuid4().hex}{_suffix(upload.name)}"
                default_storage.save(_path(request.user, token), ContentFile(content))
    return render(
        request,
        "supervision/credit_import.html",
        {
            "form": form,
            "report": report,
            "token": token,
            "kind": form.cleaned_data.get("kind", "") if form.is_bound and form.is_valid() else "",
            "batches": CreditImport.objects.select_related("imported_by")[:10],
        },
    )


@require_POST
@permission(IMPORT)
def credit_import_confirm(request):
    form = CreditConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("supervision:credit-import")
    token = form.cleaned_data["token"]
    path = _path(request.user, token)
    if not default_storage.exists(path):
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("supervision:credit-import")
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    name = form.cleaned_data["name"] or token
    try:
        upload = credit_import.read_upload(token, content)
        upload.file_name = name
        report = credit_import.run_import(
            request.user, upload, dry_run=False, kind=form.cleaned_data["kind"]
        )
    except credit_import.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:credit-import")
    if report.committed:
        default_storage.delete(path)
        messages.success(request, _("导入完成：%s。") % report.summary())
        return redirect("supervision:credit-list")
    messages.error(request, _("导入未完成，数据未作任何修改。"))
    return render(
        request,
        "supervision/credit_import.html",
        {"form": CreditUploadForm(), "report": report, "batches": CreditImport.objects.all()[:10]},
    )


@permission("supervision.view_credit_listings")
def credit_list(request):
    form = CreditListingFilterForm(request.GET or None)
    qs = CreditListing.objects.select_related("operator", "veto_event", "batch")
    on = timezone.localdate()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        on = data["on"]
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["in_force"] == "yes":
            qs = qs.in_force(on)
        elif data["in_force"] == "no":
            qs = qs.exclude(pk__in=CreditListing.objects.in_force(on).values("pk"))
        if data["q"]:
            qs = qs.filter(
                Q(name__icontains=data["q"])
                | Q(code__icontains=data["q"])
                | Q(operator__name__icontains=data["q"])
            )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for listing in page:
        listing.in_force_on = listing.is_in_force(on)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/credit_list.html",
        {"form": form, "page": page, "on": on, "query": query.urlencode()},
    )
