"""Rectification orders, cases, veto events, and the supervision dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fangxin.core.feedback import report_refusal
from fangxin.core.params import is_id
from fangxin.core.permissions import permission, signed_in
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.registry.models import Operator

from . import forms, services
from .attribution import operator_kinds
from .filters import CaseFilter, RectificationOrderFilter
from .forms import MeasureOnBasisForm, OrderOnBasisForm
from .listing import filtered, page_query
from .models import Case, Inspection, RectificationOrder, VetoEvent
from .models.enforcement import VetoKind
from .scopes import dashboard_stations

SCOPED = "the rows come from visible()"
ROW_CHECKED = "the row comes from visible(); each action's permission is checked on it"


@signed_in(SCOPED)
def order_list(request):
    today = timezone.localdate()
    qs = visible(request.user, RectificationOrder).select_related("operator", "finding")
    status = request.GET.get("status", "")
    query = request.GET.copy()
    if status == "overdue":
        # 已逾期 is a tab beside the statuses on the page; the vocabulary's ?overdue=true.
        query.pop("status")
        query["overdue"] = "true"
    qs = filtered(RectificationOrderFilter, request, qs, query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/order_list.html",
        {
            "page": page,
            "query": page_query(request),
            "status": status,
            "statuses": RectificationOrder.Status.choices,
            "today": today,
        },
    )


def _act_on_order(request, order: RectificationOrder, action: str, can_verify: bool) -> str:
    """Run the posted action; what to say when it worked."""
    user = request.user
    if action == "answer":
        form = forms.OrderAnswerForm(request.POST, request.FILES)
        if not form.is_valid():
            raise forms.refusal(form)
        services.answer_order(user, order, form.cleaned_data["text"], form.cleaned_data["files"])
        return _("已提交整改回复，等待监管所核查。")
    if action == "verify" and can_verify:
        form = forms.OrderVerifyForm(request.POST)
        if not form.is_valid():
            raise forms.refusal(form)
        accept = form.cleaned_data["decision"]
        services.verify_order(user, order, accept, form.cleaned_data["note"])
        return _("已核查销号。") if accept else _("已退回重新整改。")
    raise PermissionDenied


@signed_in(ROW_CHECKED)
def order_detail(request, pk: int):
    user = request.user
    order = get_object_or_404(
        visible(user, RectificationOrder).select_related("operator__area", "finding", "area"),
        pk=pk,
    )
    can_verify = user.has_perm("supervision.verify_order", order)
    if request.method == "POST":
        try:
            success = _act_on_order(request, order, forms.chosen_action(request.POST), can_verify)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, success)
            return redirect("supervision:order-detail", pk=pk)
    return render(
        request,
        "supervision/order_detail.html",
        {
            "order": order,
            "responses": order.responses.prefetch_related("evidence"),
            "can_answer": order.status in ("issued", "rejected")
            and user.has_perm("supervision.answer_order", order),
            "can_verify": can_verify and order.status == "answered",
            "today": timezone.localdate(),
        },
    )


@permission("supervision.view_cases")
def case_list(request):
    qs = filtered(CaseFilter, request, visible(request.user, Case).select_related("operator"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/case_list.html",
        {"page": page, "query": page_query(request), "today": timezone.localdate()},
    )


# The forms of the case page, by the ``action`` each posts.
CASE_ACTIONS = {
    "extend": forms.ReasonForm,
    "file": forms.ReasonForm,
    "no_case": forms.ReasonForm,
    "suspend": forms.SuspendCaseForm,
    "decide": forms.DecideCaseForm,
}


def _act_on_case(user, case: Case, action: str, data: dict) -> None:
    today = timezone.localdate()
    if action == "extend":
        services.extend_filing(user, case, data["reason"])
    elif action == "file":
        services.decide_filing(user, case, True, today)
    elif action == "no_case":
        services.decide_filing(user, case, False, today, data["reason"])
    elif action == "suspend":
        services.suspend_case(user, case, data["days"], data["reason"])
    else:
        services.decide_case(
            user,
            case,
            decided_on=data["decided_on"],
            penalty=data["penalty"],
            decision_number=data["decision_number"],
            amount=data["amount"],
            veto_kind=data["veto_kind"],
        )


@permission("supervision.view_cases")
def case_detail(request, pk: int):
    user = request.user
    case = get_object_or_404(visible(user, Case).select_related("operator__area"), pk=pk)
    if request.method == "POST":
        action = forms.chosen_action(request.POST)
        try:
            if action not in CASE_ACTIONS:
                raise ValidationError(_("未知的操作。"))
            form = CASE_ACTIONS[action](request.POST)
            if not form.is_valid():
                raise forms.refusal(form)
            _act_on_case(user, case, action, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:case-detail", pk=pk)
    return render(
        request,
        "supervision/case_detail.html",
        {"case": case, "veto_kinds": VetoKind.choices, "today": timezone.localdate()},
    )


@signed_in(ROW_CHECKED)
def veto_list(request):
    user = request.user
    qs = visible(user, VetoEvent).select_related("operator", "case")
    if request.method == "POST":
        form = forms.VetoDecisionForm(request.POST)
        form.is_valid()  # every field is optional text: always valid
        if not is_id(form.cleaned_data["event"]):
            raise Http404
        event = get_object_or_404(qs, pk=form.cleaned_data["event"])
        try:
            # The use case above supervision (titles): a confirmation revokes the title.
            services.take_veto_decision(
                user, event, form.cleaned_data["decision"], form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已认定。"))
        return redirect("supervision:veto-list")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/veto_list.html", {"page": page, "query": ""})


def _dashboard_rows(user, today):
    inspections = visible(user, Inspection)
    orders = visible(user, RectificationOrder)
    cases = visible(user, Case)

    def per_station(qs, path):
        return dict(qs.values_list(path).annotate(n=Count("pk")))

    due = per_station(inspections.filter(status="planned", planned_on__lte=today), "station")
    awaiting = per_station(inspections.filter(status="recorded"), "station")
    late = per_station(inspections.filter(status="recorded", publish_due__lt=today), "station")
    overdue = per_station(
        orders.overdue(on=today),
        "operator__area__station",
    )
    open_cases = per_station(
        cases.open(),
        "operator__area__station",
    )
    stations = dashboard_stations(user)
    return [
        {
            "station": s,
            "due": due.get(s.pk, 0),
            "awaiting": awaiting.get(s.pk, 0),
            "late": late.get(s.pk, 0),
            "overdue": overdue.get(s.pk, 0),
            "open_cases": open_cases.get(s.pk, 0),
        }
        for s in stations
    ]


# Marked for translation here: the dashboard's headers, the chart legend and the export all
# read these labels, and plain strings never reached the English catalogue.
COLUMNS = [
    ("due", gettext_lazy("待检查")),
    ("awaiting", gettext_lazy("结果待公示")),
    ("late", gettext_lazy("超期未公示")),
    ("overdue", gettext_lazy("整改逾期")),
    ("open_cases", gettext_lazy("在办案件")),
]


@permission("supervision.view_dashboard")
def dashboard(request):
    today = timezone.localdate()
    rows = _dashboard_rows(request.user, today)
    chart = {
        "stations": [r["station"].name.replace("市场监督管理所", "所") for r in rows],
        "series": [{"name": str(label), "data": [r[key] for r in rows]} for key, label in COLUMNS],
        "colors": ["#9ec5fe", "#ffc107", "#fd7e14", "#dc3545", "#6f42c1"],
    }
    totals = {key: sum(r[key] for r in rows) for key, _label in COLUMNS}
    return render(
        request,
        "supervision/dashboard.html",
        {
            "rows": rows,
            "columns": [(k, str(v)) for k, v in COLUMNS],
            "chart": chart,
            "totals": totals,
        },
    )


@permission("supervision.view_dashboard")
def dashboard_export(request):
    rows = _dashboard_rows(request.user, timezone.localdate())
    return xlsx_response(
        "supervision.xlsx",
        _("集中治理"),
        [_("监管所")] + [str(label) for _key, label in COLUMNS],
        ([row["station"].name] + [row[key] for key, _l in COLUMNS] for row in rows),
    )


@signed_in(
    "The operator comes from visible(); services.check_order_issuer refuses whoever may not "
    "issue an order to it before the form is shown, and the issuing service checks again."
)
def order_on_basis(request, operator_pk: int):
    """责令整改 on a ground other than a finding (舆情事件, 考评结果, 重点监管, 其他)."""
    user = request.user
    operator = get_object_or_404(visible(user, Operator), pk=operator_pk)
    services.check_order_issuer(user, operator)
    today = timezone.localdate()
    form = OrderOnBasisForm(
        request.POST or None,
        area_choices=services.area_choices(today),
        kinds=operator_kinds(operator.livestream, operator.group_buying),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.issue_order_on_basis(
                user,
                operator,
                data["basis"],
                data["basis_note"],
                data["requirement"],
                data["area"],
                kind=data["kind"] or None,
                working_days=data["working_days"],
                number=data["number"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已下达责令整改通知。"))
            return redirect("supervision:order-detail", pk=order.pk)
    return render(request, "supervision/order_on_basis.html", {"form": form, "operator": operator})


@signed_in(
    "The operator comes from visible(); services.check_order_issuer refuses whoever may not "
    "act on it before the form is shown, and record_measure_on_basis checks again."
)
def measure_on_basis(request, operator_pk: int):
    """约谈 / 行政指导 on a ground other than a finding."""
    user = request.user
    operator = get_object_or_404(visible(user, Operator), pk=operator_pk)
    services.check_order_issuer(user, operator)
    form = MeasureOnBasisForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measure_on_basis(
                user,
                operator,
                data["basis"],
                data["basis_note"],
                data["kind"],
                data["held_on"],
                data["summary"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:operator-file", pk=operator.pk)
    return render(
        request, "supervision/measure_on_basis.html", {"form": form, "operator": operator}
    )
