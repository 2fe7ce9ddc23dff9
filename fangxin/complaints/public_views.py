"""The public side: file a complaint or tip-off, get a code, follow it. No login."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fangxin.registry.models import Operator

from . import limits, services
from .forms import PublicIntakeForm
from .models import Complaint, ComplaintEvent

RECEIPT_KEY = "complaint_receipt"


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


def submit_from_form(form, request, *, channel, user=None, received_on=None, evidence=()):
    data = form.cleaned_data
    return services.submit(
        kind=data["kind"],
        channel=channel,
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        consent_contact=data.get("consent_contact", False),
        operator=picked_operator(form),
        operator_text=data.get("operator_text", ""),
        platform=data.get("platform", ""),
        order_number=data.get("order_number", ""),
        category=data["category"],
        description=data["description"],
        demand=data.get("demand", ""),
        amount_claimed=data.get("amount_claimed"),
        evidence=evidence,
        received_on=received_on,
        user=user,
    )


@never_cache
def intake(request):
    status = 200
    if request.method == "POST":
        form = PublicIntakeForm(request.POST)
        if form.is_valid():
            try:
                limits.check_intake(request, form.cleaned_data.get("phone", ""))
                receipt = submit_from_form(
                    form,
                    request,
                    channel=Complaint.Channel.WEB,
                    evidence=request.FILES.getlist("evidence"),
                )
            except limits.RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                request.session[RECEIPT_KEY] = {
                    "code": receipt.complaint.tracking_code,
                    "kind": receipt.complaint.get_kind_display(),
                    "hint": str(receipt.lookup_hint),
                }
                return redirect("public-complaint-done")
        else:
            status = 400
    else:
        form = PublicIntakeForm(initial={"kind": request.GET.get("kind", "complaint")})
    return render(request, "complaints/public_intake.html", {"form": form}, status=status)


@never_cache
def receipt(request):
    # Shown once: the code and any PIN are not kept in the session after this page.
    data = request.session.pop(RECEIPT_KEY, None)
    if data is None:
        return redirect("public-complaint")
    return render(request, "complaints/public_receipt.html", {"receipt": data})


@never_cache
def track(request):
    context = {"code": "", "searched": False}
    if request.method == "POST":
        code = request.POST.get("code", "").strip()[:16]
        context.update(code=code, searched=True)
        try:
            limits.check_tracking(request)
        except limits.RateLimited as exc:
            context["error"] = exc.message
            return render(request, "complaints/public_track.html", context, status=429)
        complaint = services.track(code, request.POST.get("secret", ""))
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
