"""The red and black list's staff pages (under /oversight/lists/): periods and drafts, a draft
with its entries and the office's edits, approval and publication, the rules, exits, exports.
Thin: each write is one lists_services call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal, run_service
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.registry.models import Operator

from . import list_periods, lists_forms
from . import lists_services as services
from .models.lists import BlackListExit, ListEntry, ListPublication, ListRule


def _publication(request, pk: int) -> ListPublication:
    return get_object_or_404(visible(request.user, ListPublication), pk=pk)


def _entry(request, pk: int, entry_pk: int) -> ListEntry:
    publication = _publication(request, pk)
    return get_object_or_404(services.entries_for(request.user, publication), pk=entry_pk)


def _back(publication) -> object:
    return redirect("oversight:list-detail", publication.pk)


@permission("oversight.view_lists")
def index(request):
    settings_row = services.list_settings()
    today = timezone.localdate()
    year, number = list_periods.previous(
        settings_row.cadence, *list_periods.period_of(settings_row.cadence, today)
    )
    form = lists_forms.DraftForm(request.POST or None, initial={"year": year, "number": number})
    if request.method == "POST":
        if not request.user.has_perm("oversight.draft_lists"):
            messages.error(request, _("只有领导小组办公室可以生成红黑榜。"))
        elif form.is_valid():
            try:
                publication = services.draft_lists(
                    request.user, form.cleaned_data["year"], form.cleaned_data["number"]
                )
            except ValidationError as exc:
                report_refusal(request, exc)
            else:
                messages.success(request, _("红黑榜草稿已生成。"))
                return _back(publication)
        else:
            messages.error(request, _("请检查填写的内容。"))
    publications = visible(request.user, ListPublication).order_by("-period_start", "-pk")
    return render(
        request,
        "oversight/lists/index.html",
        {
            "publications": publications,
            "form": form,
            "settings_row": settings_row,
            "max_number": list_periods.PER_YEAR[settings_row.cadence],
        },
    )


@permission("oversight.view_lists")
def detail(request, pk: int):
    publication = _publication(request, pk)
    entries = list(services.entries_for(request.user, publication))
    office = request.user.has_perm("oversight.edit_lists")
    context = {
        "publication": publication,
        "red": [e for e in entries if e.list_kind == "red" and not e.removed],
        "black": [e for e in entries if e.list_kind == "black" and not e.removed],
        "removed": [e for e in entries if e.removed],
        "edits": publication.edits.select_related("by") if office else (),
        "events": publication.events.select_related("by") if office else (),
        "add_form": lists_forms.EntryAddForm(),
        "reason_form": lists_forms.ReasonForm(),
        "editable": office and publication.status == ListPublication.Status.DRAFT,
    }
    return render(request, "oversight/lists/detail.html", context)


@permission("oversight.draft_lists")
@require_POST
def redraft(request, pk: int):
    publication = _publication(request, pk)
    start = publication.period_start
    cadence = services.list_settings().cadence
    year, number = list_periods.period_of(cadence, start)
    run_service(
        request,
        lambda: services.draft_lists(request.user, year, number),
        _("已重新生成，人工修改已保留。"),
    )
    return _back(publication)


@permission("oversight.edit_lists")
def entry_add(request, pk: int):
    publication = _publication(request, pk)
    form = lists_forms.EntryAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        operator = visible(request.user, Operator).filter(uscc=data["uscc"].upper()).first()
        if operator is None:
            form.add_error("uscc", _("未找到该统一社会信用代码的经营主体。"))
        else:
            try:
                services.add_entry(
                    request.user,
                    publication,
                    operator=operator,
                    list_kind=data["list_kind"],
                    reason=data["reason"],
                    basis=data["basis"],
                    edit_reason=data["edit_reason"],
                    publish_legal_rep=data["publish_legal_rep"],
                )
            except ValidationError as exc:
                report_refusal(request, exc)
            else:
                messages.success(request, _("已添加。"))
                return _back(publication)
    return render(
        request, "oversight/lists/entry_form.html", {"publication": publication, "form": form}
    )


@permission("oversight.edit_lists")
def entry_edit(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    initial = {"reason": entry.reason, "basis": entry.basis, "result": entry.result}
    form = lists_forms.EntryChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_entry(request.user, entry, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return _back(entry.publication)
    return render(
        request,
        "oversight/lists/entry_form.html",
        {"publication": entry.publication, "entry": entry, "form": form},
    )


@permission("oversight.edit_lists")
@require_POST
def entry_remove(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    run_service(
        request,
        lambda: services.remove_entry(request.user, entry, request.POST.get("reason", "")),
        _("已移除。"),
    )
    return _back(entry.publication)


@permission("oversight.edit_lists")
@require_POST
def entry_restore(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    run_service(
        request,
        lambda: services.restore_entry(request.user, entry, request.POST.get("reason", "")),
        _("已恢复。"),
    )
    return _back(entry.publication)


@permission("oversight.approve_lists")
@require_POST
def approve(request, pk: int):
    publication = _publication(request, pk)
    if "return" in request.POST:
        run_service(
            request,
            lambda: services.return_to_draft(
                request.user, publication, request.POST.get("note", "")
            ),
            _("已退回修改。"),
        )
    else:
        run_service(
            request,
            lambda: services.approve(request.user, publication, request.POST.get("note", "")),
            _("已审核通过。"),
        )
    return _back(publication)


@permission("oversight.publish_lists")
@require_POST
def publish(request, pk: int):
    publication = _publication(request, pk)
    run_service(request, lambda: services.publish(request.user, publication), _("红黑榜已发布。"))
    return _back(publication)


@permission("oversight.export_lists")
def export(request, pk: int):
    publication = _publication(request, pk)
    entries = services.entries_for(request.user, publication)
    return xlsx_response(
        f"red-black-list-{publication.period_start:%Y%m%d}.xlsx",
        _("红黑榜"),
        [_(h) for h in services.EXPORT_HEADER],
        services.export_rows(publication, entries),
    )


@permission("oversight.set_list_rules")
def rules(request):
    settings_row = services.list_settings()
    by_code = services.rules()
    if request.method == "POST":
        if "cadence" in request.POST:
            form = lists_forms.SettingsForm(request.POST)
            if form.is_valid():
                run_service(
                    request,
                    lambda: services.update_settings(request.user, **form.cleaned_data),
                    _("已保存。"),
                )
                return redirect("oversight:list-rules")
            messages.error(request, _("请检查填写的内容。"))
        else:
            code = request.POST.get("code", "")
            rule = by_code.get(code)
            form = lists_forms.RuleForm(request.POST, prefix=code)
            if rule is not None and form.is_valid():
                if run_service(
                    request,
                    lambda: services.update_rule(request.user, rule, **form.cleaned_data),
                    _("已保存。"),
                ):
                    return redirect("oversight:list-rules")
            else:
                messages.error(request, _("请检查填写的内容。"))
    rows = [
        {
            "rule": rule,
            "form": lists_forms.RuleForm(
                initial={
                    "enabled": rule.enabled,
                    "legal_basis": rule.legal_basis,
                    "basis_confirmed": rule.basis_confirmed,
                    "publish_legal_rep": rule.publish_legal_rep,
                    "days": rule.days,
                },
                prefix=rule.code,
            ),
        }
        for rule in sorted(by_code.values(), key=lambda r: (r.list_kind, r.code))
    ]
    settings_form = lists_forms.SettingsForm(
        initial={"cadence": settings_row.cadence, "exit_clean_days": settings_row.exit_clean_days}
    )
    return render(
        request,
        "oversight/lists/rules.html",
        {"rows": rows, "settings_form": settings_form, "penalty": ListRule.Code.BLACK_PENALTY},
    )


@permission("oversight.record_list_exit")
def exits(request):
    form = lists_forms.ExitForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        operator = visible(request.user, Operator).filter(uscc=data["uscc"].upper()).first()
        if operator is None:
            form.add_error("uscc", _("未找到该统一社会信用代码的经营主体。"))
        else:
            check = services.exit_check(operator, data["exited_on"])
            recorded = (
                "record" in request.POST
                and check.allowed
                and run_service(
                    request,
                    lambda: services.record_exit(
                        request.user, operator, data["exited_on"], data["reason"]
                    ),
                    _("已记录移出黑榜。"),
                )
            )
            if recorded:
                return redirect("oversight:list-exits")
    rows = visible(request.user, BlackListExit).select_related("entry__publication", "by")
    return render(
        request, "oversight/lists/exits.html", {"form": form, "check": check, "rows": rows}
    )
