"""The regulator's side: the list, counter registration, and one page per item to handle it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.feedback import report_refusal
from fangxin.core.models import Station
from fangxin.core.permissions import permission, signed_in
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import xlsx_response
from fangxin.registry.models import Operator
from fangxin.supervision.models import Finding

from . import forms, reasons, services
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


def _filtered(request):
    qs = visible(request.user, Complaint).select_related("operator", "station")
    return ComplaintFilter(request.GET or None, queryset=qs)


@permission("complaints.view_list")
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
        },
    )


@permission("complaints.export")
def complaint_export(request):
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


@permission("complaints.register")
def complaint_create(request):
    """Registration at the counter or by phone: the clerk types what the person says."""
    user = request.user
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


def _handle(request, complaint: Complaint) -> str:
    """Run the move the page posted, its input read by the move's form; the success message."""
    user, post = request.user, request.POST
    action = forms.cleaned(forms.ActionForm(post))["action"]
    form_class = forms.HANDLING_FORMS[action]
    if form_class is forms.MergeForm:
        form = form_class(post, complaints=visible(user, Complaint))
    elif form_class is forms.AssignForm:
        form = form_class(post, operators=visible(user, Operator))
    else:
        form = form_class(post)
    data = forms.cleaned(form)
    today = timezone.localdate()
    if action == "accept":
        services.accept(user, complaint, today)
        return _("已受理，调解期限已计算。")
    if action == "refuse":
        services.refuse(user, complaint, data["reason"], data["note"], today)
        return _("已作出不予受理决定。")
    if action == "mediate":
        services.start_mediation(user, complaint)
        return _("已开始调解。")
    if action == "testing":
        services.record_testing(user, complaint, data["started_on"], data["ended_on"], data["note"])
        return _("已登记检测鉴定时间，调解期限已顺延。")
    if action == "end_mediation":
        services.end_mediation(
            user,
            complaint,
            agreed=data["agreed"],
            agreement=data["agreement"],
            amount_recovered=data["amount_recovered"],
            on=today,
        )
        return _("调解成功。") if data["agreed"] else _("已终止调解，请在期限内告知双方。")
    if action == "notice":
        services.record_notice(user, complaint, today, data["note"])
        return _("已登记告知。")
    if action == "verify":
        services.start_verification(user, complaint)
        return _("已开始核查。")
    if action == "extend":
        services.extend_verification(user, complaint, data["reason"])
        return _("核查期限已延长。")
    if action == "decide":
        services.decide_tipoff(
            user, complaint, open_case=data["open_case"], reason=data["reason"], on=today
        )
        return _("已立案。") if data["open_case"] else _("已作出不予立案决定。")
    if action == "merge":
        services.merge(user, complaint, data["into"], data["note"])
        return _("已合并处理。")
    if action == "close":
        services.close(
            user, complaint, substantiated=data["substantiated"], note=data["note"], on=today
        )
        return _("已办结。")
    if action == "follow_up":
        services.add_follow_up(
            user,
            complaint,
            visited_on=data["visited_on"],
            method=data["method"],
            satisfaction=data["satisfaction"],
            note=data["note"],
        )
        return _("已记录回访。")
    if action == "finding":
        services.spawn_finding(
            user, complaint, description=data["description"], severity=data["severity"], on=today
        )
        return _("已登记为问题，可在问题页面责令整改。")
    if action == "inspect":
        services.spawn_inspection(
            user, complaint, inspectors=list(data["inspectors"]), planned_on=data["planned_on"]
        )
        return _("已安排检查。")
    # assign (the action form admits no other)
    services.assign(
        user, complaint, station=data["station"], operator=data["operator"], note=data["note"]
    )
    return _("已分派。")


@signed_in("the item comes from visible(); each move asks its permission on the item")
def complaint_detail(request, pk: int):
    user = request.user
    complaint = get_object_or_404(
        visible(user, Complaint).select_related(
            "operator__area", "station", "case", "inspection", "finding", "merged_into"
        ),
        pk=pk,
    )
    handler = user.has_perm("complaints.handle", complaint)
    if request.method == "POST":
        if not handler:
            raise PermissionDenied
        try:
            success = _handle(request, complaint)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            complaint.refresh_from_db()  # the refused move rolled back; show what is stored
        else:
            messages.success(request, success)
            if visible(user, Complaint).filter(pk=pk).exists():
                return redirect("complaints:detail", pk=pk)
            return redirect("complaints:list")
    context = {
        "complaint": complaint,
        "person": services.complainant(user, complaint, via="page"),
        "handler": handler,
        "next_states": complaint.next_states(),
        "events": complaint.events.select_related("actor", "from_station", "to_station"),
        "follow_ups": complaint.follow_ups.all(),
        "evidence": (
            complaint.evidence.all() if user.has_perm("complaints.view_evidence", complaint) else []
        ),
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
            inspectors=services.inspectors_of(station_id),
            severities=Finding.Severity.choices,
            methods=FollowUp.Method.choices,
            satisfactions=FollowUp.Satisfaction.choices,
            accesses=complaint.accesses.select_related("user")[:20],
        )
    return render(request, "complaints/detail.html", context)


@signed_in("the file is served only to holders of complaints.view_evidence on it")
def evidence_file(request, pk: int):
    evidence = get_object_or_404(ComplaintEvidence.objects.select_related("complaint"), pk=pk)
    # The complainant's files are the handling side's, not the operator's.
    if not request.user.has_perm("complaints.view_evidence", evidence):
        raise Http404
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="complaint-evidence-{evidence.pk}"'
    return response
