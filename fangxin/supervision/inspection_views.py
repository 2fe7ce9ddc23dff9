"""Inspection pages: tasks, recording results with evidence, publication, findings, samples."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import public, signed_in
from fangxin.core.scoping import visible
from fangxin.programme.models import Kind
from fangxin.registry.masking import mask_phone

from . import forms, services
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

SCOPED = "the rows come from visible()"
ROW_CHECKED = "the row comes from visible(); each action's permission is checked on it"


@signed_in(SCOPED)
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


@signed_in(ROW_CHECKED)
def inspection_detail(request, pk: int):
    user = request.user
    inspection = get_object_or_404(
        visible(user, Inspection).select_related("operator__area__station", "pickup_point"), pk=pk
    )
    items = list(inspection.items.select_related("requirement__area"))
    can_record = inspection.status in (
        Inspection.Status.PLANNED,
        Inspection.Status.RECORDED,
    ) and user.has_perm("supervision.record_inspection", inspection)
    if request.method == "POST" and forms.chosen_action(request.POST) == "partner_finding":
        form = forms.PartnerFindingForm(request.POST)
        try:
            if not form.is_valid():
                raise forms.refusal(form)
            services.add_partner_finding(user, inspection, **form.finding())
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已补充问题。"))
        return redirect("supervision:inspection-detail", pk=pk)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = forms.InspectionRecordForm(request.POST, request.FILES, items=items)
        try:
            if not form.is_valid():
                raise forms.refusal(form)
            services.record_inspection(user, inspection, **form.record())
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
            and user.has_perm("supervision.publish_inspection", inspection),
            "show_internal": user.has_perm("supervision.view_internal_note", inspection),
            "findings": inspection.findings.all(),
            "can_add_partner_finding": user.has_perm("supervision.add_partner_finding", inspection),
            "severities": Finding.Severity.choices,
            "evidence": inspection.evidence.all(),
            "today": timezone.localdate(),
            "place": _place(user, inspection),
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
    if not user.has_perm("supervision.view_task_place", inspection):
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


@signed_in(ROW_CHECKED)
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


@signed_in("the file is served only when the row it documents comes from visible()")
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


# The forms of the finding page, by the ``action`` each posts.
FINDING_ACTIONS = {
    "measure": forms.MeasureForm,
    "order": forms.OrderIssueForm,
    "case": forms.OpenCaseForm,
}


def _act_on_finding(user, finding: Finding, action: str, data: dict) -> None:
    if action == "measure":
        services.record_measure(user, finding, data["kind"], data["held_on"], data["summary"])
    elif action == "order":
        services.issue_order(
            user, finding, data["requirement"], data["working_days"], number=data["number"]
        )
    else:
        services.open_case(
            user,
            finding.operator,
            data["summary"] or finding.description,
            timezone.localdate(),
            finding=finding,
        )


@signed_in(ROW_CHECKED)
def finding_detail(request, pk: int):
    user = request.user
    finding = get_object_or_404(
        visible(user, Finding).select_related("operator__area__station", "inspection", "area"),
        pk=pk,
    )
    # Interviews, orders and cases are the same decision on a finding (its jurisdiction).
    can_act = user.has_perm("supervision.issue_order", finding)
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        action = forms.chosen_action(request.POST)
        try:
            if action not in FINDING_ACTIONS:
                raise ValidationError(_("未知的操作。"))
            form = FINDING_ACTIONS[action](request.POST)
            if not form.is_valid():
                raise forms.refusal(form)
            _act_on_finding(user, finding, action, form.cleaned_data)
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
            "cases": finding.cases.all() if user.has_perm("supervision.view_cases") else [],
            "contradictions": Contradiction.objects.filter(finding=finding).select_related(
                "answer__requirement", "answer__inspection__enrolment__campaign"
            ),
            "measure_kinds": Measure.Kind.choices,
            "today": timezone.localdate(),
        },
    )


@public("published inspection results only, nothing internal")
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
