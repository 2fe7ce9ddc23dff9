"""Titles' pages for the office (notices, objections, award) and the operator (its titles and
certificates)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import run_service
from fangxin.core.permissions import permission, require, signed_in
from fangxin.core.scoping import visible
from fangxin.evaluation import facts as evaluation_facts
from fangxin.programme.models import Campaign, Enrolment, Kind

from . import forms, services
from .models import (
    Notice,
    Objection,
    ObjectionEvidence,
    Reevaluation,
    ReevaluationEvidence,
    Reply,
    Title,
)


def _campaign(request) -> Campaign | None:
    year = request.GET.get("year") or request.POST.get("year")
    if year:
        if not (year.isdigit() and len(year) <= 4):
            raise Http404
        return get_object_or_404(Campaign, year=int(year))
    return Campaign.current(timezone.localdate()) or Campaign.objects.order_by("-year").first()


@permission("titles.publish_notice")
def notices(request):
    campaign = _campaign(request)
    if campaign is None:
        messages.info(request, _("还没有培育年度。"))
        return redirect("programme:campaign-list")
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            correcting = "correct" in request.POST
            corrects = services.current_notice(campaign, kind) if correcting else None
            if run_service(
                request,
                lambda: services.publish_notice(
                    request.user,
                    campaign,
                    kind,
                    working_days=form.cleaned_data["working_days"],
                    corrects=corrects,
                    note=form.cleaned_data["note"],
                ),
                _("公示已发布。"),
            ):
                return redirect(f"{request.path}?year={campaign.year}")
        else:
            messages.error(request, _("请检查填写的内容。"))
    kinds = []
    for kind, label in Kind.choices:
        kinds.append(
            {
                "kind": kind,
                "label": label,
                "candidates": len(evaluation_facts.candidates(campaign.pk, kind)),
                "notice": services.current_notice(campaign, kind),
            }
        )
    return render(
        request,
        "titles/notices.html",
        {
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-year"),
            "closed": evaluation_facts.scoring_closed(campaign.pk),
            # Said before the notice is even published: the award at its end will need it.
            "base_url_refusal": services.base_url_refusal(),
            "kinds": kinds,
            "notices": Notice.objects.filter(campaign=campaign).select_related("corrects"),
            "form": form,
        },
    )


@permission("titles.publish_notice")
def notice(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("campaign", "corrects"), pk=pk)
    objections = []
    if request.user.has_perm("titles.view_objections"):
        reveal = request.GET.get("reveal", "")
        rows = (
            Objection.objects.filter(candidate__notice=notice)
            .select_related("candidate")
            .prefetch_related("evidence")
        )
        for row in rows:
            # Masked unless the office asks for one objector; each revealed view is logged.
            row.objector = services.objector(request.user, row, reveal=reveal == str(row.pk))
            objections.append(row)
    return render(
        request,
        "titles/notice.html",
        {
            "notice": notice,
            "candidates": notice.candidates.all(),
            "objections": objections,
            "titles": Title.objects.filter(candidate__notice=notice),
            "award_refusal": services.award_refusal(notice, timezone.localdate()),
            # Told before the work, not after it: the award button stays disabled meanwhile.
            "base_url_refusal": services.base_url_refusal(),
            "superseded": notice.corrections.first(),
        },
    )


@require_POST
@permission("titles.award")
def award(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk)
    run_service(
        request,
        lambda: services.award(request.user, notice),
        _("称号已授予，证书编号已生成。"),
    )
    return redirect("titles:notice", pk=pk)


@require_POST
@permission("titles.resolve_objection")
def resolve_objection(request, pk: int):
    objection = get_object_or_404(Objection.objects.select_related("candidate"), pk=pk)
    form = forms.ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择处理结果并填写处理理由。"))
    else:
        run_service(
            request,
            lambda: services.resolve_objection(
                request.user,
                objection,
                form.cleaned_data["decision"] == "upheld",
                form.cleaned_data["reason"],
            ),
            _("异议已处理。"),
        )
    return redirect("titles:notice", pk=objection.candidate.notice_id)


@permission("titles.view_titles")
def register(request):
    titles = Title.objects.select_related("veto_event").order_by("-year", "certificate_no")
    status = request.GET.get("status", "")
    if status in Title.Status.values:
        titles = titles.filter(status=status)
    return render(
        request,
        "titles/register.html",
        {"titles": titles, "status": status, "statuses": Title.Status.choices},
    )


@require_POST
@permission("titles.reinstate")
def reinstate(request, pk: int):
    title = get_object_or_404(Title, pk=pk)
    run_service(
        request,
        lambda: services.reinstate(request.user, title, request.POST.get("reason", "")),
        _("称号已恢复。"),
    )
    return redirect("titles:register")


@signed_in("the titles come from visible(): an operator sees its own")
def mine(request):
    titles = visible(request.user, Title).order_by("-year", "kind")
    return render(request, "titles/mine.html", {"titles": titles})


def _certificate(request, no: str) -> tuple[Title, dict]:
    title = get_object_or_404(visible(request.user, Title), certificate_no=no)
    require(request.user, "titles.view_certificate", title)
    path = f"/public/titles/{title.certificate_no}/"
    # A printed certificate lasts: the configured public address, else this request's.
    base = services.public_base_url()
    verify_url = f"{base}{path}" if base else request.build_absolute_uri(path)
    return title, {"title": title, "verify_url": verify_url, "verify_qr": verify_qr(verify_url)}


def verify_qr(url: str) -> str:
    """The verification address as an inline SVG QR code (segno; medium error correction
    survives a worn print). The SVG holds only paths drawn from the code, no text of the URL."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=3, svgclass="qr", lineclass=None)


@signed_in("the view checks titles.view_certificate on the title itself")
def certificate(request, no: str):
    _title, context = _certificate(request, no)
    return render(request, "titles/certificate.html", context)


@signed_in("the view checks titles.view_certificate on the title itself")
def certificate_pdf(request, no: str):
    """The certificate as an A4 landscape PDF (WeasyPrint, the CJK font embedded)."""
    from weasyprint import HTML

    title, context = _certificate(request, no)
    css = Path(finders.find("titles/certificate.css")).read_text(encoding="utf-8")
    html = render_to_string(
        "titles/certificate.html", {**context, "pdf": True, "css": css}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{title.certificate_no}.pdf"'
    return response


@permission("titles.view_objections")
def objection_evidence(request, pk: int):
    """An objector's file: the office only."""
    evidence = get_object_or_404(ObjectionEvidence, pk=pk)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="objection-evidence-{evidence.pk}"'
    return response


# -- the operator's reply and re-evaluation; the office's decisions -------------------------


def _own_enrolments(user):
    """The operator's enrolments (visible() gives its own), newest campaign first."""
    return visible(user, Enrolment).select_related("campaign").order_by("-campaign__year", "kind")


def _enrolment_label(enrolment) -> str:
    return f"{enrolment.campaign.year} {enrolment.get_kind_display()}"


@permission("titles.reply")
def replies_mine(request):
    """The operator writes a reply beside its result or its title and follows its review."""
    enrolments = {str(e.pk): e for e in _own_enrolments(request.user)}
    titles = {str(t.pk): t for t in visible(request.user, Title).select_related("candidate")}
    targets = [(f"e{pk}", _("评价结果：%s") % _enrolment_label(e)) for pk, e in enrolments.items()]
    targets += [
        (
            f"t{pk}",
            _("称号：%(no)s（%(status)s）")
            % {"no": t.certificate_no, "status": t.get_status_display()},
        )
        for pk, t in titles.items()
    ]
    form = forms.ReplyForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        title = titles.get(target[1:]) if target.startswith("t") else None
        enrolment = (
            _own_enrolments(request.user).filter(pk=title.candidate.enrolment_id).first()
            if title
            else enrolments.get(target[1:])
        )
        if enrolment is None:
            messages.error(request, _("请选择申辩对象。"))
        elif run_service(
            request,
            lambda: services.reply(request.user, enrolment, form.cleaned_data["text"], title=title),
            _("申辩已提交，经领导小组办公室审核后在证书核验页公开。"),
        ):
            return redirect("titles:my-replies")
    rows = visible(request.user, Reply).select_related("title", "enrolment__campaign")
    return render(request, "titles/replies_mine.html", {"form": form, "replies": rows})


@permission("titles.decide_reply")
def replies(request):
    rows = Reply.objects.select_related("operator", "title", "enrolment__campaign")
    status = request.GET.get("status", Reply.Status.PENDING)
    if status in Reply.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "titles/replies.html",
        {"replies": rows, "status": status, "statuses": Reply.Status.choices},
    )


@require_POST
@permission("titles.decide_reply")
def decide_reply(request, pk: int):
    row = get_object_or_404(Reply, pk=pk)
    form = forms.ReplyDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结果。"))
    else:
        run_service(
            request,
            lambda: services.decide_reply(
                request.user,
                row,
                form.cleaned_data["decision"] == "approve",
                form.cleaned_data["reason"],
            ),
            _("申辩已审核。"),
        )
    return redirect("titles:replies")


@permission("titles.request_reevaluation")
def reevaluation_mine(request):
    """The operator asks for a re-evaluation (once per campaign) and follows it."""
    enrolments = {str(e.pk): e for e in _own_enrolments(request.user)}
    first = next(iter(enrolments.values()), None)
    chosen = enrolments.get(request.POST.get("enrolment", ""), first)
    dims = services.dimensions(chosen) if chosen else []
    form = forms.ReevaluationForm(
        request.POST or None,
        enrolments=[(pk, _enrolment_label(e)) for pk, e in enrolments.items()],
        dimensions=dims,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: services.request_reevaluation(
                request.user,
                chosen,
                dimension=form.cleaned_data["dimension"],
                text=form.cleaned_data["text"],
                evidence=request.FILES.getlist("evidence"),
            ),
            _("复核申请已提交，领导小组办公室将在办结期限内作出决定。"),
        )
    ):
        return redirect("titles:my-reevaluation")
    rows = visible(request.user, Reevaluation).select_related("campaign", "enrolment")
    return render(
        request,
        "titles/reevaluation_mine.html",
        {"form": form, "reevaluations": rows, "days": services.reevaluation_working_days()},
    )


@permission("titles.decide_reevaluation")
def reevaluations(request):
    rows = Reevaluation.objects.select_related("operator", "campaign", "enrolment")
    return render(
        request,
        "titles/reevaluations.html",
        {"reevaluations": rows, "today": timezone.localdate()},
    )


@permission("titles.decide_reevaluation")
def reevaluation(request, pk: int):
    row = get_object_or_404(
        Reevaluation.objects.select_related("operator", "campaign", "enrolment__campaign"), pk=pk
    )
    criteria = services.criteria(row.enrolment, row.dimension)
    form = forms.ReevaluationDecisionForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.decide_reevaluation(
                request.user,
                row,
                grant=data["decision"] == "grant",
                reason=data["reason"],
                criterion=data["criterion"],
                points=data["points"] or 0,
            ),
            _("复核决定已记入计分明细。"),
        ):
            return redirect("titles:reevaluation", pk=pk)
    return render(
        request,
        "titles/reevaluation.html",
        {
            "row": row,
            "form": form,
            "dimension": dict(services.dimensions(row.enrolment)).get(row.dimension, row.dimension),
            "today": timezone.localdate(),
        },
    )


@signed_in("served only when visible(): the office any, the operator its own files")
def reevaluation_evidence(request, pk: int):
    evidence = get_object_or_404(visible(request.user, ReevaluationEvidence), pk=pk)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="reevaluation-evidence-{evidence.pk}"'
    return response
