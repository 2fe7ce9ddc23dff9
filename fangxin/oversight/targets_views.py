"""Staff pages for the watch list from results, the credit risk classes and credit punishment."""

from __future__ import annotations

import uuid
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fangxin.core.facts import Ref
from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import download, xlsx_response
from fangxin.core.widgets import DateInput
from fangxin.programme.models import Campaign
from fangxin.registry.models import Operator

from . import punishment, risk_classes, targets
from .models import Punishment, ResultWatch

CLASS_CHOICES = [(c, c) for c in "ABCD"]


class RunForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("考评年度"),
        queryset=Campaign.objects.order_by("-year"),
        required=False,
        empty_label=gettext_lazy("全部已截止评分的年度"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


@permission("oversight.view_targets")
def targets_page(request):
    """The watch entries results made, each with its reason, end date and order."""
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = form.cleaned_data["campaign"]
        try:
            outcome = targets.run(
                request.user, campaign.pk if campaign else None, timezone.localdate()
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(
                request,
                _("已新增重点监管对象%(w)d个，下达整改通知%(o)d份。")
                % {"w": outcome.watches, "o": outcome.orders},
            )
            return redirect("oversight:targets")
    rows = visible(request.user, ResultWatch).select_related("operator", "watch_entry", "order")
    rule = request.GET.get("rule", "")
    if rule in ResultWatch.Rule.values:
        rows = rows.filter(rule=rule)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/targets/targets.html",
        {
            "form": form,
            "page": page,
            "rules": ResultWatch.Rule.choices,
            "rule": rule,
            "can_run": request.user.has_perm("oversight.watch_from_results"),
            "today": timezone.localdate(),
        },
    )


# --- risk classes ----------------------------------------------------------------------------


class OverrideForm(forms.Form):
    risk_class = forms.ChoiceField(label=gettext_lazy("风险分类"), choices=CLASS_CHOICES)
    reason = forms.CharField(label=gettext_lazy("调整理由"), max_length=300)


@permission("oversight.view_targets")
def risk_page(request):
    qs = visible(request.user, Operator).exclude(
        status__in=[Operator.Status.APPLIED, Operator.Status.REJECTED]
    )
    chosen = request.GET.get("class", "")
    if chosen in "ABCD" and chosen:
        qs = qs.filter(risk_class=chosen)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(name__icontains=text)
    page = Paginator(qs.select_related("area", "risk_record"), 50).get_page(request.GET.get("page"))
    for operator in page:
        record = getattr(operator, "risk_record", None)
        operator.reason_texts = (
            [risk_classes.reason_text(r) for r in record.reasons] if record else []
        )
    return render(
        request,
        "oversight/targets/risk.html",
        {
            "page": page,
            "chosen": chosen,
            "q": text,
            "classes": "ABCD",
            "can_override": request.user.has_perm("oversight.override_risk_class"),
            "can_import": request.user.has_perm("oversight.import_risk_classes"),
            "form": OverrideForm(),
        },
    )


@require_POST
@permission("oversight.override_risk_class")
def risk_override(request, pk: int):
    operator = get_object_or_404(visible(request.user, Operator), pk=pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("oversight:risk")
    try:
        risk_classes.override(
            request.user, operator, form.cleaned_data["risk_class"], form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已人工调整并锁定%s的风险分类。") % operator.name)
    return redirect("oversight:risk")


@require_POST
@permission("oversight.override_risk_class")
def risk_release(request, pk: int):
    operator = get_object_or_404(visible(request.user, Operator), pk=pk)
    try:
        risk_classes.release(request.user, operator)
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("已解除锁定，%s的风险分类按规则重新计算。") % operator.name)
    return redirect("oversight:risk")


@require_POST
@permission("oversight.recompute_risk_classes")
def risk_recompute(request):
    changed = risk_classes.recompute(timezone.localdate(), user=request.user)
    messages.success(request, _("已重新计算风险分类，%d个经营主体的分类有变化。") % changed)
    return redirect("oversight:risk")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("官方风险分类文件（CSV或XLSX）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )


IMPORT_DIR = "imports/risk-classes"


@permission("oversight.import_risk_classes")
def risk_import(request):
    """Upload → dry run (row errors) → confirm; all or nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        if not token.isalnum():
            raise PermissionDenied
        path = f"{IMPORT_DIR}/{request.user.pk}/{token}"
        if not default_storage.exists(path):
            messages.error(request, _("导入文件已失效，请重新上传。"))
            return redirect("oversight:risk-import")
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        name = request.POST.get("name", "")[:100] or "import.csv"
        try:
            report = risk_classes.import_classes(request.user, name, content, dry_run=False)
        except risk_classes.ImportFileError as exc:
            messages.error(request, str(exc))
            return redirect("oversight:risk-import")
        if report.committed:
            default_storage.delete(path)
            messages.success(request, _("已导入%d个经营主体的官方风险分类。") % len(report.rows))
            return redirect("oversight:risk")
        token = None
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            report = risk_classes.import_classes(request.user, upload.name, content, dry_run=True)
        except risk_classes.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if report.ok:
                token = uuid.uuid4().hex
                default_storage.save(
                    f"{IMPORT_DIR}/{request.user.pk}/{token}", ContentFile(content)
                )
    return render(
        request,
        "oversight/targets/risk_import.html",
        {
            "form": form,
            "report": report,
            "token": token,
            "name": form.cleaned_data["file"].name if token and form.is_valid() else "",
        },
    )


@permission("oversight.import_risk_classes")
def risk_template(request):
    return download(risk_classes.template_csv(), "risk-classes.csv", "text/csv; charset=utf-8")


# --- credit punishment -----------------------------------------------------------------------


class PunishmentForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=gettext_lazy("经营主体"),
        queryset=Operator.objects.none(),
        empty_label=gettext_lazy("请选择经营主体"),
    )
    measure = forms.ChoiceField(label=gettext_lazy("惩戒措施"))
    ground = forms.ChoiceField(label=gettext_lazy("惩戒事由"), choices=Punishment.Ground.choices)
    ground_ref = forms.CharField(
        label=gettext_lazy("事由记录"),
        max_length=120,
        help_text=gettext_lazy("记录类型:编号，例如 supervision.creditlisting:12"),
    )
    ground_note = forms.CharField(label=gettext_lazy("事由说明"), max_length=300)
    starts_on = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("结束日期"), widget=DateInput())

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = visible(user, Operator)
        self.fields["measure"].choices = [(m.code, m.label) for m in punishment.CATALOGUE.values()]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def clean_ground_ref(self):
        value = self.cleaned_data["ground_ref"].strip()
        label, _sep, pk = value.partition(":")
        if not label or not pk.isdigit():
            raise forms.ValidationError(_("请按“记录类型:编号”填写事由记录。"))
        return Ref(label.strip().lower(), int(pk))


@permission("oversight.view_punishments")
def punishments_page(request):
    can_record = request.user.has_perm("oversight.record_punishment")
    form = PunishmentForm(request.user, request.POST or None) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                punishment.record(
                    request.user,
                    data["operator"],
                    data["measure"],
                    data["ground"],
                    data["ground_ref"],
                    data["ground_note"],
                    data["starts_on"],
                    data["ends_on"],
                )
            except ValidationError as exc:
                for field, errors in getattr(
                    exc, "message_dict", {"__all__": exc.messages}
                ).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except PermissionDenied as exc:
                report_refusal(request, exc)
            else:
                messages.success(request, _("已记录失信惩戒措施。"))
                return redirect("oversight:punishments")
    today = timezone.localdate()
    rows = visible(request.user, Punishment).select_related("operator")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.item = punishment.measure(row.measure)
        row.active = row.in_force(today)
    listings = []
    if can_record:
        from fangxin.supervision import facts as supervision_facts

        ids = list(visible(request.user, Operator).values_list("pk", flat=True)[:2000])
        names = dict(Operator.objects.filter(pk__in=ids).values_list("pk", "name"))
        for operator_id, facts in supervision_facts.credit_listings(ids, today).items():
            listings += [(names[operator_id], f) for f in facts]
    return render(
        request,
        "oversight/targets/punishments.html",
        {
            "page": page,
            "form": form,
            "catalogue": punishment.CATALOGUE.values(),
            "listings": listings,
            "can_export": request.user.has_perm("oversight.export_punishments"),
        },
    )


@permission("oversight.export_punishments")
def punishments_export(request):
    on = request.GET.get("on", "")
    qs = visible(request.user, Punishment)
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        day = None
    if day is not None:
        qs = qs.filter(starts_on__lte=day, ends_on__gte=day)
    header, rows = punishment.export_rows(qs)
    return xlsx_response("credit-punishments.xlsx", _("失信惩戒措施"), header, rows)
