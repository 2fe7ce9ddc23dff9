"""Inspection pages: tasks, recording results with evidence, publication, findings, samples."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.params import required_date
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.programme.models import Kind
from fangxin.registry.masking import mask_phone

from . import services
from .filters import InspectionFilter
from .listing import filtered, page_query
from .models import (
    Contradiction,
    Finding,
    Inspection,
    InspectionItem,
    Measure,
    RectificationOrder,
    SupervisionEvidence,
)

REGULATOR_ROLES = (Role.OFFICE, Role.STATION, Role.INSPECTOR)


def _is_regulator(user) -> bool:
    return user.is_office or user.role in REGULATOR_ROLES


@login_required
def inspection_list(request):
    qs = visible(request.user, Inspection).select_related("operator", "station")
    # The dashboard's cells link here: one station's tasks due by today, or published late.
    qs = filtered(InspectionFilter, request, qs)
    page = Paginator(qs.prefetch_related("inspectors"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/inspection_list.html",
        {
            "page": page,
            "query": page_query(request),
            "status": request.GET.get("status", ""),
            "statuses": Inspection.Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def inspection_detail(request, pk: int):
    user = request.user
    inspection = get_object_or_404(
        visible(user, Inspection).select_related("operator__area__station", "pickup_point"), pk=pk
    )
    items = list(inspection.items.select_related("requirement__area"))
    place = _place(user, inspection)
    can_record = inspection.status in (Inspection.Status.PLANNED, Inspection.Status.RECORDED) and (
        user.is_office
        or (user.role == Role.STATION and user.station_id == inspection.station_id)
        or inspection.inspectors.filter(pk=user.pk).exists()
    )
    if request.method == "POST" and request.POST.get("action") == "partner_finding":
        try:
            services.add_partner_finding(
                user,
                inspection,
                request.POST.get("description", ""),
                request.POST.get("severity", ""),
                area_code=request.POST.get("area", ""),
                kind=request.POST.get("operator_kind") or None,
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已补充问题。"))
        return redirect("supervision:inspection-detail", pk=pk)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        results = {
            item.pk: (
                request.POST.get(f"result-{item.pk}", item.result),
                request.POST.get(f"note-{item.pk}", ""),
            )
            for item in items
        }
        try:
            with transaction.atomic():
                services.record_inspection(
                    user,
                    inspection,
                    inspected_on=required_date(
                        request.POST.get("inspected_on", ""), "inspected_on"
                    ),
                    results=results,
                    conclusion=request.POST.get("conclusion", ""),
                    internal_note=request.POST.get("internal_note", ""),
                    acknowledged_by=request.POST.get("acknowledged_by", ""),
                    # A problem in a free-text item has no area of its own: the inspector
                    # chooses one; and the kind, when the operator does both and nothing says.
                    areas={
                        item.pk: request.POST.get(f"area-{item.pk}", "")
                        for item in items
                        if item.requirement_id is None
                    },
                    kind=request.POST.get("operator_kind") or None,
                )
                for upload in request.FILES.getlist("photos"):
                    services.add_inspection_evidence(user, inspection, upload)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("检查结果已保存。"))
            return redirect("supervision:inspection-detail", pk=pk)
    return render(
        request,
        "supervision/inspection_detail.html",
        {
            "inspection": inspection,
            "items": items,
            "results": InspectionItem.Result.choices,
            "can_record": can_record,
            "can_publish": inspection.status == Inspection.Status.RECORDED
            and (
                user.is_office
                or (user.role == Role.STATION and user.station_id == inspection.station_id)
            ),
            "show_internal": _is_regulator(user),
            "findings": inspection.findings.all(),
            "is_partner": user.role == Role.PARTNER,
            "severities": Finding.Severity.choices,
            "evidence": inspection.evidence.all(),
            "today": timezone.localdate(),
            "place": place,
            "area_choices": services.area_choices(inspection.inspected_on or timezone.localdate()),
            "has_free_items": any(item.requirement_id is None for item in items),
            # Nothing derives the kind of a free-text problem for an operator of both kinds
            # unless the inspection is of a pickup point: the inspector chooses.
            "needs_kind": inspection.operator.livestream
            and inspection.operator.group_buying
            and inspection.pickup_point_id is None,
            "kinds": Kind.choices,
        },
    )


def _place(user, inspection: Inspection) -> dict | None:
    """Where the task is and whom to call: the operator's address, the pickup point or the
    studios, the contacts. For the regulator and the joint departments, not the operator."""
    if not (_is_regulator(user) or user.role == Role.PARTNER):
        return None
    operator = inspection.operator
    unmasked = user.has_perm("supervision.see_task_contacts", inspection)

    def phone(value: str) -> str:
        return value if unmasked else mask_phone(value)

    point = inspection.pickup_point
    return {
        "operator": operator,
        "contact_phone": phone(operator.contact_phone),
        "pickup_point": point,
        "pickup_phone": phone(point.contact_phone) if point else "",
        "studios": [] if point else list(operator.studios.select_related("area")),
        "can_open_file": user.has_perm("supervision.view_operator_file", operator),
    }


@login_required
@require_POST
def inspection_publish(request, pk: int):
    inspection = get_object_or_404(visible(request.user, Inspection), pk=pk)
    try:
        services.publish_inspection(request.user, inspection)
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("检查结果已公示。"))
    return redirect("supervision:inspection-detail", pk=pk)


@login_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(SupervisionEvidence, pk=pk)
    # Evidence is visible to whoever may see the thing it documents.
    parents = [
        (evidence.inspection, Inspection),
        (evidence.finding, Finding),
        (evidence.response.order if evidence.response else None, RectificationOrder),
    ]
    if not any(
        obj is not None and visible(request.user, model).filter(pk=obj.pk).exists()
        for obj, model in parents
    ):
        raise Http404
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}"'
    return response


@login_required
def finding_detail(request, pk: int):
    user = request.user
    finding = get_object_or_404(
        visible(user, Finding).select_related("operator__area__station", "inspection", "area"),
        pk=pk,
    )
    can_act = user.is_office or (
        user.role == Role.STATION and user.station_id == finding.operator.area.station_id
    )
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "measure":
                services.record_measure(
                    user,
                    finding,
                    request.POST.get("kind", ""),
                    required_date(request.POST.get("held_on", ""), "held_on"),
                    request.POST.get("summary", ""),
                )
            elif action == "order":
                days = request.POST.get("working_days") or None
                services.issue_order(
                    user,
                    finding,
                    request.POST.get("requirement", ""),
                    int(days) if days and days.isdigit() else None,
                    number=request.POST.get("number", ""),
                )
            elif action == "case":
                services.open_case(
                    user,
                    finding.operator,
                    request.POST.get("summary", "") or finding.description,
                    timezone.localdate(),
                    finding=finding,
                )
            else:
                raise ValidationError(_("未知的操作。"))
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:finding-detail", pk=pk)
    return render(
        request,
        "supervision/finding_detail.html",
        {
            "finding": finding,
            "can_act": can_act,
            "measures": finding.measures.all(),
            "orders": finding.orders.all(),
            "cases": finding.cases.all() if _is_regulator(user) else [],
            "contradictions": Contradiction.objects.filter(finding=finding).select_related(
                "answer__requirement", "answer__inspection__enrolment__campaign"
            ),
            "measure_kinds": Measure.Kind.choices,
            "today": timezone.localdate(),
        },
    )


def public_inspections(request):
    """Published inspection results (结果公示): operator, date, conclusion; nothing internal."""
    qs = (
        Inspection.objects.filter(status=Inspection.Status.PUBLISHED)
        .select_related("operator", "station")
        .order_by("-published_at")
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(operator__name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "supervision/public_inspections.html", {"page": page, "query": f"q={q}", "q": q}
    )
