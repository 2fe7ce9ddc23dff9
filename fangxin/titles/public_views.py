"""The public pages: published notices, objections with a tracking code, and certificate
verification. Nothing personal is shown: no phones, ID numbers or people's names."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from fangxin.core import otp, sms
from fangxin.core.discovery import contributions
from fangxin.core.permissions import public
from fangxin.core.scoping import visible
from fangxin.ratings.forms import PhoneForm

from . import forms, services
from .models import Candidate, Notice, Objection, Reply, Title

CLOSED_STATUS = 503
EVIDENCE_TOKENS_KEY = "titles.objection_evidence_tokens"


def apply_errors(form, exc: ValidationError) -> None:
    """A service's refusal onto the form: field errors beside their fields (the files'
    beside the file input), the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                if field in form.fields:
                    form.add_error(field, error)
                elif field == "evidence":
                    form.evidence_errors = [*getattr(form, "evidence_errors", []), error]
                else:
                    form.add_error(None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


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


def _evidence_token(request, sent: str = "") -> str:
    """The token naming this form's kept files: the one the form sent back if this session was
    given it, else a new one, so that a token copied from elsewhere reaches no one's files."""
    tokens = request.session.get(EVIDENCE_TOKENS_KEY, [])
    if sent and sent in tokens:
        return sent
    token = secrets.token_urlsafe(24)
    request.session[EVIDENCE_TOKENS_KEY] = [*tokens[-4:], token]  # one per open tab is enough
    return token


def _collect_evidence(request) -> tuple[str, list, list[str]]:
    """Keep the files the form brings (and drop those it asks to remove) before anything else
    is judged, so a refusal (a wrong or expired code, a missing field) loses no file. Posts
    that bring files are limited per IP: kept files take storage before any code is checked."""
    token = _evidence_token(request, request.POST.get("evidence_token", ""))
    uploads = request.FILES.getlist("evidence")
    if uploads and is_ratelimited(
        request,
        group="titles.objection.uploads",
        key="ip",
        rate=settings.FANGXIN_COMPLAINT_UPLOAD_RATE_IP,
        increment=True,
    ):
        return token, services.pending_objection_evidence(token), [_("上传过于频繁，请稍后再试。")]
    files, errors = services.stash_objection_evidence(
        token, uploads, remove=request.POST.getlist("remove_evidence")
    )
    return token, files, errors


@never_cache
@public(
    "anyone may object to a candidate during the notice period: the phone confirmed by a "
    "one-time code, rate-limited per IP and per phone; closed without an SMS backend"
)
def object_to(request, pk: int):
    candidate = get_object_or_404(
        visible(None, Candidate).select_related("notice__campaign"), pk=pk, withdrawn=False
    )
    closed = not sms.available()
    status = 200
    notice = ""
    token, kept, kept_errors = "", [], []
    if request.method == "POST" and not closed:
        token, kept, kept_errors = _collect_evidence(request)
    if request.method == "POST" and closed:
        form = forms.ObjectionForm()
        status = CLOSED_STATUS
    elif request.method == "POST" and request.POST.get("action") == "send":
        # Only the phone is judged; the rest of the form is kept as typed, the files kept.
        form = forms.ObjectionForm(initial=request.POST.dict())
        form.evidence_errors = kept_errors
        phone_form = PhoneForm(request.POST)
        if not phone_form.is_valid():
            form.phone_errors = phone_form.errors["phone"]
            status = 400
        else:
            try:
                services.send_objection_code(request, candidate, phone_form.cleaned_data["phone"])
            except otp.RateLimited as exc:
                form.phone_errors = [exc.message]
                status = 429
            except otp.Unavailable as exc:
                form.phone_errors = [exc.message]
                status = CLOSED_STATUS
            except ValidationError as exc:
                form.phone_errors = exc.messages
                status = 400
            else:
                notice = _("验证码已发送至您的手机，5分钟内有效。")
    elif request.method == "POST":
        form = forms.ObjectionForm(request.POST)
        if is_ratelimited(
            request,
            group="titles.objection.ip",
            key="ip",
            rate=settings.FANGXIN_COMPLAINT_RATE_IP,
            increment=True,
        ):
            form.is_valid()
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif kept_errors:
            # A refused file is said beside the input before any code is spent.
            form.is_valid()
            form.evidence_errors = kept_errors
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.submit_confirmed_objection(
                    request,
                    candidate,
                    name=data["name"],
                    phone=data["phone"],
                    code=data["code"],
                    facts=data["facts"],
                    pending=kept,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                tokens = request.session.get(EVIDENCE_TOKENS_KEY, [])
                request.session[EVIDENCE_TOKENS_KEY] = [t for t in tokens if t != token]
                return render(
                    request, "titles/public_objection_done.html", {"objection": objection}
                )
        else:
            status = 400
    else:
        form = forms.ObjectionForm()
    context = {
        "candidate": candidate,
        "form": form,
        "closed": closed,
        "notice": notice,
        "max_files": services.MAX_OBJECTION_FILES,
        "evidence_token": token,
        # Re-read: a refused submission may have filed none, a successful one all.
        "pending_evidence": services.pending_objection_evidence(token),
    }
    return render(request, "titles/public_object.html", context, status=status)


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


@public(
    "one certificate's holder, kind, validity and status, and the operator's replies the "
    "office approved (nothing personal)"
)
def verify(request, no: str):
    # One query for everything the page shows (the holder's USCC, a revocation's situation).
    title = get_object_or_404(
        visible(None, Title).select_related("candidate", "operator", "veto_event"),
        certificate_no=no.upper()[:32],
    )
    # The operator's replies the office approved: beside this title or its result.
    replies = (
        visible(None, Reply)
        .filter(enrolment_id=title.candidate.enrolment_id)
        .filter(Q(title=title) | Q(title__isnull=True))
        .order_by("decided_at", "pk")
    )
    # What the apps above add below (the public site: the live badge and its snippet), each
    # already rendered by its own template (a SafeString).
    extras = [
        html
        for contribute in contributions("verification_page")
        if (html := contribute(request, title.certificate_no))
    ]
    return render(
        request,
        "titles/public_verify.html",
        {"title": title, "replies": replies, "extras": extras},
    )
