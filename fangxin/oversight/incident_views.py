"""The pages of public-opinion incidents: the list, recording one, and one page per incident
where the office judges it and the station or the office holds the interview and closes it."""

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
from fangxin.core.params import is_id
from fangxin.core.permissions import permission, signed_in
from fangxin.core.scoping import visible
from fangxin.supervision import services as supervision

from . import incident_forms as forms
from . import incidents as services
from .models import Incident, IncidentEvidence


@permission("oversight.view_incidents")
def incident_list(request):
    qs = visible(request.user, Incident).select_related("operator__area__station")
    status = request.GET.get("status", "")
    if status in Incident.Status.values:
        qs = qs.filter(status=status)
    station = request.GET.get("station", "")
    if is_id(station):
        qs = qs.filter(operator__area__station_id=int(station))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/incidents/list.html",
        {
            "page": page,
            "statuses": Incident.Status.choices,
            "status": status,
            "stations": Station.objects.all(),
            "station": station,
            "query": f"status={status}&station={station}",
        },
    )


@permission("oversight.record_incident")
def incident_create(request):
    form = forms.IncidentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.record_incident(
                request.user,
                data["operator"],
                source=data["source"],
                occurred_on=data["occurred_on"],
                summary=data["summary"],
                link=data["link"],
                uploads=[data["evidence"]] if data["evidence"] else [],
            )
        except ValidationError as exc:
            _apply(form, exc)
        except PermissionDenied as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("舆情事件已登记。"))
            return redirect("oversight:incident-detail", pk=incident.pk)
    return render(request, "oversight/incidents/form.html", {"form": form})


def _apply(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


ACTIONS = {
    "judge": forms.JudgeForm,
    "interview": forms.InterviewForm,
    "close": forms.CloseForm,
    "evidence": forms.EvidenceForm,
}


def _act(request, incident: Incident, action: str) -> None:
    if action not in ACTIONS:
        raise ValidationError(_("未知的操作。"))
    kwargs = {"areas": supervision.area_choices(timezone.localdate())}
    form_class = ACTIONS[action]
    form = (
        form_class(request.POST, request.FILES, **kwargs)
        if action == "interview"
        else form_class(request.POST, request.FILES)
    )
    if not form.is_valid():
        raise forms.refusal(form)
    data, user = form.cleaned_data, request.user
    if action == "judge":
        services.judge_incident(user, incident, data["major"], data["reason"])
    elif action == "interview":
        services.hold_interview(
            user,
            incident,
            held_on=data["held_on"],
            summary=data["summary"],
            requirement=data["requirement"],
            area=data["area"],
            working_days=data["working_days"],
            number=data["number"],
        )
    elif action == "close":
        services.close_incident(user, incident, data["note"])
    else:
        services.add_evidence(user, incident, [data["evidence"]])


@permission("oversight.view_incidents")
def incident_detail(request, pk: int):
    incident = get_object_or_404(
        visible(request.user, Incident).select_related(
            "operator__area__station", "measure", "order", "recorded_by", "judged_by"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            _act(request, incident, request.POST.get("action", ""))
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("oversight:incident-detail", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/incidents/detail.html",
        {
            "incident": incident,
            "evidence": incident.evidence.all(),
            "judge_form": forms.JudgeForm(),
            "interview_form": forms.InterviewForm(
                initial={"held_on": today}, areas=supervision.area_choices(today)
            ),
            "close_form": forms.CloseForm(),
            "evidence_form": forms.EvidenceForm(),
            "may_judge": request.user.has_perm("oversight.judge_incident", incident),
            "may_interview": request.user.has_perm("oversight.hold_interview", incident),
            "may_close": request.user.has_perm("oversight.close_incident", incident)
            and _closable(incident),
            "may_add": request.user.has_perm("oversight.record_incident", incident),
            "S": Incident.Status,
        },
    )


def _closable(incident: Incident) -> bool:
    """Not of major impact, or interviewed with its order verified (销号)."""
    if incident.status == Incident.Status.NOT_MAJOR:
        return True
    order = incident.order
    return incident.status == Incident.Status.INTERVIEWED and (
        order is None or order.status == order.Status.VERIFIED
    )


@signed_in("the file is served only to those who see its incident (visible())")
def incident_evidence(request, pk: int):
    evidence = get_object_or_404(visible(request.user, IncidentEvidence), pk=pk)
    if not request.user.has_perm("oversight.view_incidents", evidence.incident):
        raise Http404
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="incident-evidence-{evidence.pk}"'
    return response
