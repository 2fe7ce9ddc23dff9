"""Rectification orders, cases, veto events, and the supervision dashboard."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fangxin.core.feedback import report_refusal
from fangxin.core.models import Station
from fangxin.core.params import required_date
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response

from . import services
from .filters import CaseFilter, RectificationOrderFilter
from .listing import filtered, page_query
from .models import Case, Inspection, RectificationOrder, VetoEvent
from .models.enforcement import VetoKind


@login_required
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


@login_required
def order_detail(request, pk: int):
    user = request.user
    order = get_object_or_404(
        visible(user, RectificationOrder).select_related("operator__area", "finding"), pk=pk
    )
    is_operator = user.role == Role.OPERATOR
    can_verify = user.is_office or (
        user.role == Role.STATION and user.station_id == order.operator.area.station_id
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "answer":
                services.answer_order(
                    user, order, request.POST.get("text", ""), request.FILES.getlist("files")
                )
                success = _("已提交整改回复，等待监管所核查。")
            elif request.POST.get("action") == "verify" and can_verify:
                accept = request.POST.get("decision") == "accept"
                services.verify_order(user, order, accept, request.POST.get("note", ""))
                success = _("已核查销号。") if accept else _("已退回重新整改。")
            else:
                raise PermissionDenied
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
            "can_answer": is_operator and order.status in ("issued", "rejected"),
            "can_verify": can_verify and order.status == "answered",
            "today": timezone.localdate(),
        },
    )


def _regulator_only(user) -> None:
    if not (user.is_office or user.role in (Role.STATION, Role.INSPECTOR)):
        raise PermissionDenied


@login_required
def case_list(request):
    _regulator_only(request.user)
    qs = filtered(CaseFilter, request, visible(request.user, Case).select_related("operator"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/case_list.html",
        {"page": page, "query": page_query(request), "today": timezone.localdate()},
    )


@login_required
def case_detail(request, pk: int):
    user = request.user
    _regulator_only(user)
    case = get_object_or_404(visible(user, Case).select_related("operator__area"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "extend":
                services.extend_filing(user, case, request.POST.get("reason", ""))
            elif action == "file":
                services.decide_filing(user, case, True, timezone.localdate())
            elif action == "no_case":
                services.decide_filing(
                    user, case, False, timezone.localdate(), request.POST.get("reason", "")
                )
            elif action == "suspend":
                raw = request.POST.get("days", "")
                if not raw.isdigit():
                    raise ValidationError({"days": _("中止天数应为整数。")})
                services.suspend_case(user, case, int(raw), request.POST.get("reason", ""))
            elif action == "decide":
                raw = request.POST.get("amount", "").strip()
                try:
                    amount = Decimal(raw) if raw else None
                except InvalidOperation as exc:
                    raise ValidationError({"amount": _("罚没金额应为数字。")}) from exc
                services.decide_case(
                    user,
                    case,
                    decided_on=required_date(request.POST.get("decided_on", ""), "decided_on"),
                    penalty=request.POST.get("penalty", ""),
                    decision_number=request.POST.get("decision_number", ""),
                    amount=amount,
                    veto_kind=request.POST.get("veto_kind", ""),
                )
            else:
                raise ValidationError(_("未知的操作。"))
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


@login_required
def veto_list(request):
    user = request.user
    qs = visible(user, VetoEvent).select_related("operator", "case")
    if request.method == "POST":
        event = get_object_or_404(qs, pk=request.POST.get("event"))
        try:
            # The use case above supervision (titles): a confirmation revokes the title.
            services.take_veto_decision(
                user,
                event,
                request.POST.get("decision") == "confirm",
                request.POST.get("reason", ""),
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
    stations = Station.objects.order_by("code")
    if user.role in (Role.STATION, Role.INSPECTOR):
        stations = stations.filter(pk=user.station_id)
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


@login_required
def dashboard(request):
    _regulator_only(request.user)
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


@login_required
def dashboard_export(request):
    _regulator_only(request.user)
    rows = _dashboard_rows(request.user, timezone.localdate())
    return xlsx_response(
        "supervision.xlsx",
        _("集中治理"),
        [_("监管所")] + [str(label) for _key, label in COLUMNS],
        ([row["station"].name] + [row[key] for key, _l in COLUMNS] for row in rows),
    )
