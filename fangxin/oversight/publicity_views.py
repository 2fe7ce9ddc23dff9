"""The pages of publicity records: an overview per campaign (and station) with the awareness
and participation figures, and one create/edit page per kind of record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fangxin.core.feedback import report_refusal
from fangxin.core.models import Station
from fangxin.core.params import is_id
from fangxin.core.permissions import permission, signed_in
from fangxin.core.scoping import visible
from fangxin.programme.models import Campaign

from . import incident_forms as forms
from . import publicity as services
from .incident_views import _apply
from .models import FieldVisit, Meeting, MeetingFile, PublicityActivity, PublicityMaterial


def _campaign(request):
    year = request.GET.get("year", "")
    campaigns = Campaign.objects.order_by("-year")
    chosen = campaigns.filter(year=int(year)).first() if is_id(year) else None
    return chosen or campaigns.first(), campaigns


@permission("oversight.view_publicity")
def overview(request):
    user = request.user
    campaign, campaigns = _campaign(request)
    station = None
    is_station = not user.has_perm("oversight.choose_record_station")
    if is_station:
        station = Station.objects.filter(pk=user.station_id).first()
    elif is_id(request.GET.get("station", "")):
        station = Station.objects.filter(pk=int(request.GET["station"])).first()
    rows = {}
    for key, model in (
        ("activities", PublicityActivity),
        ("meetings", Meeting),
        ("visits", FieldVisit),
    ):
        qs = visible(user, model).filter(campaign=campaign).select_related("station")
        if station is not None:
            qs = qs.filter(station=station)
        rows[key] = qs[:100]
    return render(
        request,
        "oversight/publicity/overview.html",
        {
            "campaign": campaign,
            "campaigns": campaigns,
            "station": station,
            "stations": Station.objects.all(),
            "is_station": is_station,
            "figures": services.awareness_figures(campaign, station) if campaign else None,
            **rows,
        },
    )


KINDS = {
    "activity": (PublicityActivity, forms.PublicityActivityForm, "materials", _("宣传活动")),
    "meeting": (Meeting, forms.MeetingForm, "file", _("工作会议")),
    "visit": (FieldVisit, forms.FieldVisitForm, None, _("走访调研")),
}


def _edit(request, kind: str, pk: int | None):
    model, form_class, file_field, title = KINDS[kind]
    row = get_object_or_404(visible(request.user, model), pk=pk) if pk else model()
    if pk and not request.user.has_perm("oversight.manage_publicity", row):
        raise PermissionDenied
    form = form_class(request.POST or None, request.FILES or None, instance=row, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get(file_field) if file_field else None
        try:
            saved = services.save_record(request.user, form.instance, [upload] if upload else [])
        except ValidationError as exc:
            _apply(form, exc)
        except PermissionDenied as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("已保存。"))
            url = f"?year={saved.campaign.year}"
            return redirect(f"{_overview_url()}{url}")
    files = []
    if pk and kind == "activity":
        files = [(f, "activity") for f in row.materials.all()]
    elif pk and kind == "meeting":
        files = [(f, "meeting") for f in row.files.all()]
    return render(
        request,
        "oversight/publicity/form.html",
        {"form": form, "title": title, "row": row, "files": files},
    )


def _overview_url() -> str:
    from django.urls import reverse

    return reverse("oversight:publicity")


@permission("oversight.manage_publicity")
def activity_edit(request, pk: int | None = None):
    return _edit(request, "activity", pk)


@permission("oversight.manage_publicity")
def meeting_edit(request, pk: int | None = None):
    return _edit(request, "meeting", pk)


@permission("oversight.manage_publicity")
def visit_edit(request, pk: int | None = None):
    return _edit(request, "visit", pk)


FILES = {"activity": PublicityMaterial, "meeting": MeetingFile}


@signed_in("the file is served only to those who see its record (visible())")
def record_file(request, kind: str, pk: int):
    if kind not in FILES:
        raise Http404
    stored = get_object_or_404(visible(request.user, FILES[kind]), pk=pk)
    if not request.user.has_perm("oversight.view_publicity"):
        raise Http404
    response = FileResponse(stored.file.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="{kind}-{stored.pk}"'
    return response
