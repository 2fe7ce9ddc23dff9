"""Campaign pages: phases, enrolment, the public work guide, training sessions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import report_refusal, run_service
from fangxin.core.permissions import permission, public, signed_in
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator
from fangxin.registry.uscc import normalise as uscc_normalise

from . import forms, services
from .filters import EnrolmentFilter
from .models import Campaign, Enrolment, Kind, Phase, PhaseCode, Training
from .scopes import enrolment_areas


@signed_in("campaigns are public programme documents; visible() gives them")
def campaign_list(request):
    today = timezone.localdate()
    campaigns = list(visible(request.user, Campaign).prefetch_related("phases"))
    for campaign in campaigns:
        campaign.today_phase = campaign.current_phase(today)
    return render(request, "programme/campaign_list.html", {"campaigns": campaigns})


@signed_in("the campaign and enrolments come from visible()")
def campaign_detail(request, year: int):
    campaign = get_object_or_404(visible(request.user, Campaign), year=year)
    today = timezone.localdate()
    enrolments = visible(request.user, Enrolment).filter(campaign=campaign)
    counts = {
        row["kind"]: row["n"]
        for row in enrolments.filter(status=Enrolment.Status.ENROLLED)
        .values("kind")
        .annotate(n=Count("pk"))
    }
    phases = [
        (
            phase,
            forms.PhaseDatesForm(
                initial={"starts_on": phase.starts_on, "ends_on": phase.ends_on}, prefix=phase.code
            ),
            forms.ExtendPhaseForm(prefix=f"x-{phase.code}"),
        )
        for phase in campaign.phases.all()
    ]
    mine = []
    if request.user.has_perm("programme.apply_to_enrol"):
        mine = list(enrolments.filter(operator_id=request.user.operator_id))
    return render(
        request,
        "programme/campaign_detail.html",
        {
            "campaign": campaign,
            "phases": phases,
            "today_phase": campaign.current_phase(today),
            "counts": {str(label): counts.get(kind, 0) for kind, label in Kind.choices},
            "copy_form": forms.CopyCampaignForm(initial={"year": campaign.year + 1}),
            "my_enrolments": mine,
            "kinds": Kind.choices,
            # the roles the progress page serves (the others got a 403 behind the button)
            "sees_progress": request.user.has_perm("selfcheck.view_progress"),
        },
    )


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def campaign_create(request):
    year = request.POST.get("year", "")
    if not year.isdigit():
        messages.error(request, _("请输入年度。"))
        return redirect("programme:campaign-list")
    if run_service(
        request,
        lambda: services.create_campaign(request.user, int(year)),
        _("已创建%s年度培育活动。") % year,
    ):
        return redirect("programme:campaign-detail", year=int(year))
    return redirect("programme:campaign-list")


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def campaign_copy(request, year: int):
    source = get_object_or_404(Campaign, year=year)
    form = forms.CopyCampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请输入有效的年度。"))
        return redirect("programme:campaign-detail", year=year)
    new_year = form.cleaned_data["year"]
    if run_service(
        request,
        lambda: services.copy_campaign(request.user, source, new_year),
        _("已复制为%s年度，工作指南已生成新版本。") % new_year,
    ):
        return redirect("programme:campaign-detail", year=new_year)
    return redirect("programme:campaign-detail", year=year)


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def phase_update(request, year: int, code: str):
    phase = get_object_or_404(Phase, campaign__year=year, code=code)
    if "until" in request.POST or f"x-{code}-until" in request.POST:
        form = forms.ExtendPhaseForm(request.POST, prefix=f"x-{code}")
        if form.is_valid():
            run_service(
                request,
                lambda: services.extend_phase(
                    request.user, phase, form.cleaned_data["until"], form.cleaned_data["reason"]
                ),
                _("已延长阶段。"),
            )
        else:
            messages.error(request, _("请填写延长日期和原因。"))
    else:
        form = forms.PhaseDatesForm(request.POST, prefix=code)
        if form.is_valid():
            run_service(
                request,
                lambda: services.set_phase_dates(
                    request.user,
                    phase,
                    form.cleaned_data["starts_on"],
                    form.cleaned_data["ends_on"],
                ),
                _("已更新阶段日期。"),
            )
        else:
            messages.error(request, _form_errors(form))
    return redirect("programme:campaign-detail", year=year)


def _form_errors(form) -> str:
    """The form's own reasons (which date, and why), not a generic 'enter a valid date'."""
    return "；".join(
        f"{form.fields[name].label}{_('：')}{message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    )


def _say_report(request, report: services.EnrolReport) -> None:
    """Tell the user exactly what an enrolment did, operator by operator where it refused."""
    kind = Kind(report.kind).label
    if report.enrolled:
        messages.success(
            request, _("已纳入%(n)d家（%(kind)s）。") % {"n": len(report.enrolled), "kind": kind}
        )
    if report.already:
        messages.info(request, _("已在名单中%d家，未重复纳入。") % len(report.already))
    for operator, why in report.refused[:REFUSALS_SHOWN]:
        messages.warning(
            request, _("未纳入%(name)s：%(why)s") % {"name": operator.name, "why": why}
        )
    if len(report.refused) > REFUSALS_SHOWN:
        messages.warning(
            request, _("另有%d家未纳入，原因同上类。") % (len(report.refused) - REFUSALS_SHOWN)
        )
    if not (report.enrolled or report.already or report.refused):
        messages.warning(request, _("没有符合条件的经营主体，未纳入任何一家。"))


REFUSALS_SHOWN = 10


def _preview_scope(form) -> str:
    data = form.cleaned_data
    area = data["area"].name if data["area"] else _("全部辖区")
    return f"{Kind(data['kind']).label}，{area}"


@signed_in("enrolments come from visible(); enrolling checks programme.enrol")
def enrolment_list(request, year: int):
    campaign = get_object_or_404(
        visible(request.user, Campaign).prefetch_related("phases"), year=year
    )
    user = request.user
    can_enrol = user.has_perm("programme.enrol")
    enrolments = visible(user, Enrolment).filter(campaign=campaign).select_related("operator__area")
    kind = request.GET.get("kind")
    # The API's filters (?kind, ?status, ?operator); a value that does not parse is left out.
    enrolments = EnrolmentFilter(request.GET or None, queryset=enrolments, request=request).qs
    form = forms.EnrolForm(request.POST or None, areas=enrolment_areas(user))
    preview = None
    if request.method == "POST":
        if not can_enrol:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["uscc"]:
                    operator = (
                        visible(user, Operator).filter(uscc=uscc_normalise(data["uscc"])).first()
                    )
                    if operator is None:
                        messages.error(request, _("您的辖区内没有该统一社会信用代码的经营主体。"))
                        return redirect("programme:enrolments", year=year)
                    report = services.enrol(
                        user, campaign, [operator], data["kind"], reason=data["reason"]
                    )
                elif request.POST.get("confirm") == "1":
                    report = services.enrol_all(
                        user, campaign, data["kind"], data["area"], reason=data["reason"]
                    )
                else:
                    # Enrolling a whole jurisdiction is not undone with one click: say how many
                    # first, and ask.
                    pool = services.enrol_all_pool(user, data["kind"], data["area"])
                    preview = services.enrol_preview(
                        user, campaign, pool, data["kind"], data["reason"]
                    )
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, exc)
                return redirect("programme:enrolments", year=year)
            if preview is None:
                _say_report(request, report)
                return redirect("programme:enrolments", year=year)
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/enrolment_list.html",
        {
            "campaign": campaign,
            "page": page,
            "form": form,
            "can_enrol": can_enrol,
            "enrolment_state": campaign.enrolment_state(timezone.localdate()),
            "mobilisation": campaign.phase(PhaseCode.MOBILISATION),
            "preview": preview,
            "preview_scope": _preview_scope(form) if preview else "",
            "kind": kind or "",
        },
    )


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def enrolment_apply(request, year: int):
    campaign = get_object_or_404(Campaign, year=year)
    kind = request.POST.get("kind", "")
    run_service(
        request,
        lambda: services.apply_to_enrol(request.user, campaign, kind),
        _("已提交参加申请，等待监管所确认。"),
    )
    return redirect("programme:campaign-detail", year=year)


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def application_confirm(request, pk: int):
    """A station confirms an online application; enrolment follows while a campaign is open."""
    operator = get_object_or_404(visible(request.user, Operator), pk=pk)
    try:
        outcome = services.confirm_application(
            request.user, operator, reason=request.POST.get("reason", "")[:200]
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
        return redirect("registry:operator-detail", pk=pk)
    messages.success(request, _("已确认%s的培育申请，纳入培育对象库。") % operator.name)
    if outcome.enrolled:
        messages.success(
            request,
            _("已纳入%(year)s年度培育对象名单：%(kinds)s。")
            % {"year": outcome.campaign.year, "kinds": "、".join(outcome.enrolled)},
        )
    for text in outcome.not_done + outcome.warnings:
        messages.warning(request, text)
    return redirect("registry:operator-detail", pk=pk)


@signed_in("the service checks the permission and says why it refuses")
@require_POST
def enrolment_approve(request, year: int, pk: int):
    enrolment = get_object_or_404(visible(request.user, Enrolment), pk=pk, campaign__year=year)
    run_service(request, lambda: services.approve_enrolment(request.user, enrolment), _("已纳入。"))
    return redirect("programme:enrolments", year=year)


def _guide_context(campaign: Campaign) -> dict:
    areas = []
    for area in campaign.guide.areas.prefetch_related("items"):
        items = list(area.items.all())
        areas.append(
            {
                "area": area,
                "kinds": [
                    (label, [i for i in items if i.kind == kind]) for kind, label in Kind.choices
                ],
            }
        )
    return {"campaign": campaign, "guide": campaign.guide, "areas": areas}


@public("the work guide is a public programme document")
def guide(request, year: int):
    """Public: the work guide of a campaign, printable."""
    campaign = get_object_or_404(Campaign.objects.select_related("guide"), year=year)
    return render(request, "programme/guide.html", _guide_context(campaign))


@permission("programme.edit_guide")
def guide_edit(request, year: int):
    """The office revises a campaign's guide; saving makes a new version."""
    campaign = get_object_or_404(Campaign.objects.select_related("guide"), year=year)
    if request.method == "POST":
        edits = {
            key[len("item-") :]: value.strip()
            for key, value in request.POST.items()
            if key.startswith("item-")
        }
        additions = [
            (key.split("-")[1], key.split("-")[2], value)
            for key, value in request.POST.items()
            if key.startswith("new-") and key.count("-") == 2
        ]
        if run_service(
            request,
            lambda: services.revise_guide(request.user, campaign, edits, additions),
            _("已保存为工作指南新版本。"),
        ):
            return redirect("programme:guide", year=year)
    context = _guide_context(campaign)
    context["kinds"] = Kind.choices
    return render(request, "programme/guide_edit.html", context)


@public("the work guide is a public programme document")
def guide_pdf(request, year: int):
    from weasyprint import HTML

    campaign = get_object_or_404(Campaign.objects.select_related("guide"), year=year)
    html = render_to_string("programme/guide_pdf.html", _guide_context(campaign))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{year}.pdf"'
    return response


@signed_in("sessions come from visible(); recording checks programme.record_training")
def training_list(request):
    trainings = (
        visible(request.user, Training)
        .select_related("station")
        .annotate(
            n_invited=Count("invited", distinct=True), n_attended=Count("attended", distinct=True)
        )
        .distinct()
    )
    can_record = request.user.has_perm("programme.record_training")
    form = None
    if can_record:
        operators = visible(request.user, Operator).filter(status=Operator.Status.ACTIVE)
        form = forms.TrainingForm(request.POST or None, operators=operators)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            campaign = Campaign.current(data["held_on"])
            if run_service(
                request,
                lambda: services.record_training(
                    request.user,
                    held_on=data["held_on"],
                    topic=data["topic"],
                    place=data["place"],
                    invited=data["invited"],
                    attended=data["attended"],
                    campaign=campaign,
                ),
                _("已登记培训。"),
            ):
                return redirect("programme:trainings")
    elif request.method == "POST":
        raise PermissionDenied
    page = Paginator(trainings.order_by("-held_on", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request, "programme/training_list.html", {"trainings": page, "page": page, "form": form}
    )
