"""Draw plan pages (office and stations) and the public record of every draw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fangxin.core.feedback import run_service
from fangxin.core.models import Area, User
from fangxin.core.permissions import permission, public, signed_in
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator

from . import forms, services, verifier
from .models import Draw, DrawPlan
from .permissions import planning_station

ROW_CHECKED = "the plan comes from visible(); the service checks the action's permission on it"
PUBLIC_RECORD = "the published record of frozen, drawn and cancelled draws"


def _plans_for(user):
    public = visible(None, DrawPlan)
    if not user.is_authenticated:
        return public
    return (public | visible(user, DrawPlan)).distinct()


@signed_in("the caller's own plans (visible()) and the public record")
def plan_list(request):
    plans = _plans_for(request.user).select_related("station", "draw")
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/plan_list.html",
        {
            "page": page,
            "query": "",
            "can_plan": request.user.has_perm("supervision.create_plan"),
        },
    )


@permission("supervision.create_plan")
def plan_create(request):
    user = request.user
    areas = Area.objects.order_by("code")
    station = planning_station(user)
    if station is not None:
        areas = areas.filter(station=station)
    form = forms.DrawPlanForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                user,
                name=data["name"],
                areas=list(data["areas"]),
                pool_filters=form.pool_filters(),
                rules=form.rules(),
                inspector_stations=list(data["inspector_stations"]),
                partner_departments=list(data["partner_departments"]),
                free_items=data["free_items"].splitlines(),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("已创建抽查计划。"))
            return redirect("supervision:plan-detail", pk=plan.pk)
    return render(request, "supervision/plan_form.html", {"form": form})


def _detail_context(request, plan: DrawPlan) -> dict:
    draw = getattr(plan, "draw", None)
    rows = []
    if draw and draw.result:
        names = dict(
            Operator.objects.filter(pk__in=[r["operator"] for r in draw.result]).values_list(
                "pk", "name"
            )
        )
        people = dict(
            (u.pk, u.get_full_name() or u.username)
            for u in User.objects.filter(pk__in={i for r in draw.result for i in r["inspectors"]})
        )
        rows = [
            {
                "operator": names.get(r["operator"], r["operator"]),
                "inspectors": [people.get(i, i) for i in r["inspectors"]],
                "reason": reason_label(r["reason"]),
            }
            for r in draw.result
        ]
    quotas = [
        (cls, f"{value * 100:g}%" if isinstance(value, float) and value < 1 else _("%s家") % value)
        for cls, value in sorted((plan.rules.get("quotas") or {}).items())
    ]
    return {"plan": plan, "draw": draw, "rows": rows, "quotas": quotas}


def reason_label(code: str) -> str:
    """The engine's reason codes (quota:B, key_target, total) in words."""
    if code == "key_target":
        return _("重点监管对象")
    if code.startswith("quota:"):
        return _("%s类按比例抽取") % code.split(":", 1)[1]
    if code == "total":
        return _("按总数抽取")
    return code


@signed_in("the caller's own plans (visible()) and the public record")
def plan_detail(request, pk: int):
    plan = get_object_or_404(_plans_for(request.user).select_related("station", "draw"), pk=pk)
    user = request.user
    context = _detail_context(request, plan)
    context.update(
        {
            "can_freeze": user.has_perm("supervision.freeze_plan", plan),
            "can_run": user.has_perm("supervision.run_draw", plan),
            "can_cancel": user.has_perm("supervision.cancel_plan", plan),
            "run_form": forms.RunDrawForm(),
            "pool_size": services.operator_pool(plan, timezone.localdate()).count()
            if plan.status == DrawPlan.Status.DRAFT
            else None,
        }
    )
    return render(request, "supervision/plan_detail.html", context)


@signed_in(ROW_CHECKED)
@require_POST
def plan_freeze(request, pk: int):
    plan = get_object_or_404(visible(request.user, DrawPlan), pk=pk)
    run_service(
        request, lambda: services.freeze(request.user, plan), _("计划已锁定，承诺值已公布。")
    )
    return redirect("supervision:plan-detail", pk=pk)


@signed_in(ROW_CHECKED)
@require_POST
def plan_run(request, pk: int):
    plan = get_object_or_404(visible(request.user, DrawPlan), pk=pk)
    form = forms.RunDrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写公开随机值及其来源。"))
    else:
        run_service(
            request,
            lambda: services.run_draw(
                request.user,
                plan,
                form.cleaned_data["public_value"],
                form.cleaned_data["public_source"],
            ),
            _("抽取完成，结果已公布。"),
        )
    return redirect("supervision:plan-detail", pk=pk)


@signed_in(ROW_CHECKED)
@require_POST
def plan_cancel(request, pk: int):
    plan = get_object_or_404(visible(request.user, DrawPlan), pk=pk)
    form = forms.ReasonForm(request.POST)
    form.is_valid()  # the reason is optional text here: the service says when it is missing
    run_service(
        request,
        lambda: services.cancel(request.user, plan, form.cleaned_data["reason"]),
        _("计划已取消，记录保留。"),
    )
    return redirect("supervision:plan-detail", pk=pk)


# --- public record -------------------------------------------------------------------------


@public(PUBLIC_RECORD)
def public_draws(request):
    draws = (
        Draw.objects.filter(plan__in=visible(None, DrawPlan))
        .select_related("plan__station")
        .order_by("-frozen_at")
    )
    page = Paginator(draws, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/public_draws.html", {"page": page, "query": ""})


# What a citizen reads for each failed check of the verification (drawing.verify's codes).
VERIFY_PROBLEMS = {
    "bad_pools": gettext_lazy("公布的两库数据无法读取。"),
    "pools_hash_mismatch": gettext_lazy("两库或抽取规则与锁定时公布的不一致。"),
    "commitment_mismatch": gettext_lazy("公布的密钥与锁定时公布的承诺值不符。"),
    "seed_mismatch": gettext_lazy("由密钥和公开随机值算出的随机种子与公布的不同。"),
    "draw_refused": gettext_lazy("按公布的数据无法重新完成抽取。"),
    "result_hash_mismatch": gettext_lazy("重新抽取的结果与公布的抽取结果不一致。"),
}


def verification(draw: Draw) -> dict:
    """The verification in the words a citizen reads: a plan not drawn yet is not a failure."""
    if not draw.is_drawn:
        cancelled = draw.plan.status == DrawPlan.Status.CANCELLED
        return {"state": "cancelled" if cancelled else "not_drawn", "problems": []}
    report = services.verify(draw)
    if report.ok:
        return {"state": "verified", "problems": []}
    problems = [
        VERIFY_PROBLEMS.get(code, problem)
        for code, problem in zip(report.codes, report.problems, strict=True)
    ]
    return {"state": "failed", "problems": problems}


@public(PUBLIC_RECORD)
def public_draw(request, pk: int):
    draw = get_object_or_404(
        Draw.objects.filter(plan__in=visible(None, DrawPlan)).select_related("plan"), pk=pk
    )
    context = _detail_context(request, draw.plan)
    if request.GET.get("verify"):
        context["verification"] = verification(draw)
        if request.htmx:
            # The button asked in place: answer with the result alone, shown beside it.
            response = render(request, "supervision/public_draw_verify.html", context)
            patch_vary_headers(response, ("HX-Request",))
            return response
    response = render(request, "supervision/public_draw.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@public(PUBLIC_RECORD)
def public_draw_data(request, pk: int):
    """Everything needed to recompute the draw independently, as JSON."""
    draw = get_object_or_404(Draw.objects.filter(plan__in=visible(None, DrawPlan)), pk=pk)
    revealed = draw.is_drawn
    return JsonResponse(
        {
            "id": draw.pk,
            "plan": draw.plan.name,
            "algorithm": draw.algorithm,
            "operator_pool": draw.operator_pool,
            "inspector_pool": draw.inspector_pool,
            "rules": draw.rules,
            "pools_hash": draw.pools_hash,
            "commitment": draw.commitment,
            "frozen_at": draw.frozen_at.isoformat(),
            "secret": draw.secret if revealed else None,
            "public_value": draw.public_value or None,
            "public_source": draw.public_source or None,
            "seed": draw.seed or None,
            "result": draw.result,
            "result_hash": draw.result_hash or None,
            "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
            "cancelled_reason": draw.plan.cancelled_reason or None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public("the standalone draw verifier (a Python file, the published algorithm)")
def public_draw_verifier(request):
    """One Python file, standard library only, that recomputes a draw from its data.json."""
    response = HttpResponse(verifier.verifier_source(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{verifier.VERIFIER_NAME}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public(PUBLIC_RECORD)
def public_draw_verify(request, pk: int):
    draw = get_object_or_404(Draw.objects.filter(plan__in=visible(None, DrawPlan)), pk=pk)
    report = services.verify(draw)
    return JsonResponse(
        {
            "id": draw.pk,
            "drawn": draw.is_drawn,
            "ok": report.ok,
            "problems": list(report.problems),
            "codes": list(report.codes),
        }
    )
