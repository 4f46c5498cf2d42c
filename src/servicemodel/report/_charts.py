"""The HTML report's charts: what each draws, its text alternative, its data table, its SVG.

A [`Chart`][servicemodel.report._charts.Chart] is built from the report document in two
steps: first its title, description (the text alternative: what the chart shows, in
words, with its extremes) and data table, which need nothing but the document; then, when
matplotlib is installed, its SVG. Every drawn series is a group ``<g id="CHART--series-NAME">``
and every drawn point is a ``<use>`` inside a group ``<g id="CHART--marks-NAME">``; ``series``
and ``marks`` say how many the chart must hold, so a browser test can count them.

Any number of series and points stays readable (the design of ``servicemodel.kpi._plot_layout``,
shared with the ``.plot()`` methods): a time axis of many weeks or months labels every k-th
period, in full (``2024-W05``), so that no two labels overlap; a chart of many series draws the
twelve largest and names the others in its legend's last entry; the legend sits under the
axes in as many columns as fit, the figure grown to hold it; a shortened label keeps its full
text as the SVG tooltip, and the data table lists every series.

Examples:
    >>> from servicemodel.report import build_report
    >>> [c.id for c in kpi_charts(build_report([]), draw=False)][:2]
    ['chart-kpi-csat', 'chart-kpi-nps']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

from servicemodel._numbers import level_percent
from servicemodel.kpi import Estimate
from servicemodel.kpi._shared import fit_legend, overlaps, shorten, thin_ticks, tick_step
from servicemodel.report._document import AttainmentRow, Report
from servicemodel.report._figures import fmt_interval, fmt_value
from servicemodel.report._kpi import METRICS
from servicemodel.report._svg import MARKERS, PALETTE, figure, style, to_svg
from servicemodel.report._tables import Cell, Table

__all__ = [
    "Chart",
    "chart_title",
    "est_cells",
    "kpi_charts",
    "legend_below",
    "scaled",
    "sla_charts",
    "time_ticks",
]

_NAN = math.nan


@attrs.frozen
class Chart:
    """One chart: id, title, text alternative, data table, expected counts, and its SVG.

    ``svg`` is ``None`` when the chart was not drawn (``draw=False`` or no matplotlib), or
    when it has nothing to draw: then ``empty`` says so in words, in place of the chart (empty
    axes would read as a zero, or their default 0-1 scale as a value).

    Examples:
        >>> Chart("c", "t", "d", Table("c-data", "t", (), ()), 0, 0).svg is None
        True
    """

    id: str
    title: str
    desc: str
    table: Table
    series: int
    marks: int
    svg: str | None = None
    empty: str = ""


def scaled(value: float | None, unit: str) -> float:
    """Return ``value`` in the chart's scale (shares in percent), NaN for no value.

    Examples:
        >>> scaled(0.25, "share"), math.isnan(scaled(None, "h"))
        (25.0, True)
    """
    if value is None:
        return _NAN
    return 100 * value if unit == "share" else float(value)


def axis_label(unit: str) -> str:
    """Return the y-axis label of a unit."""
    return {"share": "%", "points": "points", "h": "hours"}.get(unit, unit)


def est_cells(est: Estimate | Any, unit: str) -> tuple[Cell, Cell, Cell]:
    """Return the value, interval and ``n`` cells of an estimate for a data table."""
    return (
        Cell(fmt_value(est.value, unit)),
        Cell(fmt_interval(est.lower, est.upper, unit)),
        Cell(str(est.n)),
    )


def _extremes(labels: Sequence[str], values: Sequence[float | None], unit: str) -> str:
    pairs = [(v, lab) for lab, v in zip(labels, values, strict=True) if v is not None]
    if not pairs:
        return "no value in any period"
    lo = min(pairs, key=lambda p: p[0])
    hi = max(pairs, key=lambda p: p[0])
    return (
        f"from {fmt_value(pairs[0][0], unit)} ({pairs[0][1]}) to {fmt_value(pairs[-1][0], unit)} "
        f"({pairs[-1][1]}); lowest {fmt_value(lo[0], unit)} ({lo[1]}), "
        f"highest {fmt_value(hi[0], unit)} ({hi[1]})"
    )


# --- KPI trends -----------------------------------------------------------------------------


def kpi_charts(report: Report, *, draw: bool = True) -> list[Chart]:
    """Return one chart per KPI: its weekly values, interval band, partial weeks marked.

    Examples:
        >>> from servicemodel.report import build_report
        >>> kpi_charts(build_report([]), draw=False)[0].marks
        0
    """
    weeks = report.kpi.by_week
    labels = [w.label for w in weeks]
    out = []
    for key, name in METRICS.items():
        ests = [w.figure(key) for w in weeks]
        overall = report.kpi.overall.figure(key)
        unit = overall.unit
        partial = [w.partial is not None for w in weeks]
        cid = f"chart-kpi-{key.replace('_', '-')}"
        n_partial = sum(1 for p, e in zip(partial, ests, strict=True) if p and e.value is not None)
        desc = (
            f"{name} per ISO week of creation, with its "
            f"{level_percent(report.kpi.level)} % interval "
            f"as a band: {_extremes(labels, [e.value for e in ests], unit)}. Dashed line: the "
            f"whole period, {fmt_value(overall.value, unit)}. "
            + (f"{n_partial} partial week(s), hollow markers on grey. " if n_partial else "")
            + (
                f"{n_open} interval(s) open on one side, shaded to the chart's edge."
                if (n_open := sum(1 for e in ests if (e.lower is None) != (e.upper is None)))
                else ""
            )
        ).strip()
        rows = tuple(
            (Cell(lab), *est_cells(e, unit), Cell(w.partial or ""))
            for lab, e, w in zip(labels, ests, weeks, strict=True)
        )
        table = Table(
            f"{cid}-data", f"{name} per week", ("Week", "Value", "Interval", "n", "Partial"), rows
        )
        marks = sum(1 for e in ests if e.value is not None)
        series = (1 if marks else 0) + (1 if overall.value is not None else 0)
        empty = "" if series else f"Nothing to draw: {name} has no value in any week."
        chart = Chart(cid, f"{name} per week", desc, table, series, marks, empty=empty)
        if draw and series:
            chart = attrs.evolve(chart, svg=_kpi_svg(chart, labels, ests, partial, overall, unit))
        out.append(chart)
    return out


def _kpi_svg(
    chart: Chart,
    labels: Sequence[str],
    ests: Sequence[Estimate],
    partial: Sequence[bool],
    overall: Estimate,
    unit: str,
) -> str:
    cid = chart.id
    with style():
        fig = figure(4.2, 2.4)
        ax = fig.add_subplot()
        xs = list(range(len(labels)))
        ys = [scaled(e.value, unit) for e in ests]
        # One grey span a run of partial weeks (gid: its first week), not one a week.
        for first, last in _runs(partial):
            ax.axvspan(first - 0.5, last + 0.5, color="#e8e8e8", zorder=0,
                       gid=f"{cid}--partial-{first}")  # fmt: skip
        if any(not math.isnan(y) for y in ys):
            ax.plot(xs, ys, color=PALETTE[0], linewidth=1.6, gid=f"{cid}--series-value")
        done = [(x, y) for x, y, p in zip(xs, ys, partial, strict=True) if not p]
        part = [(x, y) for x, y, p in zip(xs, ys, partial, strict=True) if p]
        _marks(ax, done, f"{cid}--marks-complete", PALETTE[0], "o", filled=True)
        _marks(ax, part, f"{cid}--marks-partial", PALETTE[0], "o", filled=False)
        if overall.value is not None:
            ax.axhline(
                scaled(overall.value, unit),
                color=PALETTE[6],
                linestyle="--",
                linewidth=0.9,
                gid=f"{cid}--series-overall",
            )
        _band(ax, ests, unit, f"{cid}--band")
        ax.tick_params(axis="x", labelsize=7)
        ax.set_ylabel(axis_label(unit))
        chart_title(ax, chart.title)
        time_ticks(ax, xs, [lab.split("-")[-1] for lab in labels], labels)
        return to_svg(fig, cid, chart.title, chart.desc)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Return the first and last index of each run of true ``flags``.

    Examples:
        >>> _runs([True, True, False, True])
        [(0, 1), (3, 3)]
    """
    out: list[tuple[int, int]] = []
    for x, flag in enumerate(flags):
        if not flag:
            continue
        if out and out[-1][1] == x - 1:
            out[-1] = (out[-1][0], x)
        else:
            out.append((x, x))
    return out


def _band(ax: Any, ests: Sequence[Estimate], unit: str, gid: str) -> None:
    """Shade each week's interval: a band through neighbouring weeks, a block for a lone one.

    An interval open on one side (``[15.54, ?]``) is shaded to the edge of the axes, whose
    scale is first made to hold every known bound. A week whose neighbours have no interval
    gets a block half a week wide: a band through one point has no width, and would not show.
    """
    known = [(x, scaled(b, unit)) for x, e in enumerate(ests) for b in (e.lower, e.upper)
             if b is not None]  # fmt: skip
    if not known:
        return
    ax.update_datalim(known)
    ax.autoscale_view()
    bottom, top = ax.get_ylim()
    bounds: list[tuple[float, float] | None] = [
        None
        if e.lower is None and e.upper is None
        else (
            bottom if e.lower is None else scaled(e.lower, unit),
            top if e.upper is None else scaled(e.upper, unit),
        )
        for e in ests
    ]
    bx: list[float] = []
    blo: list[float] = []
    bhi: list[float] = []
    for x, b in enumerate(bounds):
        if b is None:
            bx.append(x)
            blo.append(_NAN)
            bhi.append(_NAN)
            continue
        alone = (x == 0 or bounds[x - 1] is None) and (
            x + 1 == len(bounds) or bounds[x + 1] is None
        )
        for dx in (-0.25, 0.25) if alone else (0.0,):
            bx.append(x + dx)
            blo.append(b[0])
            bhi.append(b[1])
        if alone:  # a break after the block, so it joins no later band
            bx.append(x + 0.25)
            blo.append(_NAN)
            bhi.append(_NAN)
    ax.fill_between(bx, blo, bhi, color=PALETTE[0], alpha=0.18, linewidth=0, gid=gid)
    ax.set_ylim(bottom, top)


def chart_title(ax: Any, text: str) -> None:
    """Set the axes' title, shortened in the middle (``…``) when it would run past the figure.

    A title is placed at the axes' left edge, so a long policy or goal name ran past the
    SVG's right edge and was cut there without a sign. The whole title stays the SVG's
    ``<title>`` and begins the caption below the chart. Call it once the axes are laid out
    (after the legend), since the title ends where the axes start.
    """
    fig = ax.figure
    # Lay out with no title first: a title wider than the figure collapses the constrained
    # layout. The title starts at the axes' left edge, which its text does not move.
    title = ax.set_title("", loc="left", fontsize=9)
    fig.draw_without_rendering()
    room = fig.bbox.x1 - 2 - ax.get_window_extent().x0
    renderer = fig.canvas.get_renderer()
    title.set_text(text)
    width = len(" ".join(text.split()))
    while width > 8:
        extent = title.get_window_extent(renderer)
        if extent.width <= room:
            break
        width = max(8, min(width - 1, int(width * room / extent.width)))
        title.set_text(shorten(text, width))


#: Up to this many periods (half a year of weeks) every tick is laid out to see if all fit.
_FEW = 26


def time_ticks(ax: Any, xs: Sequence[float], short: Sequence[str], full: Sequence[str]) -> None:
    """Label each period with ``short`` when all fit, else every k-th with ``full``.

    ``short`` (``W05``) reads well when every week of a quarter is labelled; over years a
    thinned axis needs the year too (``2024-W05``), or the labels repeat. Whether all fit is
    measured before a tick a period is made (``tick_step``): over decades of weeks those
    ticks alone took seconds a chart to lay out. Up to ``_FEW`` periods are simply tried.
    """
    if len(xs) <= _FEW or tick_step(ax, xs, short)[0] == 1:
        ax.set_xticks(list(xs), list(short))
        ax.figure.draw_without_rendering()
        if not overlaps(ax.get_xticklabels(), pad=3.0):
            return
    thin_ticks(ax, xs, full)


def legend_below(
    fig: Any, cid: str, handles: Sequence[Any], labels: Sequence[str], note: str = "", **kw: Any
) -> dict[str, str]:
    """Put the figure's legend under its axes, grown to fit; return the tooltips of its labels.

    Each label's text gets the gid ``CHART--label-K``; a shortened one maps to its full text.
    """
    legend = fit_legend(fig, handles, labels, note=note, where="below", **kw)
    tips = {}
    for k, (text, label) in enumerate(zip(legend.get_texts(), labels, strict=False)):
        text.set_gid(f"{cid}--label-{k}")
        if shorten(label) != label:
            tips[f"{cid}--label-{k}"] = label
    return tips


def _marks(
    ax: Any, points: Sequence[tuple[float, float]], gid: str, color: str, marker: str, filled: bool
) -> None:
    points = [(x, y) for x, y in points if not math.isnan(y)]
    if not points:
        return
    ax.plot(
        [x for x, _ in points],
        [y for _, y in points],
        linestyle="none",
        marker=marker,
        markersize=4.5,
        color=color,
        markerfacecolor=color if filled else "white",
        markeredgewidth=1.2,
        gid=gid,
        zorder=3,
    )


# --- SLA attainment -------------------------------------------------------------------------

_PRIORITIES = ("urgent", "high", "normal", "low", "all")


def _sla_chart(
    cid: str, title: str, rows: Sequence[AttainmentRow], level: float, draw: bool
) -> Chart:
    rows = sorted(rows, key=lambda r: (r.metric, _PRIORITIES.index(r.priority or "all")))
    shown = [r for r in rows if r.attainment.value is not None]
    worst = min(shown, key=lambda r: r.attainment.value or 0.0, default=None)
    desc = (
        f"{title}: attainment per metric and priority with its {level_percent(level)} % Wilson "
        f"interval, {len(shown)} rows"
        + (
            f"; lowest {fmt_value(worst.attainment.value, 'share')} "
            f"({worst.metric}, {worst.priority or 'all'})."
            if worst is not None
            else "."
        )
    )
    table = Table(
        f"{cid}-data",
        title,
        ("Metric", "Priority", "Attainment", "Interval", "n"),
        tuple(
            (Cell(r.metric), Cell(r.priority or "all"), *est_cells(r.attainment, "share"))
            for r in rows
        ),
    )
    priorities = {r.priority or "all" for r in shown}
    empty = "" if shown else "Nothing to draw: no clock was achieved or breached yet."
    chart = Chart(cid, title, desc, table, len(priorities), len(shown), empty=empty)
    if draw and shown:
        chart = attrs.evolve(chart, svg=_sla_svg(chart, shown))
    return chart


def sla_charts(report: Report, *, draw: bool = True) -> list[Chart]:
    """Return the attainment chart of all policies, then one per policy.

    Examples:
        >>> from servicemodel.report import build_report
        >>> sla_charts(build_report([]), draw=False)
        []
    """
    if report.sla is None:
        return []
    level = report.sla.level
    rows = (*report.sla.attainment, *report.sla.by_metric)
    out = [_sla_chart("chart-sla", "SLA attainment, all policies", rows, level, draw)]
    policies = list(dict.fromkeys(p.policy for p in report.detail.by_policy))
    for i, policy in enumerate(policies):
        mine = [p.row for p in report.detail.by_policy if p.policy == policy]
        out.append(_sla_chart(f"chart-sla-{i}", f"SLA attainment, {policy}", mine, level, draw))
    return out


def _sla_svg(chart: Chart, rows: Sequence[AttainmentRow]) -> str:
    cid = chart.id
    metrics = list(dict.fromkeys(r.metric for r in rows))
    with style():
        fig = figure(4.2, 0.8 + 0.22 * len(rows) + 0.15 * len(metrics))
        ax = fig.add_subplot()
        ys: dict[tuple[str, str], float] = {}
        y = 0.0
        for metric in metrics:
            for r in rows:
                if r.metric == metric:
                    ys[r.metric, r.priority or "all"] = y
                    y -= 1
            y -= 0.6
        for k, prio in enumerate(_PRIORITIES):
            mine = [r for r in rows if (r.priority or "all") == prio]
            if not mine:
                continue
            color = PALETTE[6] if prio == "all" else PALETTE[k]
            pos = [ys[r.metric, prio] for r in mine]
            vals = [scaled(r.attainment.value, "share") for r in mine]
            lo = [scaled(r.attainment.lower, "share") for r in mine]
            hi = [scaled(r.attainment.upper, "share") for r in mine]
            ax.hlines(pos, lo, hi, color=color, linewidth=1.4, gid=f"{cid}--series-{prio}")
            ax.plot(vals, pos, linestyle="none", marker=MARKERS[k], color=color, markersize=5,
                    label=prio, gid=f"{cid}--marks-{prio}")  # fmt: skip
        ax.set_yticks(list(ys.values()), [f"{m} · {p}" for m, p in ys])
        ax.set_xlabel("attainment, %")
        ax.set_xlim(right=100.5)
        fig.legend(loc="outside lower center", fontsize=7, ncols=5)
        chart_title(ax, chart.title)
        return to_svg(fig, cid, chart.title, chart.desc)
