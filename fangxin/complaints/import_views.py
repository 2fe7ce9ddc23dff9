"""The office's import of 12315 exports: upload, dry run or commit, and the row report."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission
from fangxin.core.spreadsheets import download

from . import importing


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("12315导出的Excel或CSV文件"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("试运行（不写入）"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


@permission("complaints.import_12315", message=gettext_lazy(importing.IMPORT_REFUSED))
def import_template(request):
    return download(importing.template_workbook(), "12315-import-template.xlsx")


@permission("complaints.import_12315", message=gettext_lazy(importing.IMPORT_REFUSED))
def import_12315(request):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    report = None
    # The report is the page: the outcome (and on commit the new tracking codes) is shown
    # in place rather than after a redirect; posting the same file again skips its rows.
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importing.check_size(upload.size)
            report = importing.import_file(
                request.user,
                upload.name,
                upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            form = ImportForm()  # the next upload starts as a dry run again
    return render(request, "complaints/import.html", {"form": form, "report": report})
