"""Suggestions (听取意见建议): the public's form (a CAPTCHA, rate-limited per IP), a thank-you
page with the tracking code, the office's pages to read and answer them, and the published
answers (the text and the answer only: never the name or the contact)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from fangxin.core.permissions import permission, public

from . import services
from .forms import AnswerForm, SuggestionForm
from .models import CODE_LENGTH, Suggestion

PAGE_SIZE = 20
SESSION_KEY = "disclosure.suggestion_code"


def rate() -> str:
    return settings.FANGXIN_SUGGESTION_RATE_IP


@public("the public's suggestion form (CAPTCHA, rate-limited per IP)")
def suggestion_new(request):
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(
            request, group="disclosure.suggestion.ip", key="ip", rate=rate(), increment=True
        ):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        else:
            data = form.cleaned_data
            suggestion = services.submit_suggestion(data["name"], data["contact"], data["text"])
            request.session[SESSION_KEY] = suggestion.code
            return redirect("disclosure:suggestion-thanks")
    elif request.method == "POST":
        status = 400
    return render(request, "disclosure/suggestion_new.html", {"form": form}, status=status)


@public("the thank-you page: the tracking code of the suggestion this browser just sent")
@require_GET
def suggestion_thanks(request):
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("disclosure:suggestion-new")
    return render(request, "disclosure/suggestion_thanks.html", {"code": code})


def track_rate() -> str:
    return settings.FANGXIN_SUGGESTION_TRACK_RATE_IP


@public("the sender's own suggestion and its answer, by its tracking code (rate-limited per IP)")
def suggestion_track(request):
    """The code is the key: whoever holds it reads that suggestion's text and the answer, even
    one the office did not publish (it was written to the sender). Never the name or contact;
    every miss gets the same words; a run of guesses is refused per IP."""
    context: dict = {"code": ""}
    status = 200
    if request.method == "POST":
        code = request.POST.get("code", "").strip().upper()[: CODE_LENGTH + 6]
        context.update(code=code, searched=True)
        if is_ratelimited(
            request,
            group="disclosure.suggestion.track",
            key="ip",
            rate=track_rate(),
            increment=True,
        ):
            context["error"] = _("查询过于频繁，请稍后再试。")
            status = 429
        elif (found := services.find_suggestion(code)) is None:
            context["error"] = _("没有找到该查询码的意见建议，请核对后再试。")
        else:
            context["suggestion"] = found
    return render(request, "disclosure/suggestion_track.html", context, status=status)


@public("published answers to suggestions: the suggestion's text and the answer, nothing personal")
@require_GET
def public_suggestions(request):
    rows = Suggestion.objects.filter(answer_published=True).only(
        "code", "text", "answer", "answered_at", "received_at"
    )
    page = Paginator(rows.order_by("-answered_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "disclosure/suggestions.html", {"page": page})


@permission("disclosure.view_suggestions")
def suggestion_list(request):
    rows = Suggestion.objects.all()
    if request.GET.get("open") == "1":
        rows = rows.filter(answered_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/office_suggestions.html",
        {"page": page, "open_only": request.GET.get("open") == "1"},
    )


@permission("disclosure.answer_suggestion")
def suggestion_answer(request, pk: int):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": suggestion.answer, "publish": suggestion.answer_published},
    )
    if request.method == "POST" and form.is_valid():
        services.answer_suggestion(
            request.user, suggestion, form.cleaned_data["answer"], form.cleaned_data["publish"]
        )
        messages.success(request, _("答复已保存。"))
        return redirect("office-disclosure:suggestion", pk=suggestion.pk)
    return render(
        request,
        "disclosure/office_suggestion.html",
        {"suggestion": suggestion, "form": form},
    )
