"""Panels' pages: the office forms panels and assigns enrolments; a member scores his
enrolments with the operator's facts beside the form."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import permission, require
from fangxin.core.scoping import visible
from fangxin.programme.models import Campaign, Enrolment

from . import panel_facts, panel_forms, panels, services
from .models import LedgerEntry
from .models_panels import Panel, PanelAssignment, PanelScore


def _campaign(year: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("guide"), year=year)


def _refused(request, exc) -> None:
    report_refusal(request, exc)


# --- the office -----------------------------------------------------------------------------


@permission("evaluation.manage_panels")
def panel_list(request, year: int):
    campaign = _campaign(year)
    enrolments = list(
        Enrolment.objects.filter(campaign=campaign)
        .enrolled()
        .select_related("operator__area")
        .order_by("kind", "operator__name")
    )
    assigned = dict(
        PanelAssignment.objects.filter(enrolment__campaign=campaign).values_list(
            "enrolment_id", "panel_id"
        )
    )
    rows = []
    for panel in Panel.objects.filter(campaign=campaign).select_related("leader"):
        mine = [e for e in enrolments if assigned.get(e.pk) == panel.pk]
        seats = panels.seats(panel, mine)
        scored = set(
            PanelScore.objects.filter(enrolment__in=mine).values_list("enrolment_id", "member_id")
        )
        rows.append(
            {
                "panel": panel,
                "members": list(panel.members.select_related("user")),
                "enrolments": [
                    {
                        "enrolment": e,
                        "seats": seats[e.pk],
                        "left_out": [s for s in seats[e.pk] if s.conflicted],
                        "counting": sum(1 for s in seats[e.pk] if not s.conflicted),
                        "scored": sum(
                            1
                            for s in seats[e.pk]
                            if not s.conflicted and (e.pk, s.user.pk) in scored
                        ),
                    }
                    for e in mine
                ],
                "member_form": panel_forms.MemberForm(prefix=f"m{panel.pk}"),
                "assign_form": panel_forms.AssignForm(
                    prefix=f"a{panel.pk}",
                    enrolments=[e for e in enrolments if e.pk not in assigned],
                ),
            }
        )
    return render(
        request,
        "evaluation/panels.html",
        {
            "campaign": campaign,
            "rows": rows,
            "form": panel_forms.PanelForm(),
            "unassigned": [e for e in enrolments if e.pk not in assigned],
            "closed": services.is_closed(campaign),
        },
    )


@require_POST
@permission("evaluation.manage_panels")
def panel_create(request, year: int):
    campaign = _campaign(year)
    form = panel_forms.PanelForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("evaluation:panels", year=year)
    try:
        panel = panels.create_panel(
            request.user, campaign, form.cleaned_data["name"], form.cleaned_data["leader"]
        )
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已组建考评组“%(name)s”。") % {"name": panel.name})
    return redirect("evaluation:panels", year=year)


def _panel(request, pk: int) -> Panel:
    return get_object_or_404(visible(request.user, Panel).select_related("campaign"), pk=pk)


@require_POST
@permission("evaluation.manage_panels")
def panel_member_add(request, pk: int):
    panel = _panel(request, pk)
    form = panel_forms.MemberForm(request.POST, prefix=f"m{panel.pk}")
    if not form.is_valid():
        messages.error(request, _("请选择考评组成员（评审人员）或协作部门人员。"))
    else:
        try:
            panels.add_member(request.user, panel, form.cleaned_data["user"])
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("已添加成员。"))
    return redirect("evaluation:panels", year=panel.campaign.year)


@require_POST
@permission("evaluation.manage_panels")
def panel_member_remove(request, pk: int, user_id: int):
    panel = _panel(request, pk)
    try:
        panels.remove_member(request.user, panel, user_id)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已移除成员，其评分不再计入。"))
    return redirect("evaluation:panels", year=panel.campaign.year)


@require_POST
@permission("evaluation.manage_panels")
def panel_assign(request, pk: int):
    panel = _panel(request, pk)
    candidates = Enrolment.objects.filter(campaign=panel.campaign).enrolled()
    form = panel_forms.AssignForm(
        request.POST, prefix=f"a{panel.pk}", enrolments=candidates.select_related("operator")
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("evaluation:panels", year=panel.campaign.year)
    try:
        done = panels.assign(request.user, panel, **form.arguments())
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已分配 %(n)s 个培育对象。") % {"n": done.added})
        if done.skipped:
            messages.info(
                request,
                _("以下培育对象已在其他考评组，未改动：%(names)s")
                % {"names": "、".join(done.skipped)},
            )
    return redirect("evaluation:panels", year=panel.campaign.year)


@require_POST
@permission("evaluation.manage_panels")
def panel_unassign(request, pk: int, enrolment_id: int):
    panel = _panel(request, pk)
    try:
        panels.unassign(request.user, panel, enrolment_id)
    except (ValidationError, PermissionDenied) as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已移出该培育对象，其考评组评分不再计入。"))
    return redirect("evaluation:panels", year=panel.campaign.year)


@permission("evaluation.manage_panels")
def panel_scores(request, pk: int):
    """Read only: for each enrolment of the panel, what each member gave each criterion of the
    department dimension (with his comment), who is left out for a declared conflict, and the
    combined figure the ledger holds."""
    panel = _panel(request, pk)
    campaign = panel.campaign
    enrolments = list(
        Enrolment.objects.filter(panel_assignment__panel=panel)
        .select_related("operator")
        .order_by("kind", "operator__name")
    )
    seats = panels.seats(panel, enrolments)
    members = [m.user for m in panel.members.select_related("user")]
    given: dict[tuple[int, int, str, str], PanelScore] = {}
    for score in PanelScore.objects.filter(enrolment__in=enrolments):
        given[score.enrolment_id, score.member_id, score.dimension, score.criterion] = score
    combined: dict[tuple[int, str], LedgerEntry] = {
        (entry.enrolment_id, entry.criterion): entry
        for entry in LedgerEntry.objects.filter(
            enrolment__in=enrolments, source=LedgerEntry.Source.PANEL
        )
    }
    parsed = {}
    for kind in {e.kind for e in enrolments}:
        parsed[kind] = services.current_rubric(campaign, kind).parsed()
    sections = []
    for enrolment in enrolments:
        rubric = parsed[enrolment.kind]
        dimension, criteria = panels.department(rubric)
        left_out = {s.user.pk for s in seats[enrolment.pk] if s.conflicted}
        rows = []
        for criterion in criteria:
            entry = combined.get((enrolment.pk, criterion.code))
            rows.append(
                {
                    "criterion": criterion,
                    "cells": [
                        {
                            "member": member,
                            "conflicted": member.pk in left_out,
                            "score": given.get(
                                (enrolment.pk, member.pk, dimension, criterion.code)
                            ),
                        }
                        for member in members
                    ],
                    "combined": entry.points if entry else None,
                    "trimmed": bool(entry and entry.detail.get("rule") == "trimmed_mean"),
                }
            )
        scored = {
            member_id
            for (enrolment_id, member_id, code, _criterion) in given
            if enrolment_id == enrolment.pk and code == dimension
        }
        sections.append(
            {
                "enrolment": enrolment,
                "rows": rows,
                "left_out": [m for m in members if m.pk in left_out],
                "scored": len((scored & {m.pk for m in members}) - left_out),
                "counting": len(members) - len(left_out),
                "total": (
                    sum((r["combined"] for r in rows if r["combined"] is not None), Decimal(0))
                    if any(r["combined"] is not None for r in rows)
                    else None
                ),
                "complete": all(r["combined"] is not None for r in rows),
            }
        )
    return render(
        request,
        "evaluation/panel_scores.html",
        {"panel": panel, "campaign": campaign, "members": members, "sections": sections},
    )


# --- a member -------------------------------------------------------------------------------


@permission("evaluation.score_as_member")
def my_panels(request):
    """The enrolments of the panels the member sits on; those he declared a conflict with are
    listed as left out."""
    rows = []
    for panel in (
        visible(request.user, Panel).select_related("campaign").order_by("-campaign__year", "name")
    ):
        enrolments = list(
            Enrolment.objects.filter(panel_assignment__panel=panel)
            .select_related("operator")
            .order_by("kind", "operator__name")
        )
        seats = panels.seats(panel, enrolments)
        done = set(
            PanelScore.objects.filter(member=request.user, enrolment__in=enrolments).values_list(
                "enrolment_id", flat=True
            )
        )
        rows.append(
            {
                "panel": panel,
                "enrolments": [
                    {
                        "enrolment": e,
                        "conflicted": any(
                            s.conflicted for s in seats[e.pk] if s.user.pk == request.user.pk
                        ),
                        "scored": e.pk in done,
                    }
                    for e in enrolments
                ],
            }
        )
    return render(request, "evaluation/panel_mine.html", {"rows": rows})


@permission("evaluation.score_as_member")
def sheet(request, pk: int):
    """A member's score sheet for one enrolment, the operator's facts beside it."""
    enrolment = get_object_or_404(
        visible(request.user, Enrolment).select_related("operator", "campaign__guide"), pk=pk
    )
    require(
        request.user,
        "evaluation.score_as_member",
        enrolment,
        message=_("只有该培育对象所在考评组的成员可以评分（已申报回避的成员除外）。"),
    )
    row = services.current_rubric(enrolment.campaign, enrolment.kind)
    parsed = row.parsed()
    dimension, criteria = panels.department(parsed)
    facts = panel_facts.operator_facts(request.user, enrolment, parsed)
    allowed = frozenset(item.key for item in facts)
    saved = {
        s.criterion: s
        for s in PanelScore.objects.filter(
            member=request.user, enrolment=enrolment, dimension=dimension
        )
    }
    typed = {}
    errors: list[str] = []
    if request.method == "POST":
        typed = {
            c.code: panels.Entry(
                request.POST.get(f"points-{c.code}", "").strip(),
                request.POST.get(f"comment-{c.code}", ""),
                tuple(request.POST.getlist(f"evidence-{c.code}")),
            )
            for c in criteria
        }
        try:
            panels.save_sheet(request.user, enrolment, typed, allowed_evidence=allowed)
        except ValidationError as exc:
            errors = exc.messages
        except PermissionDenied as exc:
            _refused(request, exc)
            return redirect("evaluation:my-panels")
        else:
            messages.success(request, _("已保存评分，考评组合成分和总分已重新计算。"))
            return redirect("evaluation:sheet", pk=pk)
    deductions = panel_facts.automatic_deductions(request.user, enrolment, parsed)
    by_area: dict[str, list] = {}
    for line in deductions:
        by_area.setdefault(line.entry.criterion, []).append(line)
    combined = dict(
        LedgerEntry.objects.filter(
            enrolment=enrolment, source=LedgerEntry.Source.PANEL
        ).values_list("criterion", "points")
    )
    rows = []
    for c in criteria:
        mine = saved.get(c.code)
        now = typed.get(c.code)
        rows.append(
            {
                "criterion": c,
                "points": now.points if now else (mine.points if mine else ""),
                "comment": now.comment if now else (mine.comment if mine else ""),
                "evidence": set(now.evidence if now else (mine.evidence if mine else ())),
                "deductions": by_area.get(c.code, []),
                "combined": combined.get(c.code),
            }
        )
    return render(
        request,
        "evaluation/panel_sheet.html",
        {
            "enrolment": enrolment,
            "rubric": row,
            "rows": rows,
            "facts": facts,
            "deductions": deductions,
            "errors": errors,
            "why_not": panels.in_scoring_time(enrolment.campaign),
            "rule": parsed.panel,
        },
    )
