"""The figures the dashboard and the report share: counts per station and for the county,
and the change against the previous campaign, on a county counted by hand."""

from __future__ import annotations

from decimal import Decimal

from fangxin.oversight.report import figures as report_figures

from .report_fixtures import TODAY, county_fixture  # noqa: F401 - the fixture


def _figures(station=None):
    period = report_figures.period(2026, TODAY)
    return report_figures.figures(period, station)


def _metrics(section):
    return {m.key: m for m in section.metrics}


def _table(section):
    return {row.label: [cell.value for cell in row.cells] for row in section.table}


def test_the_period_knows_the_previous_campaign(county):
    period = report_figures.period(2026, TODAY)
    assert (period.year, period.previous.year) == (2026, 2025)
    assert report_figures.period(2025, TODAY).previous is None
    assert report_figures.period(2019, TODAY) is None


def test_participation_per_station_and_county_with_the_change(county):
    figures = _figures()
    section = figures.section("participation")
    metrics = _metrics(section)
    assert metrics["operators"].value == 4  # 3 north + 1 south (the other withdrew)
    assert metrics["operators"].previous == 2
    assert metrics["operators"].change == 2
    assert metrics["operators"].change_pct == Decimal("100.0")
    assert metrics["livestream"].value == 3
    assert metrics["group_buying"].value == 2
    assert metrics["withdrawn"].value == 1
    table = _table(section)
    # operators, livestream, group buying, applied, withdrawn
    assert table["北城市场监督管理所"] == [3, 3, 1, 0, 0]
    assert table["南城市场监督管理所"] == [1, 0, 1, 0, 1]
    assert table["全县"] == [4, 3, 2, 0, 1]
    chart = section.charts[0]
    assert chart.categories == ["北城所", "南城所"]
    assert chart.series[0][1] == [3, 0]


def test_one_station_sees_its_own_figures(county):
    figures = _figures(county.north)
    metrics = _metrics(figures.section("participation"))
    assert (metrics["operators"].value, metrics["operators"].previous) == (3, 1)
    assert [row.label for row in figures.section("participation").table] == ["北城市场监督管理所"]
    complaints = _metrics(figures.section("complaints"))
    assert (complaints["received"].value, complaints["received"].previous) == (2, 1)
    assert complaints["tipoffs"].value == 1
    assert complaints["substantiated"].value == 1


def test_self_inspection_rate_is_computed_again_on_the_total(county):
    section = _figures().section("selfcheck")
    table = _table(section)
    # enrolments, submitted, returned, accepted, rate
    assert table["北城市场监督管理所"] == [4, 3, 0, 2, Decimal("75.0")]
    assert table["南城市场监督管理所"] == [1, 0, 0, 0, Decimal("0.0")]
    assert table["全县"] == [5, 3, 0, 2, Decimal("60.0")]
    rate = _metrics(section)["rate"]
    assert rate.previous == Decimal("0.0")  # two enrolled in 2025, none submitted
    assert rate.change_shown == "+60.0个百分点"


def test_governance_counts_inspections_findings_and_late_orders(county):
    section = _figures().section("governance")
    metrics = _metrics(section)
    assert (metrics["inspected"].value, metrics["inspected"].previous) == (3, 1)
    assert metrics["findings"].value == 1
    assert metrics["serious"].value == 1
    assert metrics["orders"].value == 1
    assert metrics["overdue"].value == 1
    assert "station=" not in metrics["inspected"].url
    assert "inspected_on_after=2026-01-01" in metrics["inspected"].url
    north = next(r for r in section.table if r.label == "北城市场监督管理所")
    assert f"station={county.north.pk}" in north.cells[1].url
    by_area = next(c for c in section.charts if c.key == "findings-by-area")
    assert by_area.series[0][1] == [1]


def test_complaints_trend_compares_the_two_years(county):
    section = _figures().section("complaints")
    trend = next(c for c in section.charts if c.key == "complaint-trend")
    this_year, last_year = trend.series
    assert this_year[0] == "2026" and last_year[0] == "2025"
    assert this_year[1][2] == 2  # March 2026
    assert this_year[1][7] == 1  # August 2026
    assert last_year[1][6] == 1  # July 2025
    assert "received_after=2026-03-01" in trend.links[2]
    assert "received_before=2026-03-31" in trend.links[2]


def test_overdue_work_and_phases(county):
    figures = _figures()
    overdue = _metrics(figures.section("overdue"))
    assert overdue["orders_overdue"].value == 1
    assert overdue["orders_overdue"].previous is None
    phases = figures.section("phases")
    progress = phases.charts[0].series[0][1]
    assert progress[:-1] == [100] * (len(progress) - 1)  # all but the summary phase are over
    assert 0 < progress[-1] < 100  # December 2: the summary phase has begun
    assert _metrics(phases)["current"].value == phases.charts[0].categories[-1]


def test_a_summary_from_another_module_becomes_a_section(county):
    def summary_figures(campaign, station=None):
        return [("红榜", campaign.year - 2000), ("黑榜", "—")]

    provider = report_figures.from_summary("elsewhere", "红黑榜", summary_figures)
    period = report_figures.period(2026, TODAY)
    figures = report_figures.figures(period, None, [*report_figures.PROVIDERS, provider])
    metrics = figures.section("elsewhere").metrics
    assert [(m.label, m.value, m.previous, m.change) for m in metrics] == [
        ("红榜", 26, 25, 1),
        ("黑榜", "—", "—", None),
    ]


def test_each_aggregate_fact_is_one_query_whatever_the_county(county, django_assert_num_queries):
    from fangxin.complaints import facts as complaint_facts
    from fangxin.core.facts import Window
    from fangxin.evaluation import facts as evaluation_facts
    from fangxin.monitoring import facts as monitoring_facts
    from fangxin.programme import facts as programme_facts
    from fangxin.selfcheck import facts as selfcheck_facts
    from fangxin.supervision import facts as supervision_facts
    from fangxin.titles import facts as title_facts

    campaign, window = county.campaign_2026.pk, Window.year(2026)
    calls = [
        lambda: programme_facts.enrolment_counts(campaign),
        lambda: selfcheck_facts.self_inspection_counts(campaign),
        lambda: supervision_facts.inspection_counts(window),
        lambda: supervision_facts.finding_counts(window),
        lambda: supervision_facts.findings_by_area(window),
        lambda: supervision_facts.order_counts(window, TODAY),
        lambda: supervision_facts.sample_counts(window),
        lambda: supervision_facts.draw_counts(campaign),
        lambda: complaint_facts.complaint_counts(window, TODAY),
        lambda: complaint_facts.complaint_months(window),
        lambda: monitoring_facts.monitoring_counts(window),
        lambda: evaluation_facts.score_counts(campaign),
        lambda: title_facts.title_counts(2026, window.start, window.end),
    ]
    for call in calls:
        with django_assert_num_queries(1):
            call()
    with django_assert_num_queries(2):
        supervision_facts.list_counts(TODAY)
    assert supervision_facts.order_counts(window, TODAY)[county.north.pk] == {
        "orders": 1,
        "verified": 0,
        "overdue": 1,
    }
    assert complaint_facts.complaint_months(window, county.north.pk) == {"2026-03": 2}
