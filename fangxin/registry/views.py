"""Registry pages: thin views over the services, every lookup through the scoping gate."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core import privacy
from fangxin.core.feedback import run_service
from fangxin.core.permissions import permission, public, require, signed_in
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import XLSX_TYPE, download

from . import forms, importing, services, timeline
from .filters import OperatorFilter
from .masking import mask_phone, masked, may_see_personal_data
from .models import (
    GroupLeader,
    Licence,
    Operator,
    PickupPoint,
    PlatformAccount,
    ProfileChange,
    Studio,
)
from .scopes import areas_for, stations_for
from .validators import uscc_region_warnings

PAGE_SIZE = 50


def _operator_or_404(user, pk: int) -> Operator:
    return get_object_or_404(visible(user, Operator).select_related("area__station"), pk=pk)


def _filtered(request):
    operators = visible(request.user, Operator).select_related("area__station")
    filterset = OperatorFilter(request.GET, queryset=operators)
    filterset.filters["area"].queryset = areas_for(request.user)
    filterset.filters["station"].queryset = stations_for(request.user)
    return filterset


@permission("registry.browse_operators")
def operator_list(request):
    filterset = _filtered(request)
    for bound in filterset.form.fields.values():
        bound.widget.attrs.setdefault("class", "form-select form-select-sm")
    filterset.form.fields["q"].widget.attrs["class"] = "form-control form-control-sm"
    qs = filterset.qs
    if "ordering" not in request.GET:
        qs = qs.order_by("name", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Licence flags for this page's rows only: annotating the whole list made PostgreSQL scan
    # every licence for each page (benchmarks/operator_list.py).
    flagged = Operator.objects.filter(pk__in=[op.pk for op in page]).with_licence_flags(
        timezone.localdate()
    )
    flags = {op.pk: op for op in flagged}
    for op in page:
        for name in ("licence_expired", "licence_expiring", "food_licence_missing"):
            setattr(op, name, getattr(flags[op.pk], name))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/operator_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@permission("registry.export_operator")
def operator_export(request, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    filterset = _filtered(request)
    content = importing.export_bytes(request.user, filterset.qs.order_by("name", "pk"), fmt)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    return download(content, f"operators-{stamp}.{fmt}", content_type)


@permission("registry.browse_operators")
def operator_detail(request, pk: int):
    operator = get_object_or_404(
        visible(request.user, Operator)
        .select_related("area__station")
        .prefetch_related(
            "licences",
            "accounts",
            Prefetch("studios", queryset=Studio.objects.select_related("area")),
            Prefetch("pickup_points", queryset=PickupPoint.objects.select_related("area")),
            Prefetch("group_leaders", queryset=GroupLeader.objects.select_related("pickup_point")),
        ),
        pk=pk,
    )
    user = request.user
    today = timezone.localdate()
    events = operator.events.select_related("actor")[:200]
    can_edit = user.has_perm("registry.edit_operator", operator)
    can_decide = user.has_perm("registry.confirm_operator", operator)
    personal = may_see_personal_data(user, operator)
    is_self_view = user.has_perm("registry.view_own_profile", operator)
    leaders = [
        {"leader": leader, "phone": leader.phone if personal else mask_phone(leader.phone)}
        for leader in operator.group_leaders.all()
    ]
    return render(
        request,
        "registry/operator_detail.html",
        {
            "operator": operator,
            "id_number": masked(user, operator, "legal_rep_id_number"),
            "contact_phone": masked(user, operator, "contact_phone"),
            "licences": [(lic, lic.state_on(today)) for lic in operator.licences.all()],
            "problems": operator.licence_problems(today),
            "events": timeline.linked(user, events),
            "leaders": leaders,
            "pending_changes": operator.changes.filter(status=ProfileChange.Status.PENDING),
            "can_edit": can_edit,
            "can_decide": can_decide,
            "reason_form": forms.ReasonForm(),
            "status_form": forms.StatusForm(),
            "is_self": is_self_view,
            "uscc_warnings": uscc_region_warnings(operator.uscc) if not is_self_view else [],
        },
    )


@signed_in("the operator comes from visible(); the service checks the permission on it")
@require_POST
def operator_reject(request, pk: int):
    operator = _operator_or_404(request.user, pk)
    reason = request.POST.get("reason", "")
    run_service(
        request,
        lambda: services.reject_application(request.user, operator, reason),
        _("已驳回该申请。"),
    )
    return redirect("registry:operator-detail", pk=pk)


@signed_in("the operator comes from visible(); the service checks the permission on it")
@require_POST
def operator_status(request, pk: int):
    operator = _operator_or_404(request.user, pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("registry:operator-detail", pk=pk)
    run_service(
        request,
        lambda: services.change_status(
            request.user, operator, form.cleaned_data["status"], form.cleaned_data["reason"]
        ),
        _("状态已更新。"),
    )
    return redirect("registry:operator-detail", pk=pk)


@signed_in("the operator comes from visible(); the service checks the permission on it")
@require_POST
def operator_resubmit(request, pk: int):
    operator = _operator_or_404(request.user, pk)
    run_service(
        request,
        lambda: services.resubmit_application(request.user, operator),
        _("已重新提交申请，请等待监管所审核。"),
    )
    return redirect("registry:operator-detail", pk=pk)


@signed_in("the operator comes from visible(); the service checks the permission on it")
@require_POST
def change_decide(request, pk: int, change_pk: int):
    operator = _operator_or_404(request.user, pk)
    change = get_object_or_404(operator.changes, pk=change_pk)
    approve = request.POST.get("decision") == "approve"
    run_service(
        request,
        lambda: services.decide_profile_change(
            request.user, change, approve, request.POST.get("reason", "")
        ),
        _("已处理变更申请。"),
    )
    return redirect("registry:operator-detail", pk=pk)


@permission("registry.register_operator")
def operator_create(request):
    form = forms.OperatorForm(request.POST or None, areas=areas_for(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in forms.PROFILE_FIELDS}
        try:
            operator = services.register_operator(request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error("area", str(exc))
        else:
            messages.success(request, _("已登记 %s。") % operator.name)
            for warning in uscc_region_warnings(operator.uscc):
                messages.warning(request, warning)
            return redirect("registry:operator-detail", pk=operator.pk)
    return render(
        request, "registry/operator_form.html", {"form": form, "title": _("登记经营主体")}
    )


@permission("registry.edit_operator")
def operator_edit(request, pk: int):
    operator = _operator_or_404(request.user, pk)
    require(request.user, "registry.edit_operator", operator)
    is_self = not request.user.has_perm("registry.edit_regulated_fields", operator)
    if is_self:
        form_class, kwargs = forms.OperatorSelfForm, {}
    else:
        form_class, kwargs = forms.OperatorForm, {"areas": areas_for(request.user)}
    original = Operator.objects.get(pk=operator.pk)
    form = form_class(request.POST or None, instance=operator, **kwargs)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.Meta.fields}
        # The form wrote into `operator`; the service compares against the stored row.
        try:
            services.update_operator(request.user, original, **changes)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if is_self and original.changes.filter(status=ProfileChange.Status.PENDING).exists():
                messages.info(request, _("名称或统一社会信用代码的变更已提交监管所审核。"))
            messages.success(request, _("资料已保存。"))
            return redirect("registry:operator-detail", pk=pk)
    return render(
        request,
        "registry/operator_form.html",
        {"form": form, "title": _("修改资料：%s") % original.name, "operator": original},
    )


# --- child records (licences, accounts, studios, pickup points, group leaders) ---------------

CHILDREN = {
    "licences": (Licence, forms.LicenceForm, "licences"),
    "accounts": (PlatformAccount, forms.PlatformAccountForm, "accounts"),
    "studios": (Studio, forms.StudioForm, "studios"),
    "pickup-points": (PickupPoint, forms.PickupPointForm, "pickup_points"),
    "group-leaders": (GroupLeader, forms.GroupLeaderForm, "group_leaders"),
}


def _child_setup(request, pk: int, kind: str):
    if kind not in CHILDREN:
        raise Http404
    operator = _operator_or_404(request.user, pk)
    require(request.user, "registry.edit_operator", operator)
    model, form_class, related = CHILDREN[kind]
    return operator, model, form_class, related


def _child_form(form_class, operator, request, instance=None):
    kwargs = {"instance": instance}
    if form_class is forms.GroupLeaderForm:
        kwargs["operator"] = operator
    form = form_class(request.POST or None, **kwargs)
    if "area" in form.fields:
        form.fields["area"].queryset = areas_for(request.user)
    return form


@permission("registry.edit_operator")
def child_edit(request, pk: int, kind: str, child_pk: int | None = None):
    operator, model, form_class, related = _child_setup(request, pk, kind)
    instance = get_object_or_404(getattr(operator, related), pk=child_pk) if child_pk else None
    form = _child_form(form_class, operator, request, instance)
    label = str(model._meta.verbose_name)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.operator = operator
        try:
            services.save_child(request.user, operator, obj, kind_label=label)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存%s。") % label)
            return redirect(reverse("registry:operator-detail", args=[pk]) + f"#{kind}")
    return render(
        request,
        "registry/child_form.html",
        {"form": form, "operator": operator, "label": label, "kind": kind},
    )


@permission("registry.edit_operator")
@require_POST
def child_delete(request, pk: int, kind: str, child_pk: int):
    operator, model, _form_class, related = _child_setup(request, pk, kind)
    instance = get_object_or_404(getattr(operator, related), pk=child_pk)
    label = str(model._meta.verbose_name)
    run_service(
        request,
        lambda: services.delete_child(request.user, operator, instance, kind_label=label),
        _("已删除%s。") % label,
    )
    return redirect(reverse("registry:operator-detail", args=[pk]) + f"#{kind}")


@signed_in("redirects to the user's own operator; a user without one gets a 404")
def my_operator(request):
    """An operator's own profile page (the navigation's "my profile")."""
    if not request.user.operator_id:
        raise Http404
    return redirect("registry:operator-detail", pk=request.user.operator_id)


# --- online application ---------------------------------------------------------------------


@public("the application form for members of the public")
def apply(request):
    """Public page: an operator applies to join the programme and gets its own account."""
    if request.user.is_authenticated and request.user.has_perm("registry.view_own_profile"):
        return redirect("registry:operator-detail", pk=request.user.operator_id)
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operator = services.apply_online(
                username=data["username"],
                password=data["password1"],
                email=data.get("email", ""),
                **{f: data[f] for f in forms.PROFILE_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            user = operator.users.get()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("申请已提交，%(station)s将审核您的申请。")
                % {"station": operator.area.station.name},
            )
            return redirect("registry:operator-detail", pk=operator.pk)
    return render(
        request,
        "registry/apply.html",
        {"form": form, "privacy_notice": privacy.notice("application")},
    )


# --- import ---------------------------------------------------------------------------------

IMPORT_DIR = "imports/operators"


@permission("registry.import_operator")
def import_template(request):
    return download(importing.template_workbook(), "operator-import-template.xlsx")


@permission("registry.import_operator")
def import_upload(request):
    """Upload → dry run. The file is kept in storage under a random key until confirmed."""
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    report = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importing.check_size(upload.size)
            content = upload.read()
            dataset = importing.read_upload(upload.name, content)
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            report = importing.run_import(request.user, dataset, dry_run=True)
            if report.ok:
                token = f"{uuid.uuid4().hex}{_suffix(upload.name)}"
                default_storage.save(
                    f"{IMPORT_DIR}/{request.user.pk}/{token}", ContentFile(content)
                )
    return render(
        request,
        "registry/import.html",
        {"form": form, "report": report, "token": token},
    )


def _suffix(name: str) -> str:
    return ".csv" if name.lower().endswith(".csv") else ".xlsx"


@permission("registry.import_operator")
@require_POST
def import_confirm(request):
    token = request.POST.get("token", "")
    if not token or "/" in token or ".." in token:
        raise Http404
    path = f"{IMPORT_DIR}/{request.user.pk}/{token}"
    if not default_storage.exists(path):
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("registry:import")
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    dataset = importing.read_upload(token, content)
    report = importing.run_import(request.user, dataset, dry_run=False)
    if report.committed:
        default_storage.delete(path)
        messages.success(
            request,
            _("导入完成：新增%(new)d条，更新%(update)d条，未变化%(skip)d条。")
            % {
                "new": report.count("new"),
                "update": report.count("update"),
                "skip": report.count("skip"),
            },
        )
        return redirect("registry:operator-list")
    messages.error(request, _("导入未完成，数据未作任何修改。"))
    return render(
        request, "registry/import.html", {"form": forms.ImportUploadForm(), "report": report}
    )
