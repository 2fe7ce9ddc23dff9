"""Campaign pages: phases, enrolment, the public work guide, training sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.feedback import run_service
from fangxin.core.models import Area
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.registry.models import Operator

from . import forms, services
from .models import Campaign, Enrolment, Kind, Phase, Training


@login_required
def campaign_list(request):
    today = timezone.localdate()
    campaigns = list(visible(request.user, Campaign).prefetch_related("phases"))
    for campaign in campaigns:
        campaign.today_phase = campaign.current_phase(today)
    return render(request, "programme/campaign_list.html", {"campaigns": campaigns})


@login_required
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
    if request.user.role == Role.OPERATOR:
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
        },
    )


@login_required
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


@login_required
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


@login_required
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
            messages.error(request, _("请填写有效的日期。"))
    return redirect("programme:campaign-detail", year=year)


def _areas_for(user):
    areas = Area.objects.order_by("code")
    if user.role == Role.STATION:
        areas = areas.filter(station_id=user.station_id)
    return areas


@login_required
def enrolment_list(request, year: int):
    campaign = get_object_or_404(visible(request.user, Campaign), year=year)
    user = request.user
    can_enrol = user.is_office or user.role == Role.STATION
    enrolments = visible(user, Enrolment).filter(campaign=campaign).select_related("operator__area")
    kind = request.GET.get("kind")
    if kind in Kind.values:
        enrolments = enrolments.filter(kind=kind)
    form = forms.EnrolForm(request.POST or None, areas=_areas_for(user))
    if request.method == "POST":
        if not can_enrol:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            operator = None
            if data["uscc"]:
                operator = visible(user, Operator).filter(uscc=data["uscc"].strip().upper()).first()
                if operator is None:
                    messages.error(request, _("您的辖区内没有该统一社会信用代码的经营主体。"))
                    return redirect("programme:enrolments", year=year)
            try:
                if operator is not None:
                    added = services.enrol(user, campaign, [operator], data["kind"])
                else:
                    added = services.enrol_all(user, campaign, data["kind"], data["area"])
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("已纳入%d家。") % added)
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
            "kind": kind or "",
        },
    )


@login_required
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


@login_required
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


def guide(request, year: int):
    """Public: the work guide of a campaign, printable."""
    campaign = get_object_or_404(Campaign.objects.select_related("guide"), year=year)
    return render(request, "programme/guide.html", _guide_context(campaign))


@login_required
def guide_edit(request, year: int):
    """The office revises a campaign's guide; saving makes a new version."""
    if not request.user.is_office:
        raise PermissionDenied
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


def guide_pdf(request, year: int):
    from weasyprint import HTML

    campaign = get_object_or_404(Campaign.objects.select_related("guide"), year=year)
    html = render_to_string("programme/guide_pdf.html", _guide_context(campaign))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{year}.pdf"'
    return response


@login_required
def training_list(request):
    trainings = (
        visible(request.user, Training)
        .select_related("station")
        .annotate(
            n_invited=Count("invited", distinct=True), n_attended=Count("attended", distinct=True)
        )
        .distinct()
    )
    can_record = request.user.is_office or request.user.role == Role.STATION
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
