"""Evaluation pages: results and ranking (office), rubrics, an enrolment's ledger, adjustments."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal, run_service
from fangxin.core.permissions import permission, require, signed_in
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.programme.models import Campaign, Enrolment, Kind

from . import forms, presentation, services
from .models import LedgerEntry, Rubric, Score, ScoringClosure


def _campaign(year: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("guide"), year=year)


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


# --- results (office) -----------------------------------------------------------------------


@permission("evaluation.view_results")
def results_current(request):
    campaign = Campaign.current(timezone.localdate()) or Campaign.objects.order_by("-year").first()
    if campaign is None:
        messages.info(request, _("还没有培育年度。"))
        return redirect("programme:campaign-list")
    return redirect("evaluation:results", year=campaign.year)


def _ranking(campaign: Campaign, kind: str):
    rubric_row = services.current_rubric(campaign, kind)
    parsed = rubric_row.parsed()
    scores = list(
        Score.objects.filter(enrolment__campaign=campaign, enrolment__kind=kind)
        .select_related("enrolment__operator", "rubric")
        .order_by("-published", "enrolment__operator__name")
    )
    rows = []
    for rank, score in enumerate(scores, start=1):
        rows.append(
            {
                "rank": rank,
                "score": score,
                "dimensions": [
                    Decimal(score.dimensions.get(d.code, "0")) for d in parsed.dimensions
                ],
                "reasons": presentation.reasons_in_words(score, parsed),
            }
        )
    unscored = (
        Enrolment.objects.filter(campaign=campaign, kind=kind)
        .enrolled()
        .exclude(score__isnull=False)
        .count()
    )
    return {
        "kind": kind,
        "label": str(Kind(kind).label),
        "distribution": _distribution([r["score"].published for r in rows], parsed.threshold),
        "rubric": rubric_row,
        "parsed": parsed,
        "rows": rows,
        "candidates": sum(1 for r in rows if r["score"].candidate),
        "near": [r for r in rows if r["score"].near_miss],
        "unscored": unscored,
    }


BUCKETS = (0, 60, 70, 80, 85, 90, 95)


def _distribution(totals: list[Decimal], threshold: Decimal) -> list[dict]:
    """How many published totals fall in each band (the last band includes 100)."""
    bands = []
    for i, low in enumerate(BUCKETS):
        high = BUCKETS[i + 1] if i + 1 < len(BUCKETS) else None
        count = sum(1 for t in totals if t >= low and (high is None or t < high))
        bands.append(
            {
                "label": f"{low}–{high}" if high is not None else f"{low}–100",
                "count": count,
                "percent": round(100 * count / len(totals)) if totals else 0,
                "passing": low >= threshold,
            }
        )
    return bands


@permission("evaluation.view_results")
def results(request, year: int):
    campaign = _campaign(year)
    wanted = request.GET.get("kind", "")
    kinds = [wanted] if wanted in Kind.values else list(Kind.values)
    show = request.GET.get("show", "")
    rankings = [_ranking(campaign, kind) for kind in kinds]
    if show in {"candidates", "others", "near"}:
        for ranking in rankings:
            ranking["rows"] = [
                r
                for r in ranking["rows"]
                if (show == "candidates" and r["score"].candidate)
                or (show == "others" and not r["score"].candidate)
                or (show == "near" and r["score"].near_miss)
            ]
    return render(
        request,
        "evaluation/results.html",
        {
            "campaign": campaign,
            "rankings": rankings,
            "kind": wanted,
            "show": show,
            "closure": ScoringClosure.objects.filter(campaign=campaign).first(),
        },
    )


@permission("evaluation.view_results")
def results_export(request, year: int):
    campaign = _campaign(year)
    rows = []
    header = None
    for kind in Kind.values:
        ranking = _ranking(campaign, kind)
        if header is None:
            header = [
                _("类型"),
                _("名次"),
                _("经营主体"),
                _("统一社会信用代码"),
                _("总分"),
                *(d.name for d in ranking["parsed"].dimensions),
                _("是否拟授牌"),
                _("差2分以内"),
                _("未达标原因"),
                _("细则版本"),
            ]
        for row in ranking["rows"]:
            score = row["score"]
            operator = score.enrolment.operator
            rows.append(
                [
                    ranking["label"],
                    row["rank"],
                    operator.name,
                    operator.uscc,
                    float(score.published),
                    *(float(v) for v in row["dimensions"]),
                    _("是") if score.candidate else _("否"),
                    _("是") if score.near_miss else _("否"),
                    "；".join(row["reasons"]),
                    score.rubric.version,
                ]
            )
    return xlsx_response(f"evaluation-{year}.xlsx", _("考评结果"), header or [], rows)


@require_POST
@permission("evaluation.recompute")
def recompute(request, year: int):
    campaign = _campaign(year)
    run_service(
        request,
        lambda: services.recompute_campaign(request.user, campaign),
        _("已重新计算本年度全部培育对象的得分。"),
    )
    return redirect("evaluation:results", year=year)


@require_POST
@permission("evaluation.close_scoring")
def close_scoring(request, year: int):
    campaign = _campaign(year)
    run_service(
        request,
        lambda: services.close_scoring(request.user, campaign),
        _("已截止评分，得分已冻结。"),
    )
    return redirect("evaluation:results", year=year)


@permission("evaluation.view_results")
def what_if(request, year: int):
    """Another threshold or other weights on the same ledgers; nothing is saved."""
    campaign = _campaign(year)
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else Kind.LIVESTREAM
    rubric_row = services.current_rubric(campaign, kind)
    parsed = rubric_row.parsed()
    form = forms.WhatIfForm(request.GET or None, rubric=parsed)
    outcome = None
    if form.is_bound and form.is_valid():
        outcome = _what_if(campaign, kind, parsed, form.cleaned_data["threshold"], form.weights())
    return render(
        request,
        "evaluation/what_if.html",
        {
            "campaign": campaign,
            "kind": kind,
            "kinds": Kind.choices,
            "form": form,
            "outcome": outcome,
        },
    )


def _what_if(campaign, kind, parsed, threshold, weights):
    results = services.evaluate_ledgers(campaign, kind, threshold=threshold, weights=weights)
    scores = Score.objects.filter(enrolment_id__in=results).select_related("enrolment__operator")
    rows = []
    for score in scores:
        result = results[score.enrolment_id]
        rows.append(
            {
                "operator": score.enrolment.operator,
                "enrolment": score.enrolment,
                "now": score.published,
                "now_candidate": score.candidate,
                "then": result.published,
                "then_candidate": result.candidate,
                "changed": score.candidate != result.candidate,
            }
        )
    rows.sort(key=lambda r: (-r["then"], r["operator"].name))
    return {
        "rows": rows,
        "now": sum(1 for r in rows if r["now_candidate"]),
        "then": sum(1 for r in rows if r["then_candidate"]),
        "changed": sum(1 for r in rows if r["changed"]),
    }


# --- rubrics ------------------------------------------------------------------------------


@signed_in("a rubric is the programme's published scoring rule, readable by every role")
def rubric_page(request, year: int, kind: str):
    campaign = _campaign(year)
    current = services.current_rubric(campaign, _kind(kind))
    versions = visible(request.user, Rubric).filter(campaign=campaign, kind=kind)
    return render(
        request,
        "evaluation/rubric.html",
        {
            "campaign": campaign,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "rubric": current,
            "parsed": current.parsed(),
            "versions": versions.select_related("created_by"),
            "can_edit": request.user.has_perm("evaluation.edit_rubric"),
        },
    )


@permission("evaluation.edit_rubric")
def rubric_edit(request, year: int, kind: str):
    campaign = _campaign(year)
    current = services.current_rubric(campaign, _kind(kind))
    form = forms.RubricForm(request.POST or None, initial={"text": current.text})
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_rubric(
                request.user,
                campaign,
                kind,
                form.cleaned_data["text"],
                form.cleaned_data["note"],
            )
        except ValidationError as exc:
            problems = exc.messages  # the text posted stays in the form
        except PermissionDenied as exc:
            report_refusal(request, exc)
        else:
            messages.success(
                request, _("已保存为第 %(version)s 版考评细则。") % {"version": saved.version}
            )
            return redirect("evaluation:rubric", year=year, kind=kind)
    return render(
        request,
        "evaluation/rubric_edit.html",
        {
            "campaign": campaign,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "rubric": current,
            "form": form,
            "problems": problems,
        },
    )


# --- ledgers --------------------------------------------------------------------------------


def _enrolment_for(request, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        visible(request.user, Enrolment).select_related("operator", "campaign"), pk=pk
    )
    require(request.user, "evaluation.view_ledger", enrolment)
    return enrolment


@signed_in("the enrolment comes from visible() and view_ledger is checked on it")
def ledger(request, pk: int):
    enrolment = _enrolment_for(request, pk)
    score = Score.objects.filter(enrolment=enrolment).select_related("rubric").first()
    rubric_row = (
        score.rubric if score else services.current_rubric(enrolment.campaign, enrolment.kind)
    )
    parsed = rubric_row.parsed()
    entries = (
        visible(request.user, LedgerEntry).filter(enrolment=enrolment).select_related("rubric")
    )
    can_adjust = request.user.has_perm("evaluation.adjust")
    return render(
        request,
        "evaluation/ledger.html",
        {
            "enrolment": enrolment,
            "score": score,
            "rubric": rubric_row,
            "dimensions": presentation.criterion_rows(parsed, score),
            "lines": presentation.ledger_lines(request.user, entries, parsed),
            "reasons": presentation.reasons_in_words(score, parsed) if score else [],
            "can_adjust": can_adjust,
            "can_results": request.user.has_perm("evaluation.view_results"),
            "adjust_form": forms.AdjustForm(rubric=parsed) if can_adjust else None,
        },
    )


@require_POST
@permission("evaluation.adjust")
def adjust(request, pk: int):
    enrolment = _enrolment_for(request, pk)
    parsed = services.current_rubric(enrolment.campaign, enrolment.kind).parsed()
    form = forms.AdjustForm(request.POST, rubric=parsed)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("evaluation:ledger", pk=pk)
    dimension, criterion = form.target()
    run_service(
        request,
        lambda: services.adjust(
            request.user,
            enrolment,
            dimension=dimension,
            criterion=criterion,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
        ),
        _("已记录人工调整，得分已重新计算。"),
    )
    return redirect("evaluation:ledger", pk=pk)


@signed_in("an operator's own enrolments, from visible()")
def mine(request):
    enrolments = (
        visible(request.user, Enrolment)
        .filter(operator_id=request.user.operator_id)
        .select_related("campaign")
        .order_by("-campaign__year", "kind")
        if request.user.operator_id
        else Enrolment.objects.none()
    )
    scores = {s.enrolment_id: s for s in Score.objects.filter(enrolment__in=enrolments)}
    rows = [{"enrolment": e, "score": scores.get(e.pk)} for e in enrolments]
    return render(request, "evaluation/mine.html", {"rows": rows})


# --- industry evaluation (the association) ---------------------------------------------------


@permission("evaluation.score_industry")
def industry_current(request):
    campaign = Campaign.current(timezone.localdate()) or Campaign.objects.order_by("-year").first()
    if campaign is None:
        messages.info(request, _("还没有培育年度。"))
        return redirect("home")
    return redirect("evaluation:industry", year=campaign.year)


@permission("evaluation.score_industry")
def industry(request, year: int):
    """The association scores each enrolment (行业评议); a refusal keeps what was typed."""
    campaign = _campaign(year)
    enrolments = list(
        visible(request.user, Enrolment)
        .filter(campaign=campaign)
        .enrolled()
        .select_related("operator")
        .order_by("kind", "operator__name")
    )
    current = dict(
        LedgerEntry.objects.filter(
            enrolment__in=enrolments, source=LedgerEntry.Source.ASSOCIATION
        ).values_list("enrolment_id", "points")
    )
    typed = {}
    if request.method == "POST":
        typed = {
            e.pk: request.POST.get(f"score-{e.pk}", "").strip()
            for e in enrolments
            if request.POST.get(f"score-{e.pk}", "").strip()
        }
        if not typed:
            messages.error(request, _("请至少填写一个评分。"))
        elif run_service(
            request,
            lambda: services.score_industry(request.user, campaign, typed),
            _("已保存 %(n)s 个行业评议分，得分已重新计算。") % {"n": len(typed)},
        ):
            return redirect("evaluation:industry", year=year)
    rows = [
        {"enrolment": e, "current": current.get(e.pk), "typed": typed.get(e.pk, "")}
        for e in enrolments
    ]
    maximum = {}
    for kind in Kind.values:
        target = services.industry_criterion(services.current_rubric(campaign, kind).parsed())
        maximum[kind] = target[1].points if target else None
    for row in rows:
        row["max"] = maximum.get(row["enrolment"].kind)
    return render(
        request,
        "evaluation/industry.html",
        {"campaign": campaign, "rows": rows, "closed": services.is_closed(campaign)},
    )


@permission("evaluation.score_industry")
def industry_template(request, year: int):
    from .industry_import import TEMPLATE_HEADER

    campaign = _campaign(year)
    rows = [
        [e.operator.uscc, e.operator.name, e.get_kind_display(), ""]
        for e in visible(request.user, Enrolment)
        .filter(campaign=campaign)
        .enrolled()
        .select_related("operator")
        .order_by("kind", "operator__name")
    ]
    return xlsx_response(f"industry-{year}.xlsx", _("行业评议"), TEMPLATE_HEADER, rows)


@require_POST
@permission("evaluation.score_industry")
def industry_import(request, year: int):
    """An uploaded sheet of scores: checked only (dry run), or saved all or nothing."""
    from . import industry_import as importing

    campaign = _campaign(year)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的文件。"))
        return redirect("evaluation:industry", year=year)
    reading = importing.read(campaign, upload.read(), upload.name)
    dry_run = bool(request.POST.get("dry_run"))
    if not reading.errors:
        try:
            if dry_run:
                with transaction.atomic():
                    services.score_industry(request.user, campaign, reading.scores)
                    transaction.set_rollback(True)
            else:
                services.score_industry(request.user, campaign, reading.scores)
        except ValidationError as exc:
            reading.errors.extend(exc.messages)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("evaluation:industry", year=year)
    if reading.errors:
        for error in reading.errors:
            messages.error(request, error)
        messages.error(request, _("文件未导入，没有保存任何评分。"))
    elif dry_run:
        messages.success(
            request,
            _("检查通过：%(n)s 行可以导入（未保存）。") % {"n": len(reading.scores)},
        )
    else:
        messages.success(
            request, _("已导入 %(n)s 个行业评议分，得分已重新计算。") % {"n": len(reading.scores)}
        )
    return redirect("evaluation:industry", year=year)
