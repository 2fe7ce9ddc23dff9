"""An operator's supervision file (监管档案): risk class, watch list, targeted inspections,
samples, conflicts of interest and veto proposals, all on one page for the regulator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.discovery import contributions
from fangxin.core.feedback import report_refusal
from fangxin.core.models import User
from fangxin.core.params import required_date
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.programme.models import Kind, Requirement
from fangxin.registry.models import Operator

from . import services
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


def _handle(request, operator: Operator, action: str) -> None:
    user, post = request.user, request.POST
    today = timezone.localdate()
    if action == "risk":
        services.set_risk_class(user, operator, post.get("risk_class", ""), post.get("reason", ""))
    elif action == "watch":
        ends = post.get("ends_on") or None
        services.add_watch_entry(
            user,
            operator,
            post.get("reason", ""),
            required_date(post.get("starts_on") or today.isoformat(), "starts_on"),
            required_date(ends, "ends_on") if ends else None,
        )
    elif action == "inspect":
        inspectors = list(User.objects.filter(pk__in=post.getlist("inspectors")))
        services.create_inspection(
            user,
            operator,
            source=post.get("source", Inspection.Source.TARGETED),
            inspectors=inspectors,
            planned_on=required_date(post.get("planned_on", ""), "planned_on"),
            requirements=Requirement.objects.filter(pk__in=post.getlist("requirements")),
            free_items=post.get("free_items", "").splitlines(),
            pickup_point=operator.pickup_points.filter(pk=post.get("pickup_point") or None).first(),
        )
    elif action == "sample":
        services.record_sample(
            user,
            operator,
            product=post.get("product", "").strip(),
            place=post.get("place", ""),
            taken_on=required_date(post.get("taken_on", ""), "taken_on"),
            testing_body=post.get("testing_body", "").strip(),
            result=post.get("result", Sample.Result.PENDING),
            failed_items=post.get("failed_items", ""),
            brand=post.get("brand", "").strip(),
            batch=post.get("batch", "").strip(),
            area_code=post.get("area", ""),
            kind=post.get("operator_kind") or None,
        )
    elif action == "veto":
        services.propose_veto(
            user,
            operator,
            post.get("kind", ""),
            post.get("description", ""),
            required_date(post.get("occurred_on", ""), "occurred_on"),
            VetoEvent.Source.STATION,
        )
    elif action == "conflict":
        services.declare_conflict(user, operator, post.get("reason", ""))
    else:
        raise ValidationError(_("未知的操作。"))


@login_required
def operator_file(request, pk: int):
    user = request.user
    if not (user.is_office or user.role in (Role.STATION, Role.INSPECTOR)):
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "conflict":
        # Declaring a conflict is its own decision: any operator he might be drawn for.
        operator = get_object_or_404(Operator, pk=pk)
        if not user.has_perm("supervision.declare_conflict", operator):
            raise PermissionDenied
        try:
            services.declare_conflict(user, operator, request.POST.get("reason", ""))
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
    if request.method == "POST":
        if user.role == Role.INSPECTOR:
            raise PermissionDenied
        try:
            _handle(request, operator, action)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("supervision:operator-file", pk=pk)
    today = timezone.localdate()
    is_regulator = user.is_office or user.role == Role.STATION
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
