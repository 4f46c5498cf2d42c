"""The HTML report's charts over time: each goal's series, and the survival curves.

A goal's chart shows its series (interval whiskers, partial periods hollow), its target, its
deadline and its least-squares trend line up to the deadline (the one the goal's status
projects with). The survival charts draw the Kaplan–Meier curve of first reply and of
resolution per channel, the overall curve in black with its log-log band, each curve's
median as a marker; a curve is thinned to the points where it falls by 0.4 percentage
points or more (drawing only, the data table and figures are exact), always keeping the step
at each of its percentiles, so the drawn line crosses 50 % at the table's median. Past twelve
curves the overall one and the eleven segments of most tickets are drawn, and the legend
(under the axes) names the others; the text alternative and the data table have every
segment.

Examples:
    >>> from servicemodel.report import build_report
    >>> [c.id for c in survival_charts(build_report([]), draw=False)]
    ['chart-survival-first-reply', 'chart-survival-resolution']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import Any

import attrs

from servicemodel.kpi import SurvivalCurve
from servicemodel.kpi._shared import MAX_SERIES, drawn, hidden_note, look
from servicemodel.report._charts import (
    Chart,
    _marks,
    axis_label,
    chart_title,
    est_cells,
    legend_below,
    scaled,
    time_ticks,
)
from servicemodel.report._document import CurveReport, GoalReport, Report
from servicemodel.report._figures import fmt_value
from servicemodel.report._svg import PALETTE, figure, style, to_svg
from servicemodel.report._tables import Cell, Table

__all__ = ["goal_charts", "survival_charts"]

_DAY = timedelta(days=1)
_STEP = 0.004  # the survival drop below which a curve's point is not drawn
_TIMES = (0.5, 1, 2, 4, 8, 24, 48, 72, 120, 168)  # hours the data table reads each curve at


def goal_charts(report: Report, *, draw: bool = True) -> list[Chart]:
    """Return one chart per goal: series, target, deadline and trend line.

    Examples:
        >>> from servicemodel.report import build_report
        >>> goal_charts(build_report([]), draw=False)
        []
    """
    if report.goals is None:
        return []
    out = []
    for i, g in enumerate(report.goals.goals):
        cid = f"chart-goal-{i}"
        unit = g.unit
        status = g.status
        target = g.goal.target_value
        deadline = g.goal.window[1]
        trend = (
            ""
            if status.projection is None
            else f" The trend line reaches {fmt_value(status.projection, unit)} at the deadline."
        )
        desc = (
            f"{g.goal.name}: {len(g.series)} {g.goal.period} value(s) against the target "
            f"{fmt_value(target, unit)} by {deadline.date().isoformat()}; status "
            f"{status.status.value.replace('_', ' ')}.{trend}"
        )
        rows = tuple(
            (Cell(p.period), *est_cells(p.estimate, unit), Cell(p.partial or "")) for p in g.series
        )
        head = ("Period", "Value", "Interval", "n", "Partial")
        table = Table(f"{cid}-data", f"{g.goal.name} per {g.goal.period}", head, rows)
        marks = sum(1 for p in g.series if p.estimate.value is not None)
        joined = any(p.estimate.value is not None and p.partial is None for p in g.series)
        series = (1 if joined else 0) + 1 + (1 if status.projection is not None else 0)
        chart = Chart(cid, g.goal.name or cid, desc, table, series, marks)
        if draw:
            chart = attrs.evolve(chart, svg=_goal_svg(chart, g))
        out.append(chart)
    return out


def _goal_svg(chart: Chart, g: GoalReport) -> str:
    cid, unit = chart.id, g.unit
    # Days in UTC, as the goal's trend is fitted: two instants of one zone subtract as wall
    # clock times, an hour off across a DST change.
    origin = g.goal.window[0].astimezone(UTC)
    with style():
        fig = figure(4.2, 2.6)
        ax = fig.add_subplot()
        xs = [(p.start.astimezone(UTC) - origin) / _DAY for p in g.series]
        ys = [scaled(p.estimate.value, unit) for p in g.series]
        lo = [scaled(p.estimate.lower, unit) for p in g.series]
        hi = [scaled(p.estimate.upper, unit) for p in g.series]
        whisk = [(x, a, b) for x, a, b in zip(xs, lo, hi, strict=True) if not math.isnan(a + b)]
        if whisk:
            ax.vlines([w[0] for w in whisk], [w[1] for w in whisk], [w[2] for w in whisk],
                      color=PALETTE[0], linewidth=1, alpha=0.6, gid=f"{cid}--whiskers")  # fmt: skip
        flags = [p.partial is not None for p in g.series]
        # The line joins the periods the goal uses; a partial period is a hollow marker only.
        line = [(x, y) for x, y, f in zip(xs, ys, flags, strict=True) if not f]
        if any(not math.isnan(y) for _, y in line):
            ax.plot([x for x, _ in line], [y for _, y in line], color=PALETTE[0], linewidth=1.4,
                    gid=f"{cid}--series-value")  # fmt: skip
        done = [(x, y) for x, y, f in zip(xs, ys, flags, strict=True) if not f]
        part = [(x, y) for x, y, f in zip(xs, ys, flags, strict=True) if f]
        _marks(ax, done, f"{cid}--marks-complete", PALETTE[0], "o", filled=True)
        _marks(ax, part, f"{cid}--marks-partial", PALETTE[0], "o", filled=False)
        end = (g.goal.window[1].astimezone(UTC) - origin) / _DAY
        target = scaled(g.goal.target_value, unit)
        ax.axhline(target, color=PALETTE[3], linestyle="--", linewidth=1.2,
                   label="target", gid=f"{cid}--series-target")  # fmt: skip
        ax.axvline(end, color=PALETTE[6], linestyle=":", linewidth=1, gid=f"{cid}--deadline")
        ax.annotate("deadline", (end, 1), xycoords=("data", "axes fraction"), fontsize=7,
                    ha="right", va="top", rotation=90)  # fmt: skip
        status = g.status
        # The trend starts at the first period with a value (a complete one when there is
        # one), as its fit does: drawn back over periods with no data it extrapolates,
        # a share to above 100 % on a goal whose window opens before the export.
        valued = [x for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
        fitted = [x for x, y in done if not math.isnan(y)] or valued
        if status.projection is not None and status.slope_per_day is not None and fitted:
            start = min(fitted)
            at_start = status.projection - status.slope_per_day * (end - start)
            ax.plot([start, end], [scaled(at_start, unit), scaled(status.projection, unit)],
                    color=PALETTE[1], linestyle="-.", linewidth=1.2, label="trend",
                    gid=f"{cid}--series-trend")  # fmt: skip
        weekly = all("-W" in p.period for p in g.series)
        full = [p.period for p in g.series]
        ax.tick_params(axis="x", labelsize=7)
        ax.set_ylabel(axis_label(unit))
        fig.legend(fontsize=7, loc="outside lower center", ncols=2)
        chart_title(ax, chart.title)
        time_ticks(ax, xs, [p.split("-")[-1] for p in full] if weekly else full, full)
        return to_svg(fig, cid, chart.title, chart.desc)


# --- survival -------------------------------------------------------------------------------


def _thin(curve: SurvivalCurve, right: float) -> tuple[list[float], list[float]]:
    """The points drawn of ``curve`` up to ``right``: ``S(0) = 1``, then its falls of ``_STEP``.

    Every drawn point is one of the curve's: the step at each of its percentiles (the median
    the chart marks, the p90 of the table) is always drawn, so the line first reaches
    ``1 - q/100`` at the table's percentile, not at a later drawn step; the last step before
    the edge is drawn too, so the line ends at ``S(right)``.
    """
    keep = {e.value for key, e in curve.estimates if key != "rmst" and e.value is not None}
    xs, ys, last = [0.0], [1.0], 1.0
    skipped: int | None = None  # the last step not drawn, if no drawn step came after it
    for i, (t, s) in enumerate(zip(curve.times, curve.survival, strict=True)):
        if t > right:  # beyond the axis: one last point carries the step to the edge
            break
        if last - s >= _STEP or t in keep:
            xs.append(t)
            ys.append(s)
            last, skipped = s, None
        else:
            skipped = i
    if skipped is not None:
        xs.append(curve.times[skipped])
        ys.append(curve.survival[skipped])
    if curve.times and curve.times[-1] > right:
        xs.append(right)
        ys.append(ys[-1])
    return xs, ys


def survival_charts(report: Report, *, draw: bool = True) -> list[Chart]:
    """Return the Kaplan–Meier charts of first reply and resolution, a curve per channel.

    Examples:
        >>> from servicemodel.report import build_report
        >>> survival_charts(build_report([]), draw=False)[0].series
        0
    """
    out = []
    for metric, title in (
        ("first_reply", "Time to first reply"),
        ("resolution", "Time to resolution"),
    ):
        curves = [c for c in report.detail.curves if c.metric == metric]
        if not curves:
            continue
        cid = f"chart-survival-{metric.replace('_', '-')}"
        some = [c for c in curves if c.curve.times]
        on = drawn([c.curve.n for c in some], keep=_overall(some))
        shown = [c for c, yes in zip(some, on, strict=True) if yes]
        hidden = [c.segment for c, yes in zip(some, on, strict=True) if not yes]
        medians = [c for c in shown if c.curve["median"].value is not None]
        desc = (
            f"{title}: share of tickets still waiting after t hours (Kaplan–Meier), one "
            f"curve per channel and overall; medians "
            + ", ".join(f"{c.segment} {fmt_value(c.curve['median'].value, 'h')}" for c in curves)
            + "."
            + (
                f" {len(hidden)} of {len(some)} curves not drawn (past {MAX_SERIES}, the "
                f"fewest tickets): {', '.join(hidden)}; see the table."
                if hidden
                else ""
            )
        )
        head = ("Segment", *(f"S({t:g} h)" for t in _TIMES))
        rows = tuple(
            (Cell(c.segment), *(Cell(f"{100 * c.curve.survival_at(t):.1f} %") for t in _TIMES))
            for c in some
        )
        table = Table(f"{cid}-data", f"{title}: share still waiting", head, rows)
        empty = "" if shown else f"Nothing to draw: no {metric.replace('_', ' ')} observed yet."
        chart = Chart(cid, title, desc, table, len(shown), len(medians), empty=empty)
        if draw and shown:
            chart = attrs.evolve(chart, svg=_survival_svg(chart, shown, hidden))
        out.append(chart)
    return out


def _overall(curves: Sequence[CurveReport]) -> set[int]:
    return {i for i, c in enumerate(curves) if c.segment == "Overall"}


#: The segments' colours: the palette without black, which is the overall curve's.
_SEGMENT_COLOURS = tuple(c for c in PALETTE if c != PALETTE[6])


def _survival_svg(chart: Chart, curves: Sequence[CurveReport], hidden: Sequence[str]) -> str:
    cid = chart.id
    # The axis ends past the largest p90, and past every median too: a curve whose median
    # lies beyond the others' p90 would otherwise have its marker, and its fall, cut off.
    ends = [c.curve[q].value for c in curves for q in ("median", "p90")]
    known = [t for t in ends if t is not None]
    right = 1.25 * max(known) if known else max(c.curve.last_time for c in curves)
    if right <= 0:  # every time zero (replies at creation): an empty axis would be singular
        right = 1.0
    import matplotlib

    # No path simplification: it merges a run of sub-pixel steps into one slanted segment,
    # so the drawn line would cross 50 % or 10 % up to pixels after the table's percentile.
    with style(), matplotlib.rc_context({"path.simplify": False}):
        fig = figure(4.2, 2.8)
        ax = fig.add_subplot()
        handles = []
        segment = 0
        for k, c in enumerate(curves):
            overall = c.segment == "Overall"
            color, linestyle, _ = look(segment, _SEGMENT_COLOURS)
            if overall:
                color, linestyle = PALETTE[6], "-"
                _band(ax, c.curve, cid, right)
            else:
                segment += 1
            xs, ys = _thin(c.curve, right)
            (line,) = ax.step(xs, [100 * y for y in ys], where="post", color=color,
                              linewidth=2 if overall else 1.2, linestyle=linestyle,
                              label=c.segment, gid=f"{cid}--series-{k}")  # fmt: skip
            handles.append(line)
            median = c.curve["median"].value
            if median is not None:
                _marks(ax, [(median, 100 * c.curve.survival_at(median))], f"{cid}--marks-{k}",
                       color, "o", filled=True)  # fmt: skip
        ax.set_xlim(0, right)
        ax.set_ylim(0, 101)
        ax.set_xlabel("hours of calendar time")
        ax.set_ylabel("% still waiting")
        labels = [c.segment for c in curves]
        tips = legend_below(
            fig, cid, handles, labels, hidden_note(hidden), handlelength=3.2, fontsize=7
        )
        chart_title(ax, chart.title)
        return to_svg(fig, cid, chart.title, chart.desc, tips)


def _band(ax: Any, curve: SurvivalCurve, cid: str, right: float) -> None:
    keep = [0]
    for i in range(1, len(curve.times)):
        if curve.times[i] > right:
            break
        if curve.survival[keep[-1]] - curve.survival[i] >= _STEP:
            keep.append(i)
    xs = [curve.times[i] for i in keep]
    lo = [100 * curve.lower[i] for i in keep]
    hi = [100 * curve.upper[i] for i in keep]
    ax.fill_between(xs, lo, hi, step="post", color=PALETTE[6], alpha=0.12, linewidth=0,
                    gid=f"{cid}--band")  # fmt: skip
