"""The monitoring dashboard and its spreadsheet: the office sees the county, a station's staff
the material about operators in their area, a monitor what it uploaded (all through
``visible()``); nobody else sees these figures."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fangxin.core.params import date_or, months_back
from fangxin.core.permissions import permission
from fangxin.core.scoping import visible
from fangxin.core.spreadsheets import download, neutralise

from . import dashboard as stats
from .models import Material

# The default range: this month and the eleven before it, so the trend has twelve bars.
DEFAULT_MONTHS = 12


def default_start(today: date) -> date:
    return months_back(today, DEFAULT_MONTHS)


def _figures(request) -> stats.Figures:
    user = request.user
    today = timezone.localdate()
    # Same parameter names as the material list, so the figures link to their rows.
    start = date_or(request.GET.get("date_from"), default_start(today))
    end = date_or(request.GET.get("date_to"), today)
    return stats.figures(visible(user, Material), start=start, end=end)


def _rate(value):
    """A rate for a cell: blank when no monitored time was recorded."""
    return "" if value is None else value


@permission("monitoring.view_dashboard")
def dashboard(request):
    figures = _figures(request)
    params = {"date_from": figures.start.isoformat(), "date_to": figures.end.isoformat()}
    chart = {
        # charts.js draws a stacked bar per category along "stations": here one per month.
        "stations": [row["label"] for row in figures.trend],
        "series": [
            {"name": _("已确认"), "data": [row["confirmed"] for row in figures.trend]},
            {"name": _("待复核"), "data": [row["pending"] for row in figures.trend]},
            {"name": _("已排除"), "data": [row["dismissed"] for row in figures.trend]},
        ],
        "colors": ["#dc3545", "#ffc107", "#adb5bd"],
    }
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "figures": figures,
            "s": figures.summary,
            "chart": chart,
            "query": urlencode(params),
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
    _sheet(
        book,
        _("概况"),
        [_("指标"), _("数值")],
        [
            (_("直播日期起"), figures.start.isoformat()),
            (_("直播日期止"), figures.end.isoformat()),
            (_("监测材料"), s.materials),
            (_("监测经营主体"), s.operators),
            (_("监测时长（小时）"), s.hours),
            (_("命中"), s.hits),
            (_("待复核"), s.pending),
            (_("已确认"), s.confirmed),
            (_("已排除"), s.dismissed),
            (_("每小时命中"), _rate(s.hits_per_hour)),
            (_("形成监测发现问题"), s.findings),
            (_("报请认定取消称号情形"), s.veto_events),
        ],
    )
    _sheet(
        book,
        _("按经营主体"),
        [
            _("经营主体"),
            _("监测材料"),
            _("监测时长（小时）"),
            _("命中"),
            _("已确认"),
            _("已排除"),
            _("待复核"),
            _("每小时命中"),
        ],
        (
            (
                row["name"],
                row["materials"],
                row["hours"],
                row["hits"],
                row["confirmed"],
                row["dismissed"],
                row["pending"],
                _rate(row["hits_per_hour"]),
            )
            for row in figures.operators
        ),
    )
    _sheet(
        book,
        _("问题类别"),
        [_("类别"), _("代码"), _("命中"), _("待复核"), _("已确认"), _("已排除")],
        (
            (
                row["name"],
                row["code"],
                row["hits"],
                row["pending"],
                row["confirmed"],
                row["dismissed"],
            )
            for row in figures.categories
        ),
    )
    _sheet(
        book,
        _("月度趋势"),
        [_("月份"), _("监测时长（小时）"), _("命中"), _("已确认"), _("已排除"), _("待复核")],
        (
            (
                row["label"],
                row["hours"],
                row["hits"],
                row["confirmed"],
                row["dismissed"],
                row["pending"],
            )
            for row in figures.trend
        ),
    )
    return book


@permission("monitoring.view_dashboard")
def dashboard_export(request):
    figures = _figures(request)
    buffer = io.BytesIO()
    workbook(figures).save(buffer)
    return download(buffer.getvalue(), f"monitoring-{figures.start}-{figures.end}.xlsx")
