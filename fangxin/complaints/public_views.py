"""The public side: file a complaint or tip-off, get a code, follow it. No login."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fangxin.core import privacy
from fangxin.core.permissions import public
from fangxin.registry.models import Operator

from . import limits, services
from .forms import EvidenceForm, PublicIntakeForm, TrackForm
from .models import Complaint, ComplaintEvent

RECEIPT_KEY = "complaint_receipt"
EVIDENCE_TOKENS_KEY = "complaint_evidence_tokens"


# One message for a wrong code and a wrong phone tail alike.
def not_found_message() -> str:
    return _("没有找到与该查询码和手机号后四位（或查询密码）匹配的记录，请核对后重试。")


PUBLIC_STATUSES = (Operator.Status.ACTIVE, Operator.Status.SUSPENDED, Operator.Status.LEFT)


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, field by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def picked_operator(form) -> Operator | None:
    pk = form.cleaned_data.get("operator")
    if not pk:
        return None
    return Operator.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).first()


def evidence_token(request, sent: str = "") -> str:
    """The token naming this form's kept files: the one the form sent back if this session was
    given it, else a new one, so that a token copied from elsewhere reaches no one's files."""
    tokens = request.session.get(EVIDENCE_TOKENS_KEY, [])
    if sent and sent in tokens:
        return sent
    token = secrets.token_urlsafe(24)
    # A few at a time: one per open tab is enough.
    request.session[EVIDENCE_TOKENS_KEY] = [*tokens[-4:], token]
    return token


def forget_evidence_token(request, token: str) -> None:
    tokens = request.session.get(EVIDENCE_TOKENS_KEY, [])
    request.session[EVIDENCE_TOKENS_KEY] = [t for t in tokens if t != token]


def collect_evidence(request, *, public: bool) -> tuple[str, services.Stash]:
    """Keep what the form brings (and drop what it asks to remove) before the form is judged,
    so a refused attempt loses no file."""
    kept = EvidenceForm(request.POST)
    kept.is_valid()  # every field optional: always valid
    token = evidence_token(request, kept.cleaned_data["evidence_token"])
    uploads = request.FILES.getlist("evidence")
    if uploads and public:
        try:
            limits.check_uploads(request)
        except limits.RateLimited as exc:
            return token, services.Stash(services.pending_evidence(token), [exc.message])
    stash = services.stash_evidence(token, uploads, remove=kept.cleaned_data["remove_evidence"])
    return token, stash


def evidence_context(token: str | None, stash: services.Stash | None) -> dict:
    return {
        "evidence_token": token or "",
        "pending_evidence": stash.files if stash else [],
        "evidence_errors": stash.errors if stash else [],
        "privacy_notice": privacy.notice("complaint"),
    }


def submit_from_form(
    form, request, *, channel, user=None, received_on=None, evidence=(), pending=()
):
    data = form.cleaned_data
    return services.submit(
        kind=data["kind"],
        channel=channel,
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        consent_contact=data.get("consent_contact", False),
        consent_survey=data.get("consent_survey", False),
        operator=picked_operator(form),
        operator_text=data.get("operator_text", ""),
        platform=data.get("platform", ""),
        order_number=data.get("order_number", ""),
        category=data["category"],
        description=data["description"],
        demand=data.get("demand", ""),
        amount_claimed=data.get("amount_claimed"),
        evidence=evidence,
        pending=pending,
        received_on=received_on,
        user=user,
    )


@public("anyone may file a complaint or tip-off (rate-limited, with a CAPTCHA)")
@never_cache
def intake(request):
    status = 200
    token = stash = None
    if request.method == "POST":
        form = PublicIntakeForm(request.POST)
        token, stash = collect_evidence(request, public=True)
        if form.is_valid() and not stash.errors:
            try:
                limits.check_intake(request, form.cleaned_data.get("phone", ""))
                receipt = submit_from_form(
                    form, request, channel=Complaint.Channel.WEB, pending=stash.files
                )
            except limits.RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                forget_evidence_token(request, token)
                request.session[RECEIPT_KEY] = receipt_summary(receipt)
                return redirect("public-complaint-done")
        else:
            status = 400
    else:
        form = PublicIntakeForm(initial={"kind": request.GET.get("kind", "complaint")})
    context = {"form": form, **evidence_context(token, stash)}
    return render(request, "complaints/public_intake.html", context, status=status)


def receipt_summary(receipt: services.Receipt) -> dict:
    """What the receipt page shows once: the code, what else tracking needs, and the date by
    which the regulator decides whether to accept the complaint (or to open a case)."""
    complaint = receipt.complaint
    code = "tipoff_verification" if complaint.is_tipoff else "complaint_acceptance"
    used = complaint.periods_used.get(code, {})
    return {
        "code": complaint.tracking_code,
        "kind": complaint.get_kind_display(),
        "is_tipoff": complaint.is_tipoff,
        "hint": str(receipt.lookup_hint),
        "received_on": complaint.received_on.isoformat(),
        "decide_by": complaint.decide_by.isoformat() if complaint.decide_by else "",
        "days": used.get("days"),
        "source": used.get("source", ""),
        "provisional": bool(used.get("provisional")),
    }


@public("the receipt of the filer's own submission, kept in the session, shown once")
@never_cache
def receipt(request):
    # Shown once: the code and any PIN are not kept in the session after this page.
    data = request.session.pop(RECEIPT_KEY, None)
    if data is None:
        return redirect("public-complaint")
    for key in ("received_on", "decide_by"):
        data[key] = date.fromisoformat(data[key]) if data.get(key) else None
    return render(request, "complaints/public_receipt.html", {"receipt": data})


@public("an item's progress to whoever holds its code and the phone's last digits or PIN")
@never_cache
def track(request):
    context = {"code": "", "searched": False}
    if request.method == "POST":
        form = TrackForm(request.POST)
        form.is_valid()  # both fields are optional text: always valid
        code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
        context.update(code=code, searched=True)
        try:
            limits.check_tracking(request)
        except limits.RateLimited as exc:
            context["error"] = exc.message
            return render(request, "complaints/public_track.html", context, status=429)
        complaint = services.track(code, secret)
        if complaint is None:
            # A page, not an API: the answer is the message, the same for every miss.
            context["error"] = not_found_message()
        else:
            context["complaint"] = complaint
            context["progress"] = complaint.events.filter(
                kind__in=[ComplaintEvent.Kind.RECEIVED, ComplaintEvent.Kind.STATUS]
            ).only("at", "to_status")
            context["status_labels"] = dict(Complaint.Status.choices)
    return render(request, "complaints/public_track.html", context)


@public("operators' names and codes, as on the public register, for the intake form")
@require_GET
def operator_search(request):
    """Search-as-you-type for the form: name, credit code or platform handle; ten at most."""
    query = request.GET.get("operator_text", "").strip()[:50]
    operators = []
    if len(query) >= 2:
        operators = (
            Operator.objects.filter(status__in=PUBLIC_STATUSES)
            .filter(
                Q(name__icontains=query)
                | Q(uscc__iexact=query)
                | Q(accounts__handle__icontains=query)
            )
            .distinct()
            .order_by("name")
            .prefetch_related("accounts")[:10]
        )
    return render(
        request,
        "complaints/operator_results.html",
        {"operators": operators, "query": query},
    )
