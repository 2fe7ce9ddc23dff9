"""The public side: rate an enrolled operator or answer the satisfaction survey, each confirmed
by a one-time code; an invited member scores through a personal link. No account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fangxin.core import otp, sms
from fangxin.core.permissions import public

from . import services
from .forms import MemberScoresForm, PhoneForm, RatingForm, SurveyForm
from .models import MemberScore

CLOSED_STATUS = 503


def apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@never_cache
@public("the enrolled operators of the current campaign, by name and kind only")
def operator_list(request):
    campaign = services.current_campaign()
    context = {
        "campaign": campaign,
        "operators": services.public_operators(campaign),
        "sms_available": sms.available(),
    }
    return render(request, "ratings/public_list.html", context)


def _confirmed_page(request, operator_id, *, form_class, purpose, template, save, done):
    campaign = services.current_campaign()
    operator = services.public_operator(campaign, operator_id)
    if operator is None:
        raise Http404(_("该经营主体不在本年度培育对象名单中。"))
    status = 200
    notice = ""
    closed = not sms.available()
    if request.method == "POST" and closed:
        form = form_class()
        status = CLOSED_STATUS
    elif request.method == "POST" and request.POST.get("action") == "send":
        # Only the phone is judged; the rest of the form is kept as typed.
        form = form_class(initial=request.POST.dict())
        phone_form = PhoneForm(request.POST)
        if not phone_form.is_valid():
            form.phone_errors = phone_form.errors["phone"]
            status = 400
        else:
            try:
                services.send_code(
                    request=request,
                    campaign=campaign,
                    operator_id=operator.pk,
                    phone=phone_form.cleaned_data["phone"],
                    purpose=purpose,
                )
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
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(request, campaign, operator, form)
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, done)
                return redirect("public-ratings")
        else:
            status = 400
    else:
        form = form_class()
    context = {
        "operator": operator,
        "campaign": campaign,
        "form": form,
        "closed": closed,
        "notice": notice,
    }
    return render(request, template, context, status=status)


def _save_rating(request, campaign, operator, form):
    data = form.cleaned_data
    services.rate(
        request=request,
        campaign=campaign,
        operator_id=operator.pk,
        phone=data["phone"],
        code=data["code"],
        stars=data["stars"],
        comment=data.get("comment", ""),
    )


def _save_survey(request, campaign, operator, form):
    data = form.cleaned_data
    services.answer_survey(
        request=request,
        campaign=campaign,
        operator_id=operator.pk,
        phone=data["phone"],
        code=data["code"],
        answers=form.answers(),
        aware=form.awareness(),
    )


@never_cache
@public("the consumer rating form of one enrolled operator; confirmed by a one-time code")
def rate(request, operator_id: int):
    return _confirmed_page(
        request,
        operator_id,
        form_class=RatingForm,
        purpose=services.RATING_PURPOSE,
        template="ratings/public_rate.html",
        save=_save_rating,
        done=_("感谢您的评价，已提交成功。"),
    )


@never_cache
@public("the satisfaction survey of one enrolled operator; confirmed by a one-time code")
def survey(request, operator_id: int):
    return _confirmed_page(
        request,
        operator_id,
        form_class=SurveyForm,
        purpose=services.SURVEY_PURPOSE,
        template="ratings/public_survey.html",
        save=_save_survey,
        done=_("感谢您参与满意度调查，已提交成功。"),
    )


@never_cache
@public("an invited member's scoring page, opened by his signed, expiring personal link")
def member_scoring(request, token: str):
    try:
        member = services.member_from_link(token)
    except services.LinkRefused as exc:
        return render(
            request, "ratings/member_link_refused.html", {"error": exc.message}, status=403
        )
    enrolments = list(services.member_enrolments(member))
    existing = {s.enrolment_id: s for s in MemberScore.objects.filter(member=member)}
    status = 200
    if request.method == "POST":
        form = MemberScoresForm(request.POST, enrolments=enrolments, existing=existing)
        if form.is_valid():
            try:
                services.save_member_scores(member, form.scores(), by=None)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
                status = 400
            else:
                messages.success(request, _("评分已保存，感谢您的参与。"))
                return redirect("public-member-scoring", token=token)
        else:
            status = 400
    else:
        form = MemberScoresForm(enrolments=enrolments, existing=existing)
    context = {"member": member, "form": form}
    return render(request, "ratings/member_scoring.html", context, status=status)
