"""The HTML report's charts draw what the numbers say, read back from the SVG alone.

Found by reading the drawn geometry of the sample's and the fixtures' reports against their
JSON figures (positions mapped to values through the axis' own tick labels):

* a KPI with no value in any week drew empty axes scaled -0.04..0.04, which read as a zero;
  an SLA chart with no clock achieved or breached yet, or a survival chart with no reply
  yet, said "Charts need matplotlib" with matplotlib installed. Each now says there is
  nothing to draw;
* a survival chart's axis ended at 1.25 x the largest p90, so a curve whose median lay
  beyond it (a channel of few tickets, half of them still waiting) had its median marker and
  its fall cut off. Law: every drawn median marker lies inside the plot area;
* a KPI week whose interval is open on one side (``[15.54, ?]``) had no band, and a week
  whose neighbours have no interval had a band of no width. Law: every week's interval is
  shaded with some width, from its lower bound (or the axes' bottom) to its upper bound (or
  the axes' top), and no week without one is;
* a chart's title (a long policy or goal name) ran past the SVG's edge and was cut without a
  sign; a caption holding a long unbroken name (a channel of 120 letters) widened its figure
  past its grid column, over the next chart, and the page past a phone's width;
* a goal chart placed its periods in wall-clock days (two instants of one zone subtract
  without their offsets), an hour off across a DST change from the UTC days its trend line
  is fitted in.
"""

from __future__ import annotations

import math
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib")

from servicemodel.goals import goals_from_file
from servicemodel.io import load_jsonl
from servicemodel.kpi import Estimate
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report import ReportOptions, build_report, render_html
from servicemodel.report._charts import _band, chart_title, kpi_charts, sla_charts
from servicemodel.report._charts_time import goal_charts, survival_charts
from servicemodel.report._page import NO_CHARTS
from servicemodel.report._svg import figure, style
from servicemodel.sla import PolicySet, SLAPolicy, Target

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SLOW = settings(deadline=None, max_examples=12)


def _box(svg: str, cid: str) -> tuple[float, float, float, float]:
    """The plot area (x0, y0, x1, y1) in SVG pixels: the axes' background patch."""
    root = ET.fromstring(svg)
    patch = next(e for e in root.iter() if e.get("id") == f"{cid}-patch_2")
    nums = [float(v) for v in re.findall(r"-?\d+\.?\d*", patch.find(f"{SVG}path").get("d"))]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _marks(svg: str, cid: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    return [
        (float(u.get("x")), float(u.get("y")))
        for g in root.iter(f"{SVG}g")
        if (g.get("id") or "").startswith(f"{cid}--marks-")
        for u in g.iter(f"{SVG}use")
    ]


def _figure_of(page: str, cid: str) -> str:
    m = re.search(rf'<figure[^>]*data-chart="{cid}".*?</figure>', page, re.S)
    assert m is not None, cid
    return m.group(0)


# --- nothing to draw ------------------------------------------------------------------------


def test_a_kpi_with_no_value_says_so_instead_of_drawing_axes_around_zero() -> None:
    # Replies but no rating: CSAT and NPS have no value in any week.
    histories = [_replied(f"T{i}", "email", i + 1.0) for i in range(3)]
    report = build_report(histories)
    charts = {c.id: c for c in kpi_charts(report)}
    nps = charts["chart-kpi-nps"]
    assert (nps.svg, nps.series, nps.marks) == (None, 0, 0)
    assert nps.empty == "Nothing to draw: NPS has no value in any week."
    assert charts["chart-kpi-frt-p50"].svg is not None
    assert charts["chart-kpi-frt-p50"].empty == ""
    shown = _figure_of(render_html(report), "chart-kpi-nps")
    assert "Nothing to draw: NPS has no value in any week." in shown
    assert "<svg" not in shown
    assert "matplotlib" not in shown


def test_an_sla_chart_with_no_clock_judged_yet_says_so_not_that_matplotlib_is_missing() -> None:
    policies = PolicySet.from_file(ROOT / "examples" / "policies" / "standard.toml")
    waiting = TicketHistory(Ticket("W", T0), [])  # its clocks run: none achieved or breached
    report = build_report([waiting], ReportOptions(policies=policies))
    (chart, *_) = sla_charts(report)
    assert chart.svg is None
    assert chart.marks == 0
    assert chart.empty == "Nothing to draw: no clock was achieved or breached yet."
    shown = _figure_of(render_html(report), "chart-sla")
    assert chart.empty in shown
    assert NO_CHARTS.split(":")[0] not in shown


def test_a_survival_chart_with_no_reply_yet_says_so() -> None:
    report = build_report([TicketHistory(Ticket("W", T0), [])])
    first = {c.id: c for c in survival_charts(report)}["chart-survival-first-reply"]
    assert first.svg is None
    assert first.empty == "Nothing to draw: no first reply observed yet."


def test_without_matplotlib_a_chart_with_values_still_names_the_extra(monkeypatch) -> None:
    import servicemodel.report._html as html_mod

    monkeypatch.setattr(html_mod, "have_matplotlib", lambda: False)
    histories = [TicketHistory(Ticket("A", T0), [AgentReply("r", T0 + timedelta(hours=1))])]
    shown = _figure_of(render_html(build_report(histories)), "chart-kpi-frt-p50")
    assert "Charts need matplotlib" in shown


# --- survival: the axis holds every median --------------------------------------------------


def _replied(cid: str, channel: str, hours: float) -> TicketHistory:
    at = T0 + timedelta(hours=hours)
    return TicketHistory(Ticket(cid, T0, channel=channel), [AgentReply("r", at)])


def _check_marks_inside(report: Any) -> int:
    drawn = 0
    for chart in survival_charts(report):
        if chart.svg is None:
            continue
        x0, y0, x1, y1 = _box(chart.svg, chart.id)
        marks = _marks(chart.svg, chart.id)
        assert len(marks) == chart.marks
        for x, y in marks:
            assert x0 - 0.5 <= x <= x1 + 0.5, (chart.id, x)
            assert y0 - 0.5 <= y <= y1 + 0.5, (chart.id, y)
        drawn += len(marks)
    return drawn


def test_a_median_beyond_the_other_curves_p90_is_inside_the_plot() -> None:
    # web: one reply at 2.5 h (p90 2.5 h); email: one at 6 h and one still waiting at 10 h,
    # so its median is 6 h, far past 1.25 x 2.5 h, where the axis used to end.
    histories = [
        _replied("W1", "web", 2.5),
        _replied("E1", "email", 6.0),
        TicketHistory(
            Ticket("E2", T0, channel="email"), [AgentReply("r", T0 + timedelta(hours=40))]
        ),
    ]
    report = build_report(histories, ReportOptions(at=T0 + timedelta(hours=10)))
    medians = {s.label: s.figure("frt_p50").value for s in report.kpi.by_channel}
    assert medians == {"email": 6.0, "web": 2.5}
    assert report.kpi.overall.figure("frt_p50").value == 6.0
    assert report.kpi.overall.figure("frt_p90").value is None
    assert _check_marks_inside(report) == 3  # overall's, email's and web's medians, in view


@SLOW
@given(
    fast=st.lists(st.floats(0.1, 5.0), min_size=1, max_size=8),
    slow=st.lists(st.floats(5.0, 300.0), min_size=1, max_size=4),
    waiting=st.integers(0, 4),
)
def test_every_median_marker_lies_inside_the_plot_area(fast, slow, waiting) -> None:
    histories = [_replied(f"F{i}", "chat", h) for i, h in enumerate(fast)]
    histories += [_replied(f"S{i}", "email", h) for i, h in enumerate(slow)]
    histories += [TicketHistory(Ticket(f"W{i}", T0, channel="email"), []) for i in range(waiting)]
    at = T0 + timedelta(hours=max(slow) + 1)
    _check_marks_inside(build_report(histories, ReportOptions(at=at)))


# --- KPI bands: every interval shaded, with width -------------------------------------------

bound = st.one_of(st.none(), st.floats(0.0, 100.0))


@st.composite
def weekly(draw: Any) -> list[Estimate]:
    out = []
    for _ in range(draw(st.integers(1, 9))):
        lo, hi = sorted((draw(st.floats(0.0, 100.0)), draw(st.floats(0.0, 100.0))))
        value = draw(st.one_of(st.none(), st.just((lo + hi) / 2)))
        keep_lo, keep_hi = draw(st.booleans()), draw(st.booleans())
        out.append(
            Estimate("x", value, 5, lower=lo if keep_lo else None, upper=hi if keep_hi else None)
        )
    return out


@SLOW
@given(weekly())
def test_every_weeks_interval_is_shaded_with_width_and_no_other_week_is(ests) -> None:
    with style():
        ax = figure(4.2, 2.4).add_subplot()
        ys = [math.nan if e.value is None else e.value for e in ests]
        ax.plot(range(len(ests)), ys)
        _band(ax, ests, "h", "band")
        bottom, top = ax.get_ylim()
        polys = [p.vertices for c in ax.collections for p in c.get_paths()]
    for x, e in enumerate(ests):
        want_lo = bottom if e.lower is None else e.lower
        want_hi = top if e.upper is None else e.upper
        near = [v for poly in polys for v in poly if abs(v[0] - x) <= 0.25 + 1e-9]
        if e.lower is None and e.upper is None:
            assert not [v for v in near if abs(v[0] - x) < 0.7], x
            continue
        width = [p for p in polys if min(p[:, 0]) <= x <= max(p[:, 0])]
        assert any(max(p[:, 0]) - min(p[:, 0]) >= 0.5 - 1e-9 for p in width), x
        ys_near = [v[1] for v in near]
        assert any(math.isclose(y, want_lo, abs_tol=1e-6) for y in ys_near), (x, want_lo)
        assert any(math.isclose(y, want_hi, abs_tol=1e-6) for y in ys_near), (x, want_hi)
        assert bottom <= min(ys_near)
        assert max(ys_near) <= top


def test_an_open_interval_reaches_the_charts_edge_and_the_text_says_so() -> None:
    # Ten replied at 1..10 h, one still waiting: p90 is 10 h, [8 h, ?].
    histories = [_replied(f"A{i}", "email", i + 1.0) for i in range(10)]
    histories.append(TicketHistory(Ticket("W", T0), []))
    report = build_report(histories, ReportOptions(at=T0 + timedelta(hours=15)))
    (open_week,) = report.kpi.by_week
    charts = {c.id: c for c in kpi_charts(report)}
    opened = [
        charts[f"chart-kpi-{key.replace('_', '-')}"]
        for key in ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")
        if (open_week.figure(key).lower is None) != (open_week.figure(key).upper is None)
    ]
    assert opened  # the week's p90 at least is open above
    assert open_week.figure("frt_p90").upper is None
    for chart in opened:
        assert "open on one side, shaded to the chart's edge" in chart.desc
        assert f'id="{chart.id}--band"' in (chart.svg or "")


# --- goals: days in UTC ---------------------------------------------------------------------


def test_a_goal_charts_periods_are_placed_in_utc_days_across_a_dst_change() -> None:
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    options = ReportOptions(
        tz="Europe/Berlin",
        goals=goals_from_file(ROOT / "examples" / "goals.toml"),
        at=datetime.fromisoformat("2026-11-02T08:37:37+01:00"),
    )
    report = build_report(histories, options)
    g = report.goals.goals[0]
    chart = goal_charts(report)[0]
    xs = sorted(x for x, _ in _marks(chart.svg, chart.id))
    starts = [p.start for p in g.series if p.estimate.value is not None]
    # In UTC: two instants of one zone subtract as wall-clock times.
    days = [(s.astimezone(UTC) - starts[0].astimezone(UTC)) / timedelta(days=1) for s in starts]
    # W43 -> W44 spans the change from CEST to CET: 7 days and 1 hour.
    assert days[-1] - days[-2] == pytest.approx(7 + 1 / 24)
    scale = (xs[-2] - xs[0]) / (days[-2] - days[0])
    assert (xs[-1] - xs[0]) / scale == pytest.approx(days[-1], abs=0.01)


# --- long names: titles and captions stay inside their chart --------------------------------


@SLOW
@given(
    st.text(st.characters(codec="latin-1", exclude_categories=("Cc",)), min_size=1, max_size=160)
)
def test_a_charts_title_ends_inside_the_figure(name) -> None:
    with style():
        fig = figure(4.2, 2.4)
        ax = fig.add_subplot()
        ax.set_yticks([0, 1], ["first_reply · urgent", "resolution · all"])
        chart_title(ax, f"SLA attainment, {name}")
        fig.draw_without_rendering()
        title = ax._left_title  # the title at loc="left", where the report puts it
        assert title.get_window_extent().x1 <= fig.bbox.x1
        shown = ax.get_title(loc="left")
        assert shown == f"SLA attainment, {name}" or "…" in shown


def test_a_long_policy_name_is_shortened_in_the_drawn_title_and_whole_in_the_text() -> None:
    name = "enterprise <script>alert('p')</script> " + "x" * 120
    policy = SLAPolicy(name, {"normal": [Target("first_reply", "1h")]})
    histories = [_replied(f"A{i}", "email", 0.5 + i) for i in range(3)]
    report = build_report(histories, ReportOptions(policies=policy))
    chart = sla_charts(report)[1]
    root = ET.fromstring(chart.svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    drawn = next(t for t in texts if t.startswith("SLA attainment"))
    assert "…" in drawn
    assert len(drawn) < len(chart.title)
    assert root.find(f"{SVG}title").text == f"SLA attainment, {name}"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary: apt-get install chromium")
def test_a_long_unbroken_name_neither_widens_the_page_nor_runs_into_the_next_chart(
    tmp_path,
) -> None:
    from playwright.sync_api import sync_playwright

    long_channel = "x" * 120  # a channel name is one word: no place to break it
    histories = [_replied(f"A{i}", "chat", 0.5 + i) for i in range(4)]
    histories += [_replied(f"B{i}", long_channel, 1.5 + i) for i in range(4)]
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(build_report(histories)), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(page_file.as_uri())
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                boxes = page.evaluate(
                    """() => [...document.querySelectorAll('.charts > figure')].map(f => {
                         const r = f.getBoundingClientRect(); return [f.dataset.chart, r.left,
                         r.right, Math.max(...[...f.querySelectorAll('figcaption')]
                           .map(c => c.getBoundingClientRect().right))]; })"""
                )
                for cid, left, right, caption_right in boxes:
                    assert caption_right <= right + 0.5, (width, cid)
                    assert left >= 0
        finally:
            browser.close()


# --- survival: the drawn line crosses each level at the table's percentile ------------------


def _axis(svg: str, cid: str, kind: str) -> tuple[float, float]:
    """(value per pixel, value at pixel 0) from an axis' labelled ticks."""
    root = ET.fromstring(svg)
    pairs = []
    for g in root.iter(f"{SVG}g"):
        if re.fullmatch(rf"{re.escape(cid)}-{kind}tick_\d+", g.get("id") or ""):
            use, text = g.find(f".//{SVG}use"), g.find(f".//{SVG}text")
            if use is not None and text is not None and text.text:
                pos = float(use.get("x" if kind == "x" else "y"))
                pairs.append((pos, float(text.text.replace("\u2212", "-"))))
    (p0, v0), (p1, v1) = pairs[0], pairs[-1]
    a = (v1 - v0) / (p1 - p0)
    return a, v0 - a * p0


def test_every_drawn_survival_curve_crosses_50_and_10_percent_at_the_tables_percentiles() -> None:
    # The sample at this snapshot has a run of sub-pixel steps around the resolution p90
    # that path simplification used to merge into one slanted segment, 1.8 px late.
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    at = datetime.fromisoformat("2026-10-25T12:00:00+05:30")
    report = build_report(histories, ReportOptions(at=at))
    curves = {(c.metric, c.segment): c.curve for c in report.detail.curves}
    checked = 0
    for chart in survival_charts(report):
        metric = "first_reply" if "first-reply" in chart.id else "resolution"
        ax, bx = _axis(chart.svg, chart.id, "x")
        ay, by = _axis(chart.svg, chart.id, "y")
        root = ET.fromstring(chart.svg)
        names = {
            g.get("id").rsplit("-", 1)[1]: "".join(g.itertext()).strip()
            for g in root.iter(f"{SVG}g")
            if (g.get("id") or "").startswith(f"{chart.id}--label-")
        }
        right = ax * _box(chart.svg, chart.id)[2] + bx
        for g in root.iter(f"{SVG}g"):
            gid = g.get("id") or ""
            if not gid.startswith(f"{chart.id}--series-"):
                continue
            curve = curves[metric, names[gid.rsplit("-", 1)[1]]]
            d = g.find(f"{SVG}path").get("d")
            nums = [float(v) for v in re.findall(r"-?\d+\.?\d*", d)]
            pts = [(ax * x + bx, ay * y + by) for x, y in zip(nums[0::2], nums[1::2], strict=True)]
            for q, level in (("median", 50.0), ("p90", 10.0)):
                t = curve[q].value
                if t is None or t > right:
                    continue
                first = next(x for x, y in pts if y <= level + abs(ay) * 0.02)
                assert abs(first - t) <= abs(ax) * 0.5, (chart.id, gid, q, first, t)
                checked += 1
    assert checked >= 20


# --- goals: the trend line starts where the data does ---------------------------------------

_EARLY_GOAL = """
[[goals]]
name = "urgent CSAT"
objective = "Urgent tickets leave satisfied customers"
kpi = "csat"
statistic = "top-2-box"
segment = { priority = "urgent" }
unit = "share"
period = "month"
comparator = ">="
target = 0.9
baseline = 0.8
tz = "Europe/Berlin"
start = 2026-06-01
deadline = 2026-10-01
"""


def test_a_goals_trend_line_starts_at_its_first_value_not_at_the_windows_start(tmp_path) -> None:
    # The window opens two months before the export: drawn from June, the falling trend
    # reached 104 % there, a share no period can have.
    goals_file = tmp_path / "goals.toml"
    goals_file.write_text(_EARLY_GOAL, encoding="utf-8")
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    options = ReportOptions(
        tz="Europe/Berlin",
        goals=goals_from_file(goals_file),
        at=datetime.fromisoformat("2026-10-25T12:00:00+02:00"),
    )
    report = build_report(histories, options)
    g = report.goals.goals[0]
    assert [p.estimate.value is None for p in g.series][:2] == [True, True]  # June, July
    chart = goal_charts(report)[0]
    root = ET.fromstring(chart.svg)
    trend = next(e for e in root.iter(f"{SVG}g") if e.get("id") == f"{chart.id}--series-trend")
    nums = [float(v) for v in re.findall(r"-?\d+\.?\d*", trend.find(f"{SVG}path").get("d"))]
    first_mark = min(x for x, _ in _marks(chart.svg, chart.id))
    assert nums[0] == pytest.approx(first_mark, abs=0.02)
    ay, by = _axis(chart.svg, chart.id, "y")
    assert max(ay * y + by for y in nums[1::2]) <= 100.0
