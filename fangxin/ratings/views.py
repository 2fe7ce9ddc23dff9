"""The office's pages: ratings and survey answers with their flags (exclude with a reason), and
the invited members (their scores and personal links)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fangxin.core.permissions import permission, require
from fangxin.programme.models import Campaign

from . import services
from .forms import ExcludeForm, MemberForm, MemberScoresForm
from .models import SURVEY_QUESTIONS, Member, MemberScore, Rating, SurveyResponse

KINDS = {"ratings": Rating, "surveys": SurveyResponse}


def _campaign(request) -> Campaign | None:
    year = request.GET.get("year", "")
    if year.isdigit():
        return Campaign.objects.filter(year=int(year)).first()
    return services.current_campaign()


@permission("ratings.view")
def review_list(request, what: str = "ratings"):
    model = KINDS[what]
    campaign = _campaign(request)
    rows = model.objects.filter(campaign=campaign).select_related("operator", "excluded_by")
    only = request.GET.get("only", "")
    if only == "flagged":
        rows = rows.pending_review()
    elif only == "excluded":
        rows = rows.filter(excluded=True)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = urlencode(
        {k: v for k, v in (("year", request.GET.get("year", "")), ("only", only)) if v}
    )
    context = {
        "what": what,
        "campaign": campaign,
        "campaigns": Campaign.objects.order_by("-year"),
        "page": page,
        "query": query,
        "only": only,
        "questions": SURVEY_QUESTIONS,
        "flagged_count": model.objects.filter(campaign=campaign).pending_review().count(),
        "exclude_form": ExcludeForm(),
    }
    return render(request, "ratings/review_list.html", context)


@require_POST
@permission("ratings.exclude")
def exclude(request, what: str, pk: int):
    row = get_object_or_404(KINDS[what], pk=pk)
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写剔除原因。"))
    else:
        try:
            services.exclude(request.user, row, form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已剔除，不再计入评议结果。"))
    back = reverse("ratings:review" if what == "ratings" else "ratings:surveys")
    return redirect(f"{back}?year={row.campaign.year}")


@permission("ratings.manage_members")
def member_list(request):
    campaign = _campaign(request)
    status = 200
    if request.method == "POST":
        form = MemberForm(request.POST)
        if campaign is None:
            form.add_error(None, _("尚无培育年度，不能添加评议员。"))
            status = 400
        elif form.is_valid():
            member = services.add_member(request.user, campaign=campaign, **form.cleaned_data)
            messages.success(request, _("已添加特邀评议员。"))
            return redirect("ratings:member", pk=member.pk)
        else:
            status = 400
    else:
        form = MemberForm()
    members = Member.objects.filter(campaign=campaign).order_by("name", "pk")
    context = {
        "campaign": campaign,
        "campaigns": Campaign.objects.order_by("-year"),
        "members": members,
        "form": form,
    }
    return render(request, "ratings/member_list.html", context, status=status)


@permission("ratings.manage_members")
def member_detail(request, pk: int):
    member = get_object_or_404(Member.objects.select_related("campaign"), pk=pk)
    require(request.user, "ratings.manage_members", member)
    enrolments = list(services.member_enrolments(member))
    existing = {s.enrolment_id: s for s in MemberScore.objects.filter(member=member)}
    status = 200
    if request.method == "POST":
        form = MemberScoresForm(request.POST, enrolments=enrolments, existing=existing)
        if form.is_valid():
            try:
                saved = services.save_member_scores(member, form.scores(), by=request.user)
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
                status = 400
            else:
                messages.success(request, _("已保存 %(n)s 项评分。") % {"n": saved})
                return redirect("ratings:member", pk=member.pk)
        else:
            status = 400
    else:
        form = MemberScoresForm(enrolments=enrolments, existing=existing)
    link = request.session.pop(f"ratings-member-link-{member.pk}", "")
    context = {"member": member, "form": form, "link": link}
    return render(request, "ratings/member_detail.html", context, status=status)


@require_POST
@permission("ratings.manage_members")
def member_link(request, pk: int):
    member = get_object_or_404(Member, pk=pk)
    token = services.issue_link(request.user, member)
    url = request.build_absolute_uri(reverse("public-member-scoring", kwargs={"token": token}))
    # Shown once on the member's page, for the office to send; a new one replaces it.
    request.session[f"ratings-member-link-{member.pk}"] = url
    messages.success(request, _("已生成新的评议链接，之前发出的链接已失效。"))
    return redirect("ratings:member", pk=member.pk)
