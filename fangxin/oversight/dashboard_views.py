"""The office's and the stations' dashboard of a campaign, its spreadsheets, and the summary
report (PDF and workbook). The office sees the county or any one station; a station's staff
see their own station only (asking for another is refused, not silently changed)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.models import Station
from fangxin.core.params import is_id
from fangxin.core.permissions import permission
from fangxin.core.spreadsheets import download
from fangxin.programme import facts as programme_facts

from .report import figures as report_figures
from .report import pdf as report_pdf_module
from .report import workbook as report_workbook


def default_year(years: list[int], today) -> int | None:
    """The campaign of this year, else the latest one."""
    if not years:
        return None
    return today.year if today.year in years else years[0]


def chosen_station(user, raw: str) -> Station | None:
    """The station the figures are for: the office's choice (blank: the county); a station
    user's own, and no other."""
    raw = (raw or "").strip()
    if user.has_perm("oversight.compare_stations"):
        if not raw:
            return None
        station = Station.objects.filter(pk=raw).first() if is_id(raw) else None
        if station is None:
            raise Http404(_("没有这个监管所。"))
        return station
    own = user.station
    if own is None:
        raise PermissionDenied(_("您的账号未关联监管所。"))
    if raw and raw != str(own.pk):
        raise PermissionDenied(_("只能查看本所的统计。"))
    return own


def _scope(request):
    """The period and station asked for, checked; None as the period when there is no
    campaign yet."""
    today = timezone.localdate()
    years = programme_facts.campaign_years()
    raw = request.GET.get("campaign", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 and int(raw) in years else None
    if raw and year is None:
        raise Http404(_("没有这个培育年度。"))
    year = year or default_year(years, today)
    station = chosen_station(request.user, request.GET.get("station", ""))
    period = report_figures.period(year, today) if year else None
    return years, period, station


def _query(period, station) -> dict[str, str]:
    params = {"campaign": str(period.year)}
    if station is not None:
        params["station"] = str(station.pk)
    return params


def _filename(figures, suffix: str) -> str:
    scope = figures.station.code if figures.station else "county"
    return f"summary-{figures.period.year}-{scope}.{suffix}"


@permission("oversight.view_dashboard")
def dashboard(request):
    years, period, station = _scope(request)
    context = {
        "years": years,
        "period": period,
        "station": station,
        "all_stations": (
            Station.objects.order_by("code")
            if request.user.has_perm("oversight.compare_stations")
            else []
        ),
    }
    if period is not None:
        figures = report_figures.figures(period, station)
        context.update(
            figures=figures,
            charts={c.key: c.as_json() for s in figures.sections for c in s.charts},
            query=urlencode(_query(period, station)),
        )
    return render(request, "oversight/dashboard/dashboard.html", context)


def _figures_or_404(request):
    _years, period, station = _scope(request)
    if period is None:
        raise Http404(_("还没有培育年度。"))
    return report_figures.figures(period, station)


@permission("oversight.view_dashboard")
def dashboard_export(request):
    """The dashboard's figures as a workbook; ``?chart=KEY``: that chart's data only."""
    figures = _figures_or_404(request)
    key = request.GET.get("chart", "")
    if key:
        found = figures.chart(key)
        if found is None:
            raise Http404(_("没有这个图表。"))
        book = report_workbook.chart_workbook(*found)
        name = _filename(figures, f"{key}.xlsx")
    else:
        book = report_workbook.workbook(figures)
        name = _filename(figures, "xlsx")
    return download(report_workbook.to_bytes(book), name)


@permission("oversight.generate_report")
def report_pdf(request):
    """The summary report as a PDF, made now (a few seconds: inline, no queue)."""
    figures = _figures_or_404(request)
    content = report_pdf_module.pdf(figures, generated_by=request.user.get_full_name())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "pdf")}"'
    return response


@permission("oversight.generate_report")
def report_xlsx(request):
    figures = _figures_or_404(request)
    book = report_workbook.workbook(figures)
    return download(report_workbook.to_bytes(book), _filename(figures, "xlsx"))
