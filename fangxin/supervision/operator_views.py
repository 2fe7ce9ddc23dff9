"""An operator's supervision file (监管档案): risk class, watch list, targeted inspections,
samples, conflicts of interest and veto proposals, all on one page for the regulator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.discovery import contributions
from fangxin.core.feedback import report_refusal
from fangxin.core.models import User
from fangxin.core.params import is_id
from fangxin.core.permissions import permission
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.programme.models import Kind, Requirement
from fangxin.registry.models import Operator

from . import forms, services
from .attribution import SAMPLE_AREA
from .models import (
    Case,
    Contradiction,
    Finding,
    Inspection,
    Measure,
    RectificationOrder,
    Sample,
    VetoEvent,
    WatchEntry,
)
from .models.enforcement import VetoKind

# The forms of the operator's file, by the ``action`` each posts.
FILE_ACTIONS = {
    "risk": forms.RiskClassForm,
    "watch": forms.WatchEntryForm,
    "inspect": forms.TargetedInspectionForm,
    "sample": forms.SampleForm,
    "veto": forms.VetoProposalForm,
}


def _handle(request, operator: Operator, action: str) -> None:
    if action not in FILE_ACTIONS:
        raise ValidationError(_("未知的操作。"))
    form = FILE_ACTIONS[action](request.POST)
    if not form.is_valid():
        raise forms.refusal(form)
    user, data = request.user, form.cleaned_data
    if action == "risk":
        services.set_risk_class(user, operator, data["risk_class"], data["reason"])
    elif action == "watch":
        services.add_watch_entry(
            user,
            operator,
            data["reason"],
            data["starts_on"] or timezone.localdate(),
            data["ends_on"],
        )
    elif action == "inspect":
        services.create_inspection(
            user,
            operator,
            source=data["source"],
            inspectors=list(User.objects.filter(pk__in=data["inspectors"])),
            planned_on=data["planned_on"],
            requirements=Requirement.objects.filter(pk__in=data["requirements"]),
            free_items=data["free_items"].splitlines(),
            pickup_point=operator.pickup_points.filter(
                pk=data["pickup_point"] if is_id(data["pickup_point"]) else None
            ).first(),
        )
    elif action == "sample":
        services.record_sample(user, operator, **form.sample())
    else:
        services.propose_veto(
            user,
            operator,
            data["kind"],
            data["description"],
            data["occurred_on"],
            VetoEvent.Source.STATION,
        )


@permission("supervision.view_operator_file")
def operator_file(request, pk: int):
    user = request.user
    action = forms.chosen_action(request.POST) if request.method == "POST" else ""
    if action == "conflict":
        # Declaring a conflict is its own decision: any operator he might be drawn for.
        operator = get_object_or_404(Operator, pk=pk)
        if not user.has_perm("supervision.declare_conflict", operator):
            raise PermissionDenied
        form = forms.ReasonForm(request.POST)
        form.is_valid()  # optional text: the service says when the reason is missing
        try:
            services.declare_conflict(user, operator, form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已申报回避。"))
        if user.has_perm("supervision.view_operator_file", operator):
            return redirect("supervision:operator-file", pk=pk)
        return redirect("registry:operator-detail", pk=pk)
    operator = get_object_or_404(Operator.objects.select_related("area__station"), pk=pk)
    if not user.has_perm("supervision.view_operator_file", operator):
        raise Http404
    may_manage = user.has_perm("supervision.manage_operator_file", operator)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            _handle(request, operator, action)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:operator-file", pk=pk)
    today = timezone.localdate()
    is_regulator = may_manage
    context = {
        "operator": operator,
        "today": today,
        "is_regulator": is_regulator,
        "risk_classes": Operator.RiskClass.choices,
        "sources": Inspection.Source.choices,
        "places": Sample.Place.choices,
        "sample_results": Sample.Result.choices,
        # Attribution: the sample's area (product quality unless chosen) and, for an operator
        # of both kinds, which business it concerns when the place does not say.
        "area_choices": services.area_choices(today),
        "sample_area": SAMPLE_AREA,
        "both_kinds": operator.livestream and operator.group_buying,
        "kinds": Kind.choices,
        "veto_kinds": VetoKind.choices,
        # Whoever may open the file may reach the operator: the office, its station, and the
        # inspectors of its tasks (see permissions.opens_operator_file); phones are not masked.
        "pickup_points": operator.pickup_points.all(),
        "studios": operator.studios.all(),
        "licences": operator.licences.all(),
        "inspections": visible(user, Inspection).filter(operator=operator),
    }
    if is_regulator:
        context.update(
            {
                "watch": WatchEntry.objects.filter(operator=operator),
                "inspections": visible(user, Inspection).filter(operator=operator),
                "findings": visible(user, Finding).filter(operator=operator),
                "orders": visible(user, RectificationOrder).filter(operator=operator),
                "measures": visible(user, Measure).filter(operator=operator),
                "samples": visible(user, Sample).filter(operator=operator),
                "cases": visible(user, Case).filter(operator=operator),
                "vetoes": visible(user, VetoEvent).filter(operator=operator),
                "contradictions": Contradiction.objects.filter(operator=operator).select_related(
                    "answer__requirement", "finding"
                ),
                "inspectors": User.objects.filter(role=Role.INSPECTOR, is_active=True)
                .select_related("station")
                .order_by("station__code", "username"),
                "requirements": Requirement.objects.filter(area__guide__campaigns__isnull=False)
                .select_related("area")
                .order_by("-area__guide__version", "area__order", "order")[:60],
            }
        )
        # Apps above supervision (complaints) add their rows to the file without supervision
        # importing them.
        for contribute in contributions("operator_file"):
            context.update(contribute(user, operator))
    return render(request, "supervision/operator_file.html", context)
