"""A KPI chart over many years labels a readable number of weeks, and draws every value.

The time axis is thinned before its ticks are made (one tick a week over ten years took
seconds a chart to lay out): structure, not timing, is checked here; the times are in
``benchmarks/bench_report_charts.py``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from servicemodel.model import AgentReply, SatisfactionRating, Ticket, TicketHistory

pytest.importorskip("matplotlib")

from servicemodel.report import build_report
from servicemodel.report._charts import kpi_charts, time_ticks
from servicemodel.report._svg import figure, style

T0 = datetime(2016, 1, 4, 9, tzinfo=UTC)  # a Monday
MAX_LABELS = 12  # labels on a 4.2-inch axis: each about 40 px wide with its gap
MAX_TICKS = 150  # labelled and minor ticks: no closer than about 2 px on the axis


def weekly(weeks: int) -> list[TicketHistory]:
    out = []
    for w in range(weeks):
        at = T0 + timedelta(weeks=w)
        events = [
            AgentReply("a", at + timedelta(hours=1 + w % 5)),
            SatisfactionRating("r", at + timedelta(days=1), score=1 + w % 5),
        ]
        out.append(TicketHistory(Ticket(f"T{w}", at), events))
    return out


def x_axis(svg: str, cid: str) -> tuple[int, list[str]]:
    """Return the number of x ticks (labelled or not) and the x tick labels of a chart's SVG."""
    region = svg[
        svg.index(f'id="{cid}-matplotlib.axis_1"') : svg.index(f'id="{cid}-matplotlib.axis_2"')
    ]
    return region.count(f'id="{cid}-xtick_'), re.findall(r"<text[^>]*>([^<]*)</text>", region)


def test_a_ten_year_kpi_chart_keeps_few_labels_in_order_and_every_value() -> None:
    report = build_report(weekly(520))
    weeks = [w.label for w in report.kpi.by_week]
    assert len(weeks) >= 520
    charts = [c for c in kpi_charts(report) if c.svg is not None]
    assert charts, "a KPI with a value every week is drawn"
    for chart in charts:
        svg = chart.svg or ""
        ticks, labels = x_axis(svg, chart.id)
        assert 2 <= len(labels) <= MAX_LABELS, (chart.id, labels)
        assert ticks <= MAX_TICKS, (chart.id, ticks)
        # Each label names a week of the data in full (with its year), in order.
        assert all(lab in weeks for lab in labels), (chart.id, labels)
        assert [weeks.index(lab) for lab in labels] == sorted(weeks.index(lab) for lab in labels)
        # Thinning the axis drops no value: every week with one keeps its marker.
        marks = re.findall(rf'<g id="{chart.id}--marks-[a-z]+">(.*?)</g>\s*</g>', svg, re.S)
        assert sum(m.count("<use ") for m in marks) == chart.marks


def test_thirty_years_of_weeks_make_a_dozen_labels_not_one_tick_a_week() -> None:
    n = 30 * 52
    full = [f"{1996 + k // 52}-W{1 + k % 52:02d}" for k in range(n)]
    short = [x.split("-")[-1] for x in full]
    with style():
        fig = figure(4.2, 2.4)
        ax = fig.add_subplot()
        xs = list(range(n))
        ax.plot(xs, [k % 7 for k in xs])
        ax.tick_params(axis="x", labelsize=7)
        time_ticks(ax, xs, short, full)
        fig.draw_without_rendering()
        major, minor = ax.get_xticks(), ax.get_xticks(minor=True)
        shown = [(t.get_position()[0], t.get_text()) for t in ax.get_xticklabels()]
    assert 2 <= len(major) <= MAX_LABELS
    assert len(major) + len(minor) <= MAX_TICKS
    assert [text for _, text in shown] == [full[int(x)] for x, _ in shown]
    assert [x for x, _ in shown] == sorted(x for x, _ in shown)
