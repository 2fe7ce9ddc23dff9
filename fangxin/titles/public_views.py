"""The public pages: published notices, objections with a tracking code, and certificate
verification. Nothing personal is shown: no phones, ID numbers or people's names."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fangxin.core.feedback import report_refusal
from fangxin.core.permissions import public
from fangxin.core.scoping import visible

from . import forms, services
from .models import Candidate, Notice, Objection, Title


@public("the published notices (candidate names, kinds, areas, accounts, scores)")
def notices(request):
    rows = visible(None, Notice).select_related("campaign", "corrects")
    return render(request, "titles/public_notices.html", {"notices": rows})


@public("one published notice: its candidates, withdrawn ones left out")
def notice(request, pk: int):
    notice = get_object_or_404(visible(None, Notice).select_related("campaign", "corrects"), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "titles/public_notice.html",
        {
            "notice": notice,
            "candidates": visible(None, Candidate).filter(notice=notice, withdrawn=False),
            "open": notice.is_open(today) and not notice.corrections.exists(),
            "superseded": notice.corrections.first(),
        },
    )


@public("anyone may object to a candidate during the notice period (CAPTCHA, rate limit)")
def object_to(request, pk: int):
    candidate = get_object_or_404(
        visible(None, Candidate).select_related("notice__campaign"), pk=pk, withdrawn=False
    )
    form = forms.ObjectionForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(
            request,
            group="titles.objection.ip",
            key="ip",
            rate=settings.FANGXIN_COMPLAINT_RATE_IP,
            increment=True,
        )
        if limited:
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
        elif form.is_valid():
            from django.core.exceptions import ValidationError

            try:
                objection = services.submit_objection(
                    candidate,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    facts=form.cleaned_data["facts"],
                )
            except ValidationError as exc:
                report_refusal(request, exc)
            else:
                return render(
                    request, "titles/public_objection_done.html", {"objection": objection}
                )
    return render(request, "titles/public_object.html", {"candidate": candidate, "form": form})


@public("an objection's status by its tracking code (no personal data)")
def track(request):
    context = {"code": "", "searched": False}
    if request.method == "POST":
        code = request.POST.get("code", "").strip().upper()[:16]
        context.update(code=code, searched=True)
        if is_ratelimited(
            request,
            group="titles.track.ip",
            key="ip",
            rate=settings.FANGXIN_COMPLAINT_TRACK_RATE_IP,
            increment=True,
        ):
            context["error"] = _("查询过于频繁，请稍后再试。")
            return render(request, "titles/public_track.html", context, status=429)
        objection = (
            Objection.objects.filter(tracking_code=code).select_related("candidate").first()
            if code
            else None
        )
        if objection is None:
            context["error"] = _("没有找到该查询码对应的异议。")
        else:
            context["objection"] = objection
    return render(request, "titles/public_track.html", context)


@public("the verification form: a certificate number leads to its page")
def verify_query(request):
    number = request.GET.get("no", "").strip().upper()[:32]
    if number:
        if not Title.objects.filter(certificate_no=number).exists():
            raise Http404(_("没有该编号的证书。"))
        return redirect("public-titles:verify", no=number)
    return render(request, "titles/public_verify_query.html")


@public("one certificate's holder, kind, validity and status (nothing personal)")
def verify(request, no: str):
    title = get_object_or_404(visible(None, Title), certificate_no=no.upper()[:32])
    return render(request, "titles/public_verify.html", {"title": title})
