"""Monitoring material: the list, the upload form, the review queue of one material's hits."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator
from fangxin.supervision.models import Finding
from fangxin.supervision.models.enforcement import VetoKind

from . import formats, forms, services
from .filters import PAGE_ALIASES, HitFilter, MaterialFilter
from .models import Hit, Material

HITS_PER_PAGE = 100
CONTEXT_BEFORE = 20  # formats.scan keeps this many characters before a term as its context


def _collect(errors: dict, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, texts in exc.message_dict.items():
            errors.setdefault("form" if field == "__all__" else field, []).extend(texts)
    else:
        errors.setdefault("form", []).extend(exc.messages)


# --- the list -------------------------------------------------------------------------------


@permission("monitoring.see_material")
def material_list(request):
    user = request.user
    qs = visible(user, Material).select_related("operator", "account")
    # The API's filters; a value that does not parse is left out (and cleared in the form).
    filterset = MaterialFilter(
        MaterialFilter.page_query(request.GET) or None, queryset=qs, request=request
    )
    qs = filterset.qs
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    window = {key: chosen.get(name) for key, name in PAGE_ALIASES.items()}
    filters = {
        "q": (chosen.get("q") or "").strip(),
        **{key: value.isoformat() if value else "" for key, value in window.items()},
        "status": "to_review" if chosen.get("to_review") else chosen.get("status") or "",
    }
    qs = qs.annotate(
        pending=Count("hits", filter=Q(hits__status=Hit.Status.PENDING)),
        confirmed=Count("hits", filter=Q(hits__status=Hit.Status.CONFIRMED)),
    ).order_by("-uploaded_at", "-pk")  # an aggregate drops Meta.ordering
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/material_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "statuses": Material.Status.choices,
            "may_upload": user.has_perm("monitoring.upload_material"),
            "may_see_rules": user.has_perm("monitoring.view_rule_list"),
        },
    )


# --- upload ---------------------------------------------------------------------------------


def _operator_choices(user):
    """The operators ``user`` may hand material in for: what it sees, narrowed as the
    service's permission (a station its area, the office and monitors everyone visible)."""
    return visible(user, Operator).only("pk", "name", "uscc").order_by("name", "pk")


@permission("monitoring.upload_material")
def material_upload(request):
    """Step one (a GET) picks the operator; step two posts the material about it."""
    user = request.user
    operators = _operator_choices(user)
    picked = forms.OperatorForm(request.POST or request.GET, operators=operators)
    operator = picked.cleaned_data["operator"] if picked.is_valid() else None
    errors: dict[str, list[str]] = {}
    form = None
    if request.method == "POST":
        form = forms.UploadForm(request.POST, request.FILES, operators=operators)
        try:
            data = forms.cleaned(form)
            material = services.upload(
                user,
                data["operator"],
                data["file"],
                stream_date=data["stream_date"],
                duration_minutes=data["duration_minutes"],
                account=data["account"],
            )
        except ValidationError as exc:
            _collect(errors, exc)
        except PermissionDenied as exc:
            errors["form"] = [str(exc) or _("您无权执行此操作。")]
        else:
            material.refresh_from_db()
            if material.status == Material.Status.SCANNED:
                messages.success(
                    request,
                    _("已上传并扫描，发现%d处命中，请逐条复核。") % material.hit_count,
                )
            elif material.status == Material.Status.FAILED:
                messages.warning(request, _("已上传，但文件无法读取：%s") % material.error)
            else:
                messages.success(request, _("已上传，正在后台扫描。"))
            return redirect("monitoring:material-detail", pk=material.pk)
    # What the form shows again after a refusal (the posted text, not what it parsed to).
    sent = form.data if form is not None else {}
    values = {
        "account": sent.get("account", ""),
        "stream_date": sent.get("stream_date", "") or timezone.localdate().isoformat(),
        "duration_minutes": sent.get("duration_minutes", "") or "0",
    }
    return render(
        request,
        "monitoring/upload.html",
        {
            "operators": operators,
            "operator": operator,
            "accounts": operator.accounts.all() if operator is not None else [],
            "values": values,
            "errors": errors,
            "accept": ",".join(sorted(s for s in formats.SUFFIXES if s)),
            "today": timezone.localdate(),
        },
    )


# --- one material: the review queue ---------------------------------------------------------


def _split_context(hit: Hit, kind: str) -> tuple[str, str, str]:
    """The context around the term, as three plain strings (escaped by the template).

    A subtitle hit's stored context is the raw file around it, so it can reach into the
    neighbouring cues' numbers and timings; the term's own line is what the streamer said."""
    context, term = hit.context, hit.term
    at = min(hit.start, CONTEXT_BEFORE)
    if not term or context[at : at + len(term)] != term:
        at = context.find(term) if term else -1
    if at < 0:
        return context, "", ""
    before, after = context[:at], context[at + len(term) :]
    if kind == "subtitles":
        before = before.rsplit("\n", 1)[-1]
        after = after.split("\n", 1)[0].rstrip("\r")
    return before, context[at : at + len(term)], after


def _veto_label(code: str) -> str:
    return VetoKind(code).label if code in VetoKind.values else code


def _review(request, material: Material) -> str:
    form = forms.ReviewForm(request.POST, hits=material.hits.all())
    if not form.is_valid() and "hit" in form.errors:
        raise Http404
    data = forms.cleaned(form)
    hit = data["hit"]
    if data["action"] == "confirm":
        services.review(
            request.user, hit, confirm=True, reason=data["reason"], severity=data["severity"]
        )
        hit.refresh_from_db()
        if hit.veto_event_id:
            return _("已确认，已登记为监测发现的问题，并报请办公室认定取消称号情形。")
        return _("已确认，已登记为监测发现的问题。")
    services.review(request.user, hit, confirm=False, reason=data["reason"])
    return _("已排除该命中。")


@permission("monitoring.see_material")
def material_detail(request, pk: int):
    user = request.user
    material = get_object_or_404(
        visible(user, Material).select_related(
            "operator__area__station", "account", "ruleset", "uploaded_by"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            success = _review(request, material)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, success)
        return redirect(request.get_full_path())

    hits = material.hits.all()
    categories = list(
        hits.values("category", "category_name")
        .annotate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(status=Hit.Status.PENDING)),
            confirmed=Count("pk", filter=Q(status=Hit.Status.CONFIRMED)),
            dismissed=Count("pk", filter=Q(status=Hit.Status.DISMISSED)),
        )
        .order_by("category_name")
    )
    filterset = HitFilter(request.GET or None, queryset=hits.select_related("reviewed_by"))
    shown = filterset.qs
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    category, status = chosen.get("category") or "", chosen.get("status") or ""
    shown = shown.order_by("category_name", "start", "pk")
    page = Paginator(shown, HITS_PER_PAGE).get_page(request.GET.get("page"))
    finding_ids = {h.finding_id for h in page if h.finding_id}
    visible_findings = (
        set(visible(user, Finding).filter(pk__in=finding_ids).values_list("pk", flat=True))
        if finding_ids
        else set()
    )
    groups: list[dict] = []
    for hit in page:
        before, term, after = _split_context(hit, material.kind)
        hit.before, hit.term_shown, hit.after = before, term, after
        hit.veto_label = _veto_label(hit.veto) if hit.veto else ""
        hit.finding_visible = hit.finding_id in visible_findings
        if not groups or groups[-1]["category"] != hit.category:
            groups.append({"category": hit.category, "name": hit.category_name, "hits": []})
        groups[-1]["hits"].append(hit)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/material_detail.html",
        {
            "material": material,
            "categories": categories,
            "total": sum(c["total"] for c in categories),
            "pending_total": sum(c["pending"] for c in categories),
            "groups": groups,
            "page": page,
            "query": query.urlencode(),
            "category": category,
            "status": status,
            "hit_statuses": Hit.Status.choices,
            "may_review": user.has_perm("monitoring.review_hit", material),
            "may_rescan": user.has_perm("monitoring.rescan", material),
            "may_see_rules": user.has_perm("monitoring.view_rule_list"),
            "review_severities": Finding.Severity.choices,
        },
    )


@permission("monitoring.see_material")
def material_file(request, pk: int):
    material = get_object_or_404(visible(request.user, Material), pk=pk)
    name = PurePath(material.original_name).name or f"material-{material.pk}"
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name)


@permission("monitoring.rescan", message=gettext_lazy(services.RESCAN_REFUSED))
@require_POST
def material_rescan(request, pk: int):
    user = request.user
    material = get_object_or_404(visible(user, Material), pk=pk)
    services.rescan(user, material)
    material.refresh_from_db()
    if material.status == Material.Status.FAILED:
        messages.warning(request, _("已重新扫描，但文件无法读取：%s") % material.error)
    else:
        messages.success(request, _("已按当前规则重新扫描。"))
    return redirect("monitoring:material-detail", pk=pk)
