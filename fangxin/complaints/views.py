"""The regulator's side: the list, counter registration, and one page per item to handle it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.feedback import report_refusal
from fangxin.core.models import Station, User
from fangxin.core.params import required_date
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.registry.models import Operator
from fangxin.supervision.models import Finding

from . import reasons, services
from .filters import ComplaintFilter
from .forms import CounterIntakeForm
from .models import Complaint, ComplaintEvidence, FollowUp
from .public_views import (
    apply_errors,
    collect_evidence,
    evidence_context,
    forget_evidence_token,
    submit_from_form,
)

STAFF_ROLES = (Role.STATION, Role.INSPECTOR)


def _require_staff(user) -> None:
    if not (user.is_office or user.role in STAFF_ROLES):
        raise PermissionDenied


def _amount(raw: str) -> Decimal:
    try:
        amount = Decimal(raw or "0")
    except InvalidOperation as exc:
        raise ValidationError({"amount_recovered": _("请填写有效的金额。")}) from exc
    if not amount.is_finite():
        raise ValidationError({"amount_recovered": _("请填写有效的金额。")})
    return amount


def _ids(values) -> list[int]:
    """Ids from a form; anything that is not a plain number is a refusal, not a 500."""
    try:
        return [int(v) for v in values if v]
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("提交的选项无效，请刷新页面后重试。")) from exc


def _filtered(request):
    if request.user.role not in (*STAFF_ROLES, Role.OPERATOR) and not request.user.is_office:
        raise PermissionDenied
    qs = visible(request.user, Complaint).select_related("operator", "station")
    return ComplaintFilter(request.GET or None, queryset=qs)


@login_required
def complaint_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "is_operator": request.user.role == Role.OPERATOR,
        },
    )


@login_required
def complaint_export(request):
    _require_staff(request.user)
    filterset = _filtered(request)
    header = [
        _("查询码"),
        _("类型"),
        _("渠道"),
        _("登记日期"),
        _("被投诉（举报）方"),
        _("问题类别"),
        _("承办监管所"),
        _("状态"),
        _("当前期限"),
        _("投诉属实"),
        _("挽回经济损失（元）"),
        _("联系电话"),
    ]
    rows = (
        [
            c.tracking_code,
            c.get_kind_display(),
            c.get_channel_display(),
            c.received_on,
            c.respondent,
            c.get_category_display(),
            c.station.name if c.station else _("待分派"),
            c.get_status_display(),
            c.due_on,
            "" if c.substantiated is None else (_("是") if c.substantiated else _("否")),
            c.amount_recovered,
            # An export leaves the system: personal data goes out masked.
            services.mask_phone(c.complainant_phone),
        ]
        for c in filterset.qs.iterator(chunk_size=500)
    )
    return xlsx_response("complaints.xlsx", _("投诉举报"), header, rows)


@login_required
def complaint_create(request):
    """Registration at the counter or by phone: the clerk types what the person says."""
    user = request.user
    if not (user.is_office or user.role == Role.STATION):
        raise PermissionDenied
    token = stash = None
    if request.method == "POST":
        form = CounterIntakeForm(request.POST)
        token, stash = collect_evidence(request, public=False)
        if form.is_valid() and not stash.errors:
            try:
                receipt = submit_from_form(
                    form,
                    request,
                    channel=Complaint.Channel.COUNTER,
                    user=user,
                    received_on=form.cleaned_data["received_on"],
                    pending=stash.files,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                forget_evidence_token(request, token)
                complaint = receipt.complaint
                messages.success(
                    request,
                    _("已登记，查询码 %(code)s（查询时另需%(hint)s）。")
                    % {"code": complaint.tracking_code, "hint": receipt.lookup_hint},
                )
                if visible(user, Complaint).filter(pk=complaint.pk).exists():
                    return redirect("complaints:detail", pk=complaint.pk)
                return redirect("complaints:list")
    else:
        form = CounterIntakeForm(initial={"received_on": timezone.localdate()})
    context = {"form": form, **evidence_context(token, stash)}
    return render(request, "complaints/create.html", context)


def _handle(request, complaint: Complaint, action: str) -> str:
    user, post = request.user, request.POST
    today = timezone.localdate()
    if action == "accept":
        services.accept(user, complaint, today)
        return _("已受理，调解期限已计算。")
    if action == "refuse":
        services.refuse(user, complaint, post.get("reason", ""), post.get("note", ""), today)
        return _("已作出不予受理决定。")
    if action == "mediate":
        services.start_mediation(user, complaint)
        return _("已开始调解。")
    if action == "testing":
        services.record_testing(
            user,
            complaint,
            required_date(post.get("started_on", ""), "started_on"),
            required_date(post.get("ended_on", ""), "ended_on"),
            post.get("note", ""),
        )
        return _("已登记检测鉴定时间，调解期限已顺延。")
    if action == "end_mediation":
        agreed = post.get("agreed") == "yes"
        services.end_mediation(
            user,
            complaint,
            agreed=agreed,
            agreement=post.get("agreement", ""),
            amount_recovered=_amount(post.get("amount_recovered", "")),
            on=today,
        )
        return _("调解成功。") if agreed else _("已终止调解，请在期限内告知双方。")
    if action == "notice":
        services.record_notice(user, complaint, today, post.get("note", ""))
        return _("已登记告知。")
    if action == "verify":
        services.start_verification(user, complaint)
        return _("已开始核查。")
    if action == "extend":
        services.extend_verification(user, complaint, post.get("reason", ""))
        return _("核查期限已延长。")
    if action == "decide":
        open_case = post.get("open_case") == "yes"
        services.decide_tipoff(
            user, complaint, open_case=open_case, reason=post.get("reason", ""), on=today
        )
        return _("已立案。") if open_case else _("已作出不予立案决定。")
    if action == "merge":
        into = visible(user, Complaint).filter(pk__in=_ids([post.get("into")])).first()
        if into is None:
            raise ValidationError({"into": _("请选择要合并到的举报。")})
        services.merge(user, complaint, into, post.get("note", ""))
        return _("已合并处理。")
    if action == "close":
        services.close(
            user,
            complaint,
            substantiated=post.get("substantiated") == "yes",
            note=post.get("note", ""),
            on=today,
        )
        return _("已办结。")
    if action == "follow_up":
        services.add_follow_up(
            user,
            complaint,
            visited_on=required_date(post.get("visited_on", ""), "visited_on"),
            method=post.get("method", ""),
            satisfaction=post.get("satisfaction", ""),
            note=post.get("note", ""),
        )
        return _("已记录回访。")
    if action == "finding":
        services.spawn_finding(
            user,
            complaint,
            description=post.get("description", ""),
            severity=post.get("severity", ""),
            on=today,
        )
        return _("已登记为问题，可在问题页面责令整改。")
    if action == "inspect":
        services.spawn_inspection(
            user,
            complaint,
            inspectors=list(User.objects.filter(pk__in=_ids(post.getlist("inspectors")))),
            planned_on=required_date(post.get("planned_on", ""), "planned_on"),
        )
        return _("已安排检查。")
    if action == "assign":
        uscc = post.get("operator_uscc", "").strip().upper()
        operator = visible(user, Operator).filter(uscc=uscc).first() if uscc else None
        if uscc and operator is None:
            raise ValidationError({"operator": _("未找到该统一社会信用代码对应的经营主体。")})
        station = Station.objects.filter(pk__in=_ids([post.get("station")])).first()
        services.assign(
            user, complaint, station=station, operator=operator, note=post.get("note", "")
        )
        return _("已分派。")
    raise PermissionDenied


@login_required
def complaint_detail(request, pk: int):
    user = request.user
    complaint = get_object_or_404(
        visible(user, Complaint).select_related(
            "operator__area", "station", "case", "inspection", "finding", "merged_into"
        ),
        pk=pk,
    )
    handler = services.is_handler(user, complaint)
    if request.method == "POST":
        if not handler:
            raise PermissionDenied
        try:
            success = _handle(request, complaint, request.POST.get("action", ""))
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            complaint.refresh_from_db()  # the refused move rolled back; show what is stored
        else:
            messages.success(request, success)
            if visible(user, Complaint).filter(pk=pk).exists():
                return redirect("complaints:detail", pk=pk)
            return redirect("complaints:list")
    is_operator = user.role == Role.OPERATOR
    context = {
        "complaint": complaint,
        "person": services.complainant(user, complaint, via="page"),
        "handler": handler,
        "is_operator": is_operator,
        "next_states": complaint.next_states(),
        "events": complaint.events.select_related("actor", "from_station", "to_station"),
        "follow_ups": complaint.follow_ups.all(),
        "evidence": complaint.evidence.all() if not is_operator else [],
        "today": timezone.localdate(),
    }
    if handler:
        station_id = complaint.station_id
        context.update(
            reasons=reasons.for_date(complaint.received_on).values(),
            stations=Station.objects.order_by("name"),
            duplicates=services.possible_duplicates(complaint).filter(
                pk__in=visible(user, Complaint).values("pk")
            )[:10],
            inspectors=User.objects.filter(
                role=Role.INSPECTOR, is_active=True, station_id=station_id
            ).order_by("username"),
            severities=Finding.Severity.choices,
            methods=FollowUp.Method.choices,
            satisfactions=FollowUp.Satisfaction.choices,
            accesses=complaint.accesses.select_related("user")[:20],
        )
    return render(request, "complaints/detail.html", context)


@login_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(ComplaintEvidence.objects.select_related("complaint"), pk=pk)
    # The complainant's files are the handling side's, not the operator's.
    if not services.is_handler(request.user, evidence.complaint) and not (
        request.user.role == Role.INSPECTOR
        and visible(request.user, ComplaintEvidence).filter(pk=pk).exists()
    ):
        raise Http404
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="complaint-evidence-{evidence.pk}"'
    return response
