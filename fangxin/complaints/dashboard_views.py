"""The complaints dashboard and its spreadsheet: the office sees the county (or one station),
a station's staff see their own station's items; nobody else sees these figures."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fangxin.core.models import Station
from fangxin.core.params import date_or, is_id, months_back
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import download, neutralise

from . import dashboard as stats
from .models import Complaint

# The default range: this month and the eleven before it, so the trend has twelve full bars.
DEFAULT_MONTHS = 12


def default_start(today: date) -> date:
    return months_back(today, DEFAULT_MONTHS)


def _figures(request) -> stats.Figures:
    user = request.user
    today = timezone.localdate()
    start = date_or(request.GET.get("received_after"), default_start(today))
    end = date_or(request.GET.get("received_before"), today)
    qs = visible(user, Complaint)
    station = None
    if user.has_perm("complaints.compare_stations"):
        raw = request.GET.get("station", "")
        station = Station.objects.filter(pk=raw).first() if is_id(raw) else None
        stations = [station] if station else list(Station.objects.order_by("code"))
        if station:
            qs = qs.filter(station=station)
    else:
        # The gate already keeps a station's staff to their own station's items.
        station = user.station
        stations = [station] if station else []
    return stats.figures(qs, today=today, start=start, end=end, stations=stations, station=station)


def _query(figures: stats.Figures) -> dict[str, str]:
    """The filters as GET parameters, named as the complaint list names them."""
    params = {
        "received_after": figures.start.isoformat(),
        "received_before": figures.end.isoformat(),
    }
    if figures.station:
        params["station"] = str(figures.station.pk)
    return params


@permission("complaints.view_dashboard")
def dashboard(request):
    figures = _figures(request)
    params = _query(figures)
    chart = {
        # charts.js draws a bar per category along "stations": here one per month.
        "stations": [row["label"] for row in figures.trend],
        "series": [
            {"name": _("投诉"), "data": [row["complaints"] for row in figures.trend]},
            {"name": _("举报"), "data": [row["tipoffs"] for row in figures.trend]},
        ],
        "colors": ["#0d6efd", "#fd7e14"],
    }
    return render(
        request,
        "complaints/dashboard.html",
        {
            "figures": figures,
            "s": figures.summary,
            "chart": chart,
            "all_stations": (
                Station.objects.order_by("code")
                if request.user.has_perm("complaints.compare_stations")
                else []
            ),
            "query": urlencode(params),
            "overdue_query": urlencode({"overdue": "true", **params}),
        },
    )


def _sheet(workbook: Workbook, title: str, header: list[str], rows) -> None:
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])


def workbook(figures: stats.Figures) -> Workbook:
    s = figures.summary
    book = Workbook()
    book.remove(book.active)
    scope = figures.station.name if figures.station else _("全县")
    _sheet(
        book,
        _("概况"),
        [_("指标"), _("数值")],
        [
            (_("统计范围"), str(scope)),
            (_("登记日期起"), figures.start.isoformat()),
            (_("登记日期止"), figures.end.isoformat()),
            (_("登记总数"), s.received),
            (_("其中投诉"), s.complaints),
            (_("其中举报"), s.tipoffs),
            (_("已受理"), s.accepted),
            (_("不予受理"), s.not_accepted),
            (_("在办"), s.open),
            (_("已超期"), s.overdue),
            (_("即将到期"), s.due_soon),
            (_("待办公室分派"), s.triage),
            (_("调解成功"), s.mediated),
            (_("调解未达成协议"), s.mediation_failed),
            (_("挽回经济损失（元）"), s.amount_recovered),
            (_("办结属实"), s.substantiated),
        ],
    )
    _sheet(
        book,
        _("按监管所"),
        [_("监管所"), _("登记数"), _("已超期"), _("调解成功"), _("挽回经济损失（元）")],
        (
            (
                row["station"].name if row["station"] else _("待办公室分派"),
                row["received"],
                row["overdue"],
                row["mediated"],
                row["recovered"],
            )
            for row in figures.stations
        ),
    )
    _sheet(
        book,
        _("问题类别"),
        [_("问题类别"), _("件数")],
        ((str(row["label"]), row["count"]) for row in figures.categories),
    )
    _sheet(
        book,
        _("被投诉经营主体"),
        [_("经营主体"), _("件数"), _("其中属实")],
        ((row["name"], row["count"], row["substantiated"]) for row in figures.operators),
    )
    _sheet(
        book,
        _("月度趋势"),
        [_("月份"), _("投诉"), _("举报"), _("合计")],
        ((row["label"], row["complaints"], row["tipoffs"], row["total"]) for row in figures.trend),
    )
    return book


@permission("complaints.view_dashboard")
def dashboard_export(request):
    figures = _figures(request)
    buffer = io.BytesIO()
    workbook(figures).save(buffer)
    return download(buffer.getvalue(), f"complaints-{figures.start}-{figures.end}.xlsx")
