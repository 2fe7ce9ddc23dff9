"""The campaign's figures, per station and for the county, with the year-on-year change: one
computation that the dashboard, its spreadsheets, the summary report's PDF and its workbook all
read.

The figures come from the apps below through their facts (each an aggregate query grouped by
station), never from their models. A section is made by a provider ``(period, station) ->
Section``; ``PROVIDERS`` lists them in the report's order, and ``from_summary`` turns another
module's ``summary_figures(campaign, station=None) -> [(label, value), ...]`` into one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fangxin.complaints import facts as complaint_facts
from fangxin.core.facts import Window
from fangxin.core.models import Station
from fangxin.evaluation import facts as evaluation_facts
from fangxin.monitoring import facts as monitoring_facts
from fangxin.oversight import lists_services as red_black
from fangxin.oversight import publicity
from fangxin.programme import facts as programme_facts
from fangxin.programme.models import Kind
from fangxin.selfcheck import facts as selfcheck_facts
from fangxin.supervision import facts as supervision_facts
from fangxin.titles import facts as title_facts

Rows = dict[int | None, dict]


# -- the period: a campaign and the one before it -----------------------------------------------


@dataclass(frozen=True)
class Period:
    """A campaign as the figures read it: its calendar year is the window of dated facts
    (inspections, complaints, monitoring), its id the key of enrolment-based ones; ``on`` is
    the day lists and lateness are read on (today, or the year's last day once it is past)."""

    id: int
    year: int
    name: str
    phases: tuple
    today: date
    previous: Period | None = None

    @property
    def window(self) -> Window:
        return Window.year(self.year)

    @property
    def on(self) -> date:
        return min(self.today, self.window.end)


def period(year: int, today: date) -> Period | None:
    """The campaign of ``year`` with the one before it, or None when there is no such
    campaign (three or four queries)."""
    fact = programme_facts.campaign_for(year)
    if fact is None or fact.year != year:
        return None
    before = programme_facts.previous_campaign(year)
    previous = (
        Period(before.ref.pk, before.year, before.name, before.phases, today) if before else None
    )
    return Period(fact.ref.pk, fact.year, fact.name, fact.phases, today, previous)


# -- what a section holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One figure: a count kept per station (``key`` in the rows) or, with ``derive``, one
    computed from a row's counts (a rate, a mean), which is then computed again on the total
    row rather than summed. ``link(period, station_id)`` is the list of the rows behind it."""

    key: str
    label: str
    link: Callable[[Period, int | None], str] | None = None
    derive: Callable[[dict], Decimal | None] | None = None
    unit: str = ""  # "%" for a rate


@dataclass(frozen=True)
class Chart:
    """A chart's data, drawn by ECharts on the dashboard and by matplotlib in the PDF.

    ``kind``: ``bar`` (grouped), ``stack`` (stacked bars), ``line``, ``hbar`` (horizontal
    bars, one series). ``links``: per category, the list behind it (or "")."""

    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list]]
    links: list[str] = field(default_factory=list)
    unit: str = ""

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "categories": self.categories,
            "series": [
                {"name": name, "data": [_plain(v) for v in data]} for name, data in self.series
            ],
            "links": self.links,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    value: object
    previous: object  # None: no previous campaign (or no comparable figure)
    url: str = ""
    unit: str = ""

    @property
    def shown(self) -> str:
        return show(self.value, self.unit)

    @property
    def previous_shown(self) -> str:
        return show(self.previous, self.unit)

    @property
    def change_shown(self) -> str:
        """ "+3（+12.5%）", "-1", "0", or "—" without a previous figure."""
        change = self.change
        if change is None:
            return "—"
        text = f"{change:+}" if change else "0"
        if self.unit == "%":
            return text + _("个百分点") if change else text
        pct = self.change_pct
        return f"{text}（{pct:+}%）" if pct is not None and change else text

    @property
    def trend(self) -> str:
        change = self.change
        return "" if not change else ("up" if change > 0 else "down")

    @property
    def change(self):
        if not _number(self.value) or not _number(self.previous):
            return None
        return self.value - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        """The change against the previous campaign in percent (None from zero)."""
        if self.change is None or not self.previous:
            return None
        return _round(Decimal(self.change) * 100 / Decimal(self.previous))


@dataclass(frozen=True)
class Cell:
    value: object
    url: str = ""

    @property
    def shown(self) -> str:
        return show(self.value)


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass
class Section:
    """One part of the report: its figures per station (``rows``, ``previous_rows``) for the
    ``stations`` in scope, the charts drawn from them, and a note on how they are counted.
    A section from another module (``from_summary``) has ``metrics_only`` instead."""

    key: str
    title: str
    period: Period
    station: Station | None
    stations: list[Station]
    columns: list[Column] = field(default_factory=list)
    rows: Rows = field(default_factory=dict)
    previous_rows: Rows | None = None
    charts: list[Chart] = field(default_factory=list)
    note: str = ""
    # The label of the row without a station (an item the office has not routed yet), if any.
    unassigned: str = ""
    metrics_only: list[Metric] = field(default_factory=list)
    # Counts summed like the columns but not shown (what a derived figure or a chart needs).
    hidden: list[str] = field(default_factory=list)

    def _scope_total(self, rows: Rows) -> dict:
        if self.station is not None:
            picked = [rows.get(self.station.pk, {})]
        else:
            picked = list(rows.values())
        return self._derive(_sum(picked, self._base_keys()))

    def _base_keys(self) -> list[str]:
        return [c.key for c in self.columns if c.derive is None] + self.hidden

    def _derive(self, row: dict) -> dict:
        row = {key: row.get(key, 0) or 0 for key in self._base_keys()}
        for column in self.columns:
            if column.derive is not None:
                row[column.key] = column.derive(row)
        return row

    @property
    def total(self) -> dict:
        return self._scope_total(self.rows)

    @property
    def metrics(self) -> list[Metric]:
        if self.metrics_only:
            return self.metrics_only
        now = self.total
        before = self._scope_total(self.previous_rows) if self.previous_rows is not None else None
        station_id = self.station.pk if self.station else None
        return [
            Metric(
                key=column.key,
                label=column.label,
                value=now[column.key],
                previous=before[column.key] if before is not None else None,
                url=column.link(self.period, station_id) if column.link else "",
                unit=column.unit,
            )
            for column in self.columns
        ]

    @property
    def table(self) -> list[TableRow]:
        """One row per station in scope (then the unrouted items, if any), and the total."""
        if not self.columns:
            return []
        table = []
        keyed: list[tuple[str, int | None]] = [(s.name, s.pk) for s in self.stations]
        if self.station is None and self.unassigned and None in self.rows:
            keyed.append((self.unassigned, None))
        for label, station_id in keyed:
            row = self._derive(self.rows.get(station_id, {}))
            table.append(
                TableRow(label, self._cells(row, station_id, unassigned=station_id is None))
            )
        if self.station is None:
            table.append(
                TableRow(_("全县"), self._cells(self.total, None, unassigned=False), total=True)
            )
        return table

    def _cells(self, row: dict, station_id: int | None, *, unassigned: bool) -> list[Cell]:
        return [
            Cell(
                row[c.key],
                c.link(self.period, station_id) if c.link and not unassigned else "",
            )
            for c in self.columns
        ]


def show(value, unit: str = "") -> str:
    """A figure as text: "—" for none, a rate with its unit."""
    if value is None or value == "":
        return "—"
    if _number(value):
        return f"{value}{unit}"
    return str(value)


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def _number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _round(value: Decimal | None, places: str = "0.1") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _sum(rows: list[dict], keys: list[str]) -> dict:
    return {key: sum((row.get(key) or 0) for row in rows) for key in keys}


def rate(part: str, whole: str | Callable[[dict], int]) -> Callable[[dict], Decimal | None]:
    def compute(row: dict) -> Decimal | None:
        base = whole(row) if callable(whole) else row.get(whole, 0)
        if not base:
            return None
        return _round(Decimal(row.get(part, 0)) * 100 / Decimal(base))

    return compute


def _url(name: str, *args, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _window_params(prefix: str, window: Window, *, after="_after", before="_before") -> dict:
    return {
        f"{prefix}{after}": window.start.isoformat(),
        f"{prefix}{before}": window.end.isoformat(),
    }


def _short(name: str) -> str:
    """A station's name on a chart's axis: "…市场监督管理所" as "…所"."""
    return name.replace("市场监督管理所", "所")


def _station_chart(
    section: Section, key: str, title: str, kind: str, keys: list[tuple[str, str]], link=None
) -> Chart:
    """A chart of some of a section's figures per station in scope."""
    stations = section.stations
    rows = [section._derive(section.rows.get(s.pk, {})) for s in stations]
    return Chart(
        key=key,
        title=title,
        kind=kind,
        categories=[_short(s.name) for s in stations],
        series=[(label, [row[k] or 0 for row in rows]) for k, label in keys],
        links=[link(section.period, s.pk) if link else "" for s in stations],
    )


def _section(key, title, period, station, stations, columns, fetch, **extra) -> Section:
    """A section of per-station counts: ``fetch(period)`` answers the rows for a period."""
    return Section(
        key=key,
        title=title,
        period=period,
        station=station,
        stations=stations,
        columns=columns,
        rows=fetch(period),
        previous_rows=fetch(period.previous) if period.previous else None,
        **extra,
    )


# -- the providers -----------------------------------------------------------------------------


def phases(period: Period, station: Station | None, stations: list[Station]) -> Section:
    """The campaign's phases and how far each has run (the same for every station)."""
    today = period.today
    categories, progress = [], []
    for phase in period.phases:
        days = (phase.ends_on - phase.starts_on).days + 1
        done = min(max((today - phase.starts_on).days + 1, 0), days)
        categories.append(phase.label)
        progress.append(int(done * 100 / days) if days > 0 else 0)
    current = next((p.label for p in period.phases if p.starts_on <= today <= p.ends_on), "")
    section = Section(
        key="phases",
        title=_("阶段进度"),
        period=period,
        station=station,
        stations=stations,
        note=_("各阶段已进行天数占该阶段天数的百分比（延长的阶段按延长后的结束日期）。"),
        metrics_only=[
            Metric("current", _("当前阶段"), current or _("无"), None),
            Metric(
                "phases_done",
                _("已结束阶段"),
                sum(1 for p in period.phases if p.ends_on < today),
                None,
                url=_url("programme:campaign-detail", period.year),
            ),
        ],
    )
    section.charts.append(
        Chart(
            "phase-progress",
            _("阶段进度"),
            "hbar",
            categories,
            [(_("进度"), progress)],
            links=[_url("programme:campaign-detail", period.year)] * len(categories),
            unit="%",
        )
    )
    return section


def _enrolment_link(status="", kind=""):
    return lambda p, _s: _url("programme:enrolments", p.year, status=status, kind=kind)


def participation(period: Period, station: Station | None, stations: list[Station]) -> Section:
    section = _section(
        "participation",
        _("参与情况"),
        period,
        station,
        stations,
        [
            Column("operators", _("参与经营主体"), _enrolment_link("enrolled")),
            Column("livestream", _("直播营销"), _enrolment_link("enrolled", Kind.LIVESTREAM)),
            Column("group_buying", _("社区团购"), _enrolment_link("enrolled", Kind.GROUP_BUYING)),
            Column("applied", _("待审核申请"), _enrolment_link("applied")),
            Column("withdrawn", _("已退出"), _enrolment_link("withdrawn")),
        ],
        lambda p: programme_facts.enrolment_counts(p.id),
        note=_("按经营主体所在乡镇（街道）的责任监管所统计；同时参加两类的经营主体计一户。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "enrolments",
            _("各监管所培育对象"),
            "stack",
            [("livestream", _("直播营销")), ("group_buying", _("社区团购"))],
        )
    )
    return section


def _selfcheck_link(status=""):
    return lambda p, s: _url("selfcheck:dashboard", campaign=p.year, station=s, status=status)


def self_inspection(period: Period, station: Station | None, stations: list[Station]) -> Section:
    def fetch(p: Period) -> Rows:
        rows = selfcheck_facts.self_inspection_counts(p.id)
        for station_id, counts in programme_facts.enrolment_counts(p.id).items():
            rows.setdefault(station_id, {})["enrolments"] = (
                counts["livestream"] + counts["group_buying"]
            )
        return rows

    section = _section(
        "selfcheck",
        _("自查自纠"),
        period,
        station,
        stations,
        [
            Column("enrolments", _("应自查"), _enrolment_link("enrolled")),
            Column("submitted", _("已提交"), _selfcheck_link("submitted")),
            Column("returned", _("退回整改"), _selfcheck_link("returned")),
            Column("accepted", _("已通过"), _selfcheck_link("accepted")),
            Column("rate", _("提交率"), derive=rate("submitted", "enrolments"), unit="%"),
        ],
        fetch,
        note=_("每个培育对象（经营主体的一类业务）一份自查；已提交含已退回和已通过。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "selfcheck",
            _("各监管所自查进度"),
            "bar",
            [("enrolments", _("应自查")), ("submitted", _("已提交")), ("accepted", _("已通过"))],
        )
    )
    return section


def _inspection_link(p: Period, s: int | None) -> str:
    return _url(
        "supervision:inspection-list", station=s, **_window_params("inspected_on", p.window)
    )


def _order_link(**params):
    return lambda p, s: _url("supervision:order-list", station=s, **params)


def governance(period: Period, station: Station | None, stations: list[Station]) -> Section:
    def fetch(p: Period) -> Rows:
        rows: Rows = {}
        for part in (
            supervision_facts.inspection_counts(p.window),
            supervision_facts.finding_counts(p.window),
            supervision_facts.order_counts(p.window, p.on),
            supervision_facts.sample_counts(p.window),
            supervision_facts.draw_counts(p.id),
        ):
            for station_id, counts in part.items():
                rows.setdefault(station_id, {}).update(counts)
        return rows

    plans = lambda p, s: _url("supervision:plan-list")  # noqa: E731
    dashboard = lambda p, s: _url("supervision:dashboard")  # noqa: E731
    section = _section(
        "governance",
        _("监督检查与整改"),
        period,
        station,
        stations,
        [
            Column("plans", _("抽查计划"), plans),
            Column("inspected", _("完成检查"), _inspection_link),
            Column("drawn", _("其中双随机"), _inspection_link),
            Column("findings", _("发现问题"), dashboard),
            Column("serious", _("其中严重"), dashboard),
            Column("orders", _("责令整改"), _order_link()),
            Column("verified", _("已销号"), _order_link(status="verified")),
            Column("overdue", _("逾期未整改"), _order_link(overdue="true")),
            Column("samples", _("抽样"), dashboard),
            Column("failed", _("不合格样品"), dashboard),
        ],
        fetch,
        hidden=["planned"],
        note=_("检查按实施监管所、其他按经营主体所属监管所统计；县级抽查计划计入全县。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "inspections",
            _("抽查与检查"),
            "bar",
            [("planned", _("计划检查")), ("inspected", _("完成检查")), ("drawn", _("其中双随机"))],
            link=_inspection_link,
        )
    )
    by_area = supervision_facts.findings_by_area(
        period.window, station.pk if station is not None else None
    )
    section.charts.append(
        Chart(
            "findings-by-area",
            _("发现问题（按要求方面）"),
            "hbar",
            [name for _code, name, _n in by_area],
            [(_("发现问题"), [n for _code, _name, n in by_area])],
            links=[_url("supervision:dashboard")] * len(by_area),
        )
    )
    return section


def evaluation(period: Period, station: Station | None, stations: list[Station]) -> Section:
    results = lambda p, s: _url("evaluation:results", p.year)  # noqa: E731
    bands = evaluation_facts.SCORE_BANDS
    section = _section(
        "evaluation",
        _("考核评价"),
        period,
        station,
        stations,
        [
            Column("scored", _("已评分"), results),
            Column("candidates", _("达到授予条件"), results),
            Column("mean", _("平均得分"), derive=_mean),
        ],
        lambda p: evaluation_facts.score_counts(p.id),
        # The sum of the totals makes the mean; the bands the distribution.
        hidden=["points", *(f"band_{i}" for i in range(len(bands)))],
        note=_("得分为最近一次计算的公布得分；达到授予条件：达到分数线且无否决事项。"),
    )
    total = section.total
    labels = [f"{low}–{high}" if high <= 100 else f"≥{low}" for low, high in bands]
    section.charts.append(
        Chart(
            "score-distribution",
            _("得分分布"),
            "bar",
            labels,
            [(_("培育对象"), [total[f"band_{i}"] for i in range(len(bands))])],
            links=[_url("evaluation:results", period.year)] * len(bands),
        )
    )
    return section


def _mean(row: dict) -> Decimal | None:
    if not row.get("scored"):
        return None
    return _round(Decimal(row["points"] or 0) / row["scored"])


def titles(period: Period, station: Station | None, stations: list[Station]) -> Section:
    register = lambda p, s: _url("titles:register")  # noqa: E731
    section = _section(
        "titles",
        _("称号授予与撤销"),
        period,
        station,
        stations,
        [
            Column("awarded", _("授予称号"), register),
            Column(f"awarded_{Kind.LIVESTREAM}", _("直播营销"), register),
            Column(f"awarded_{Kind.GROUP_BUYING}", _("社区团购"), register),
            Column(
                "revoked", _("撤销称号"), lambda p, s: _url("titles:register", status="revoked")
            ),
        ],
        lambda p: title_facts.title_counts(p.year, p.window.start, p.window.end),
        note=_("授予按称号所属年度；撤销按撤销日期在本年度内统计。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "titles",
            _("称号（按类型和监管所）"),
            "stack",
            [
                (f"awarded_{Kind.LIVESTREAM}", _("直播营销")),
                (f"awarded_{Kind.GROUP_BUYING}", _("社区团购")),
            ],
        )
    )
    return section


def _complaint_link(**params):
    def link(p: Period, s: int | None) -> str:
        return _url(
            "complaints:list",
            station=s,
            received_after=p.window.start.isoformat(),
            received_before=p.window.end.isoformat(),
            **params,
        )

    return link


def complaints(period: Period, station: Station | None, stations: list[Station]) -> Section:
    section = _section(
        "complaints",
        _("投诉举报"),
        period,
        station,
        stations,
        [
            Column("received", _("登记总数"), _complaint_link()),
            Column("complaints", _("投诉"), _complaint_link(kind="complaint")),
            Column("tipoffs", _("举报"), _complaint_link(kind="tipoff")),
            Column("substantiated", _("办结属实"), _complaint_link(substantiated="true")),
            Column("overdue", _("已超期"), _complaint_link(overdue="true")),
        ],
        lambda p: complaint_facts.complaint_counts(p.window, p.on),
        unassigned=_("待办公室分派"),
        note=_("按登记日期在本年度内统计，按分派的监管所归属。"),
    )
    station_id = station.pk if station is not None else None
    now = complaint_facts.complaint_months(period.window, station_id)
    months = [f"{period.year}-{m:02d}" for m in range(1, 13)]
    series = [(str(period.year), [now.get(m, 0) for m in months])]
    if period.previous is not None:
        before = complaint_facts.complaint_months(period.previous.window, station_id)
        year = period.previous.year
        series.append((str(year), [before.get(f"{year}-{m:02d}", 0) for m in range(1, 13)]))
    section.charts.append(
        Chart(
            "complaint-trend",
            _("投诉举报月度趋势"),
            "line",
            [f"{m}月" for m in range(1, 13)],
            series,
            links=[
                _url(
                    "complaints:list",
                    station=station_id,
                    received_after=f"{month}-01",
                    received_before=_month_end(period.year, i + 1).isoformat(),
                )
                for i, month in enumerate(months)
            ],
        )
    )
    return section


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def monitoring(period: Period, station: Station | None, stations: list[Station]) -> Section:
    materials = lambda p, s: _url(  # noqa: E731
        "monitoring:material-list",
        stream_after=p.window.start.isoformat(),
        stream_before=p.window.end.isoformat(),
    )
    dashboard = lambda p, s: _url("monitoring:dashboard")  # noqa: E731
    section = _section(
        "monitoring",
        _("网络监测"),
        period,
        station,
        stations,
        [
            Column("materials", _("监测材料"), materials),
            Column("scanned", _("已扫描"), materials),
            Column("confirmed_hits", _("确认问题"), dashboard),
        ],
        lambda p: monitoring_facts.monitoring_counts(p.window),
        note=_("按直播/监测日期在本年度内统计。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "monitoring",
            _("网络监测"),
            "bar",
            [("materials", _("监测材料")), ("confirmed_hits", _("确认问题"))],
        )
    )
    return section


def overdue_work(period: Period, station: Station | None, stations: list[Station]) -> Section:
    """Work late today: rectification orders waiting on the operator past their deadline and
    complaints open past theirs (whatever the campaign: what is late is late)."""

    def fetch(p: Period) -> Rows:
        rows: Rows = {}
        window = Window(date(2000, 1, 1), p.on)
        for station_id, counts in supervision_facts.order_counts(window, p.on).items():
            rows.setdefault(station_id, {})["orders_overdue"] = counts["overdue"]
        for station_id, counts in complaint_facts.complaint_counts(window, p.on).items():
            rows.setdefault(station_id, {})["complaints_overdue"] = counts["overdue"]
        return rows

    section = _section(
        "overdue",
        _("逾期事项"),
        period,
        station,
        stations,
        [
            Column("orders_overdue", _("逾期未整改"), _order_link(overdue="true")),
            Column(
                "complaints_overdue",
                _("投诉举报超期"),
                lambda p, s: _url("complaints:list", station=s, overdue="true"),
            ),
        ],
        fetch,
        unassigned=_("待办公室分派"),
        note=_("截至统计日仍逾期的事项，不限年度。"),
    )
    section.previous_rows = None  # what is late is read today; last year has no "today"
    section.charts.append(
        _station_chart(
            section,
            "overdue",
            _("逾期事项"),
            "stack",
            [("orders_overdue", _("逾期未整改")), ("complaints_overdue", _("投诉举报超期"))],
        )
    )
    return section


def lists(period: Period, station: Station | None, stations: list[Station]) -> Section:
    section = _section(
        "lists",
        _("重点监管与信用名单"),
        period,
        station,
        stations,
        [
            Column("watched", _("重点监管对象"), lambda p, s: _url("supervision:dashboard")),
            Column(
                "credit_listed", _("信用名单在列"), lambda p, s: _url("supervision:credit-list")
            ),
        ],
        lambda p: supervision_facts.list_counts(p.on),
        note=_("统计日（年度结束后为年末）在列的对象。"),
    )
    section.charts.append(
        _station_chart(
            section,
            "lists",
            _("重点监管与信用名单"),
            "bar",
            [("watched", _("重点监管对象")), ("credit_listed", _("信用名单在列"))],
        )
    )
    return section


Provider = Callable[[Period, Station | None, list[Station]], Section]


def from_summary(key: str, title: str, summary_figures) -> Provider:
    """A provider from another module's ``summary_figures(campaign, station=None)`` answering
    ``[(label, value), ...]``: its figures for this campaign, compared with the previous
    campaign's where both are numbers. ``campaign`` is the ``Period`` (``.id``, ``.year``,
    ``.window``, ``.on``)."""

    def provide(period: Period, station: Station | None, stations: list[Station]) -> Section:
        now = summary_figures(period, station=station)
        before = dict(summary_figures(period.previous, station=station)) if period.previous else {}
        return Section(
            key=key,
            title=title,
            period=period,
            station=station,
            stations=stations,
            metrics_only=[
                Metric(f"{key}-{i}", str(label), value, before.get(label))
                for i, (label, value) in enumerate(now)
            ],
        )

    return provide


# The report's sections, in order. The red and black list and publicity come from their own
# modules' ``summary_figures``, one line each.
PROVIDERS: list[Provider] = [
    phases,
    participation,
    self_inspection,
    governance,
    evaluation,
    titles,
    complaints,
    monitoring,
    overdue_work,
    lists,
    from_summary("redblack", pgettext_lazy("report section", "红黑榜"), red_black.summary_figures),
    from_summary(
        "publicity", pgettext_lazy("report section", "舆情与宣传"), publicity.summary_figures
    ),
]


@dataclass(frozen=True)
class Figures:
    period: Period
    station: Station | None
    sections: list[Section]

    @property
    def scope_label(self) -> str:
        return self.station.name if self.station is not None else _("全县")

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def chart(self, key: str) -> tuple[Section, Chart] | None:
        for section in self.sections:
            for chart in section.charts:
                if chart.key == key:
                    return section, chart
        return None


def figures(
    period: Period, station: Station | None = None, providers: list[Provider] | None = None
) -> Figures:
    """Every section for the campaign, for ``station`` (None: the county, per station)."""
    stations = [station] if station is not None else list(Station.objects.order_by("code"))
    return Figures(
        period=period,
        station=station,
        sections=[provide(period, station, stations) for provide in providers or PROVIDERS],
    )
