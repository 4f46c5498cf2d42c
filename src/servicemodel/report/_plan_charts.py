"""The staffing plan page's charts: the week as a heatmap, service level against agents, the check.

- **Heatmap** (one per figure: agents needed, scheduled staff): one row per day, one column
  per half hour, one square mark per interval (``<use>`` in ``g#CHART--marks-cells``), in up to
  eight colour classes of one hue whose lightness falls as the count rises (light blue to
  dark navy, with 0 in light grey), so the order survives every colour-vision deficiency and
  a grey print; the legend names each class's range. The data table has the same 7 × 48 cells,
  each tagged ``data-key="FIELD|INDEX"`` with the plan row's index.
- **Service level against agents** for one interval (the peak by default): the model's
  service level for each agent count around the plan's, the target as a dashed line and the
  plan's count marked. Erlang C below the offered load has no steady state: 0 there.
- **Simulated against target** (when the plan was checked): every checked interval's simulated
  service level with its interval, the model's prediction and the target; intervals the
  simulation shows short are crosses, the others dots.

Examples:
    >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
    >>> plan = plan_intervals([0, 100, 50], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    >>> heatmap_chart(plan, "agents", draw=False).marks
    3
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import attrs

from servicemodel.forecast import PlanCheck
from servicemodel.report._charts import Chart, _marks, chart_title
from servicemodel.report._svg import PALETTE, figure, style, to_svg
from servicemodel.report._tables import Cell, Table
from servicemodel.staffing import (
    ServiceLevelTarget,
    WeeklyPlan,
    Workload,
    erlang_a_metrics,
    queue_metrics,
)

__all__ = ["check_chart", "curve_points", "heatmap_chart", "peak_index", "service_curve_chart"]

_DAY = 86400.0
#: Light to dark in one hue (Okabe–Ito sky blue and blue at the middle): lightness falls
#: monotonically, which every colour-vision deficiency and a grey print keep.
_RAMP = ("#d6ebf7", "#56B4E9", "#0072B2", "#003a5c")
_ZERO = "#eeeeee"
_MODELS = {"erlang-c": "Erlang C", "erlang-a": "Erlang A"}
_HOURS = {"agents": "agent", "scheduled": "scheduled"}
_TITLES = {"agents": "Agents needed", "scheduled": "Scheduled staff"}


def pct(value: float | None) -> str:
    """Return a service level as the page shows it: percent with one decimal.

    Examples:
        >>> pct(0.8884), pct(None)
        ('88.8 %', '–')
    """
    return "–" if value is None else f"{100 * value:.1f} %"


def _grid(plan: WeeklyPlan) -> tuple[int, int]:
    """(days, intervals per day): a day per row when the interval divides a day."""
    n = len(plan.rows)
    per_day = round(_DAY / plan.interval) if _DAY % plan.interval == 0 else max(n, 1)
    return max(1, math.ceil(n / per_day)), per_day


def _day_label(plan: WeeklyPlan, day: int) -> str:
    start = plan.rows[0].start if plan.rows else None
    if start is None:
        return f"Day {day + 1}"
    return (start.date() + timedelta(days=day)).strftime("%a %d %b")


def slot_label(plan: WeeklyPlan, slot: int) -> str:
    """Return the local time of day an interval of the day starts, ``HH:MM``.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([1], aht=60, targets=[ServiceLevelTarget(0.8, 20)])
        >>> slot_label(plan, 19)
        '09:30'
    """
    start = plan.rows[0].start if plan.rows else None
    first = 0.0 if start is None else start.hour * 3600 + start.minute * 60 + start.second
    seconds = int(first + slot * plan.interval) % int(_DAY)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _classes(top: int) -> list[tuple[int, int]]:
    """Colour classes ``(low, high)``: 0 alone, then whole-number ranges up to ``top``."""
    if top <= 7:
        return [(v, v) for v in range(top + 1)]
    step = math.ceil(top / 7)
    return [(0, 0)] + [(lo, min(lo + step - 1, top)) for lo in range(1, top + 1, step)]


def _colour(k: int, count: int) -> str:
    if k == 0:
        return _ZERO
    from matplotlib.colors import LinearSegmentedColormap, to_hex

    ramp = LinearSegmentedColormap.from_list("servicemodel-blues", list(_RAMP))
    return str(to_hex(ramp((k - 1) / max(count - 2, 1))))


def heatmap_chart(plan: WeeklyPlan, field: str, *, draw: bool = True) -> Chart:
    """Return the heatmap of ``field`` (``"agents"`` or ``"scheduled"``): days × intervals.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100] * 96, aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> c = heatmap_chart(plan, "scheduled", draw=False)
        >>> len(c.table.rows), len(c.table.rows[0]) - 1
        (2, 48)
    """
    days, per_day = _grid(plan)
    values = [int(getattr(r, field)) for r in plan.rows]
    cid = f"chart-heatmap-{field}"
    title = _TITLES[field] + (" after shrinkage" if field == "scheduled" else "") + " per interval"
    rows = []
    for d in range(days):
        cells = [Cell(_day_label(plan, d))]
        for s in range(per_day):
            i = d * per_day + s
            cells.append(Cell(str(values[i]), key=f"{field}|{i}") if i < len(values) else Cell(""))
        rows.append(tuple(cells))
    head = ("Day", *(slot_label(plan, s) for s in range(per_day)))
    table = Table(f"{cid}-data", title, head, tuple(rows))
    chart = Chart(cid, title, _heatmap_desc(plan, field, values, per_day), table, 0, len(values))
    if draw and values:
        chart = attrs.evolve(chart, svg=_heatmap_svg(chart, values, days, per_day))
    return chart


def _heatmap_desc(plan: WeeklyPlan, field: str, values: Sequence[int], per_day: int) -> str:
    what = _TITLES[field].lower()
    if not values or max(values) == 0:
        return f"{_TITLES[field]}: no interval needs anyone."
    top = max(values)
    at = values.index(top)
    staffed = sum(1 for v in values if v)
    per = [max(values[d : d + per_day]) for d in range(0, len(values), per_day)]
    by_day = ", ".join(
        f"{_day_label(plan, d).split()[0]} {v}" for d, v in enumerate(per) if len(per) > 1
    )
    hours = sum(values) * plan.interval / 3600
    return (
        f"{_TITLES[field]} in each interval, one row per day and one column per "
        f"{plan.interval / 60:g} minutes, darker for more. Most {what}: {top}, first at "
        f"{_day_label(plan, at // per_day)} {slot_label(plan, at % per_day)}; "
        f"{staffed} of {len(values)} intervals staffed, {hours:g} {_HOURS[field]} hours"
        + (f"; the most per day: {by_day}." if by_day else ".")
    )


def _heatmap_svg(chart: Chart, values: Sequence[int], days: int, per_day: int) -> str:
    from matplotlib.patches import Patch

    cid = chart.id
    classes = _classes(max(values))
    colours = [_colour(k, len(classes)) for k in range(len(classes))]
    index = {v: k for k, (lo, hi) in enumerate(classes) for v in range(lo, hi + 1)}
    with style():
        fig = figure(10.0, 0.75 + 0.24 * days)
        ax = fig.add_subplot()
        ax.set_xlim(-0.5, per_day - 0.5)
        ax.set_ylim(days - 0.5, -0.5)  # the first day on top
        ax.grid(False)
        step = max(1, per_day // 12)
        ax.set_xticks(
            range(0, per_day, step), [chart.table.header[1 + s] for s in range(0, per_day, step)]
        )
        ax.set_yticks(range(days), [row[0].text.split()[0] for row in chart.table.rows])
        ax.tick_params(length=0, labelsize=7)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=c, edgecolor="#999999", linewidth=0.4, label=_class_label(lo, hi))
            for c, (lo, hi) in zip(colours, classes, strict=True)
        ]
        fig.legend(
            handles=handles,
            loc="outside right center",
            fontsize=7,
            title="count",
            title_fontsize=7,
            handlelength=1.2,
        )
        chart_title(ax, chart.title)
        # The cells' size in points is known only once the layout is done.
        fig.canvas.draw()
        box = ax.get_window_extent()
        w = box.width * 72 / fig.dpi / per_day
        h = box.height * 72 / fig.dpi / days
        # A rectangle marker of the cell's shape; matplotlib scales its longer side to the
        # marker size. One line of markers per colour class: each cell is one <use>.
        verts = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
        for k, colour in enumerate(colours):
            cells = [i for i, v in enumerate(values) if index[v] == k]
            if not cells:
                continue
            ax.plot(
                [i % per_day for i in cells],
                [i // per_day for i in cells],
                linestyle="none",
                marker=verts,
                markersize=0.92 * max(w, h),
                markeredgewidth=0,
                color=colour,
                gid=f"{cid}--marks-{k}",
            )
        return to_svg(fig, cid, chart.title, chart.desc)


def _class_label(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


# --- service level against agents --------------------------------------------------------------


def peak_index(plan: WeeklyPlan) -> int | None:
    """Return the index of the interval with the most contacts (the first of equals), if any.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> peak_index(plan_intervals([5, 9, 9], aht=60, targets=[ServiceLevelTarget(0.8, 20)]))
        1
    """
    best = max(plan.rows, key=lambda r: r.calls, default=None)
    return None if best is None or best.calls == 0 else best.index


def _within(plan: WeeklyPlan) -> float:
    # The plan's rows report the service level within the first service-level target's time.
    levels = [t for t in plan.targets if isinstance(t, ServiceLevelTarget)]
    return levels[0].within if levels else 20.0


def curve_points(plan: WeeklyPlan, index: int) -> list[tuple[int, Any]]:
    """Return ``(agents, figures)`` around the plan's count in interval ``index``.

    ``figures`` is the model's queue figures (Erlang A or C) for ``agents × concurrency``
    servers, or ``None`` for Erlang C at or below the offered load (no steady state).
    """
    row = plan.rows[index]
    k = plan.concurrency
    workload = Workload(calls=row.calls, interval=plan.interval, aht=row.aht)
    within = _within(plan)
    out: list[tuple[int, Any]] = []
    for agents in range(max(1, row.agents - 6), row.agents + 5):
        servers = agents * k
        if plan.patience is not None:
            out.append(
                (agents, erlang_a_metrics(workload, servers, patience=plan.patience, within=within))
            )
        elif servers <= workload.traffic:
            out.append((agents, None))
        else:
            out.append((agents, queue_metrics(workload, servers, within=within)))
    return out


def _when(plan: WeeklyPlan, index: int) -> str:
    days, per_day = _grid(plan)
    del days
    return f"{_day_label(plan, index // per_day)} {slot_label(plan, index % per_day)}"


def service_curve_chart(plan: WeeklyPlan, index: int, *, draw: bool = True) -> Chart:
    """Return the chart of service level against agents for interval ``index``.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> c = service_curve_chart(plan, 0, draw=False)
        >>> [r[1].text for r in c.table.rows if r[0].text == "14 (the plan)"]
        ['88.8 %']
    """
    row = plan.rows[index]
    points = curve_points(plan, index)
    within = _within(plan)
    target = next((t.fraction for t in plan.targets if isinstance(t, ServiceLevelTarget)), None)
    cid = "chart-service-curve"
    title = f"Service level against agents, {_when(plan, index)}"
    rows = []
    for agents, m in points:
        sl = 0.0 if m is None else m.service_level
        abandon = getattr(m, "probability_of_abandoning", None)
        rows.append(
            (
                Cell(f"{agents} (the plan)" if agents == row.agents else str(agents)),
                Cell(pct(sl), key=f"curve|service_level|{agents}"),
                Cell("no steady state" if m is None else f"{m.asa:.1f} s"),
                Cell(pct(m.occupancy) if m is not None else "–"),
                Cell(pct(abandon) if plan.patience is not None else "–"),
            )
        )
    head = ("Agents", f"Service level ({within:g} s)", "ASA", "Occupancy", "Abandoning")
    table = Table(f"{cid}-data", title, head, tuple(rows))
    at_plan = next(m for a, m in points if a == row.agents)
    first = 0.0 if points[0][1] is None else points[0][1].service_level
    desc = (
        f"{_MODELS[plan.model]} service level within {within:g} s for {points[0][0]} to "
        f"{points[-1][0]} agents at {_when(plan, index)} ({row.calls:g} contacts, "
        f"{row.aht:g} s handle time): {pct(first)} with {points[0][0]}, "
        f"{pct(at_plan.service_level)} with the plan's {row.agents}"
        + ("" if target is None else f" (target {pct(target)}, dashed)")
        + f", {pct(points[-1][1].service_level)} with {points[-1][0]}."
    )
    chart = Chart(cid, title, desc, table, 1 + (target is not None), len(points))
    if draw:
        chart = attrs.evolve(chart, svg=_curve_svg(chart, points, row.agents, target))
    return chart


def _curve_svg(
    chart: Chart, points: Sequence[tuple[int, Any]], planned: int, target: float | None
) -> str:
    cid = chart.id
    xs = [a for a, _ in points]
    ys = [0.0 if m is None else 100 * m.service_level for _, m in points]
    with style():
        fig = figure(4.8, 2.8)
        ax = fig.add_subplot()
        ax.plot(
            xs,
            ys,
            color=PALETTE[0],
            linewidth=1.4,
            label="service level",
            gid=f"{cid}--series-level",
        )
        others = [(x, y) for x, y in zip(xs, ys, strict=True) if x != planned]
        _marks(ax, others, f"{cid}--marks-agents", PALETTE[0], "o", filled=True)
        mine = [(x, y) for x, y in zip(xs, ys, strict=True) if x == planned]
        _marks(ax, mine, f"{cid}--marks-plan", PALETTE[3], "D", filled=True)
        ax.annotate(
            f"plan: {planned}", mine[0], xytext=(6, -12), textcoords="offset points", fontsize=7
        )
        if target is not None:
            ax.axhline(
                100 * target,
                color=PALETTE[3],
                linestyle="--",
                linewidth=1.1,
                label="target",
                gid=f"{cid}--series-target",
            )
        ax.set_xticks(xs)
        ax.set_xlabel("agents")
        ax.set_ylabel("% answered in time")
        ax.set_ylim(-2, 102)
        fig.legend(fontsize=7, loc="outside lower center", ncols=2)
        chart_title(ax, chart.title)
        return to_svg(fig, cid, chart.title, chart.desc)


# --- the check by simulation ---------------------------------------------------------------------


def check_chart(plan: WeeklyPlan, check: PlanCheck, *, draw: bool = True) -> Chart:
    """Return the chart of simulated against target service level, interval by interval.

    Examples:
        >>> from servicemodel.forecast import check_plan
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> c = check_chart(plan, check_plan(plan, batches=5, seed=1), draw=False)
        >>> c.marks, len(c.table.rows)
        (2, 2)
    """
    cid = "chart-check"
    title = "Simulated against target service level"
    rows = []
    for c in check.intervals:
        rows.append(
            (
                Cell(_when(plan, c.index)),
                Cell(str(c.agents)),
                Cell(pct(c.target)),
                Cell(pct(c.predicted), key=f"predicted|{c.index}"),
                Cell(
                    pct(c.simulated),
                    f"[{100 * c.low:.1f}, {100 * c.high:.1f}]",
                    c.contacts,
                    key=f"simulated|{c.index}",
                ),
                Cell("short" if c.short else "ok"),
            )
        )
    head = ("Interval", "Agents", "Target", "Model", "Simulated", "Verdict")
    table = Table(f"{cid}-data", title, head, tuple(rows))
    short = check.short
    worst = min(check.intervals, key=lambda c: c.simulated, default=None)
    desc = (
        f"Service level within {check.within:g} s of each of {len(check.intervals)} checked "
        f"intervals in simulation (dots, with {100 * check.level:g} % batch-means intervals) "
        "against the target (dashed) and the model's prediction (grey line); "
        + (
            f"{len(short)} interval(s) short of the target (crosses), the first "
            f"{_when(plan, short[0].index)}"
            if short
            else "no interval short of the target"
        )
        + (
            ""
            if worst is None
            else f"; lowest simulated {pct(worst.simulated)} ({_when(plan, worst.index)})."
        )
    )
    series = (1 if check.intervals else 0) * 3
    chart = Chart(cid, title, desc, table, series, len(check.intervals))
    if draw and check.intervals:
        chart = attrs.evolve(chart, svg=_check_svg(chart, plan, check))
    return chart


def _check_svg(chart: Chart, plan: WeeklyPlan, check: PlanCheck) -> str:
    cid = chart.id
    days, per_day = _grid(plan)
    cs = check.intervals
    with style():
        fig = figure(10.0, 2.8)
        ax = fig.add_subplot()
        xs: list[float] = []
        model: list[float] = []
        for k, c in enumerate(cs):
            if k and c.index != cs[k - 1].index + 1:
                xs.append(math.nan)  # no line across the closed hours
                model.append(math.nan)
            xs.append(c.index)
            model.append(100 * c.predicted)
        ax.plot(
            xs,
            model,
            color="#555555",
            linewidth=1.3,
            label="model",
            zorder=2.5,
            gid=f"{cid}--series-model",
        )
        # The intervals as one path (a separate path per whisker would triple the SVG).
        wx: list[float] = []
        wy: list[float] = []
        for c in cs:
            wx += [c.index, c.index, math.nan]
            wy += [100 * c.low, 100 * c.high, math.nan]
        ax.plot(wx, wy, color=PALETTE[0], linewidth=0.8, alpha=0.7, gid=f"{cid}--series-simulated")
        ok = [(float(c.index), 100 * c.simulated) for c in cs if not c.short]
        bad = [(float(c.index), 100 * c.simulated) for c in cs if c.short]
        _marks(ax, ok, f"{cid}--marks-ok", PALETTE[0], "o", filled=True)
        _marks(ax, bad, f"{cid}--marks-short", PALETTE[3], "X", filled=True)
        ax.plot([], [], linestyle="none", marker="o", color=PALETTE[0], label="simulated")
        if bad:
            ax.plot([], [], linestyle="none", marker="X", color=PALETTE[3], label="short")
        ax.axhline(
            100 * cs[0].target,
            color=PALETTE[3],
            linestyle="--",
            linewidth=1.1,
            label="target",
            gid=f"{cid}--series-target",
        )
        ticks = [d * per_day for d in range(days)]
        ax.set_xticks(ticks, [_day_label(plan, d).split()[0] for d in range(days)])
        ax.set_xlim(-0.5, days * per_day - 0.5)
        ax.set_ylabel(f"% answered in {check.within:g} s")
        fig.legend(fontsize=7, loc="outside lower center", ncols=4)
        chart_title(ax, chart.title)
        return to_svg(fig, cid, chart.title, chart.desc)
