"""The staffing plan page's charts: the week as a heatmap, service level against agents, the check.

- **Heatmap** (one per figure: agents needed, scheduled staff): one row per local date, one
  column per half hour of the local day, one square mark per interval (``<use>`` in
  ``g#CHART--marks-K``), in up to eight colour classes of one hue whose lightness falls as the
  count rises (light blue to dark navy, with 0 in light grey), so the order survives every
  colour-vision deficiency and a grey print; the legend names each class's range. Each row
  of the plan is placed by its start's local date and time of day, not by its index: a week
  with a DST change (334 or 338 rows from ``plan_week``) still has seven days. The half hours
  a spring change skips are hatched, empty cells ("does not exist"); a repeated autumn half
  hour's two rows share their cell, split in two stripes (the first pass above, the second
  below, each in its own colour and with a tooltip naming its offset, in
  ``g#CHART--marks-pass-INDEX``). The data table has the same cells, each tagged
  ``data-key="FIELD|INDEX"`` with the plan row's index; a repeated hour's second pass gets a
  table row of its own, and every cell of the repeated hour names its UTC offset.
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
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from servicemodel._numbers import level_percent
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

__all__ = [
    "NOT_A_TIME",
    "Layout",
    "check_chart",
    "curve_points",
    "heatmap_chart",
    "layout",
    "peak_index",
    "service_curve_chart",
]

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
    """(days, intervals per day) of the index layout: a day per ``per_day`` rows."""
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

    ``HH:MM:SS`` when the plan's intervals do not all start at whole minutes (an interval of
    30 or 90 seconds, or a first row at 09:00:30): ``HH:MM`` would name two intervals alike.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([1], aht=60, targets=[ServiceLevelTarget(0.8, 20)])
        >>> slot_label(plan, 19)
        '09:30'
        >>> plan = plan_intervals([1], aht=20, targets=[ServiceLevelTarget(0.8, 20)], interval=30)
        >>> slot_label(plan, 3)
        '00:01:30'
    """
    start = plan.rows[0].start if plan.rows else None
    first = 0 if start is None else start.hour * 3600 + start.minute * 60 + start.second
    seconds = int(first + slot * plan.interval) % int(_DAY)
    return _time_of_day(seconds, first % 60 != 0 or plan.interval % 60 != 0)


def _time_of_day(seconds: int, exact: bool) -> str:
    """``HH:MM`` of ``seconds`` past midnight, or ``HH:MM:SS`` when ``exact``."""
    minutes = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    return f"{minutes}:{seconds % 60:02d}" if exact else minutes


def _offset(at: datetime) -> str:
    """``+02:00``: the UTC offset of an aware instant as ISO 8601 writes it."""
    return at.isoformat()[19:] if at.microsecond == 0 else at.isoformat()[26:]


def _repeated(at: datetime) -> bool:
    """Whether ``at``'s local time occurs twice (an hour the clocks go back over; PEP 495)."""
    return at.replace(fold=1 - at.fold).utcoffset() != at.utcoffset()


@attrs.frozen
class Layout:
    """Where each plan row sits in the heatmap's grid of days × times of day.

    ``place[i]`` is ``(day, column, part, parts)`` for row ``i``: ``parts`` rows share the cell
    (the passes of a repeated autumn half hour, in real-time order; 1 for most), ``part`` is
    this row's. ``missing`` are the cells inside the plan whose local time does not exist (a
    spring change skips them). Rows with starts are placed by their local date and time of
    day; a plan without starts, or whose interval does not divide a day or is no whole number
    of seconds, by index.

    ``step`` is the seconds between columns: the plan's interval, or less when a DST change
    moves the clocks by less than an interval (Australia/Lord_Howe moves them 30 minutes, so
    an hourly plan's rows start on the hour before the change and at half past after it).
    Then the columns are that far apart and each row sits in the column of its own start.
    """

    days: tuple[str, ...]
    columns: tuple[str, ...]
    place: tuple[tuple[int, int, int, int], ...]
    missing: tuple[tuple[int, int], ...] = ()
    step: int = 0


def layout(plan: WeeklyPlan) -> Layout:
    """Return where each of ``plan``'s rows sits in the heatmap (see ``Layout``).

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> autumn = datetime(2026, 10, 19, tzinfo=ZoneInfo("Europe/Berlin"))
        >>> plan = plan_intervals([0] * 338, aht=60, targets=[ServiceLevelTarget(0.8, 20)],
        ...                       start=autumn)
        >>> grid = layout(plan)
        >>> len(grid.days), grid.place[292], grid.place[294]  # Sunday 02:00, twice
        (7, (6, 4, 0, 2), (6, 4, 1, 2))
    """
    rows = plan.rows
    starts = [r.start for r in rows]
    # A plan whose interval is no whole number of seconds (0.5 s: the grid's step rounded to
    # 0 and raised ZeroDivisionError) is laid out by index, as one whose interval does not
    # divide a day.
    whole = plan.interval % 1 == 0
    if not rows or not whole or _DAY % plan.interval != 0 or any(t is None for t in starts):
        n_days, per_day = _grid(plan)
        return Layout(
            tuple(_day_label(plan, d) for d in range(n_days)),
            tuple(slot_label(plan, s) for s in range(per_day)),
            tuple((i // per_day, i % per_day, 0, 1) for i in range(len(rows))),
        )
    local = [t for t in starts if t is not None]
    tz = local[0].tzinfo
    step = round(plan.interval)
    # A plan whose first row starts off the grid of whole intervals (09:10 for half hours)
    # has its columns there (00:10, 00:40, ...), so no cell is labelled with a time it is not.
    phase = _seconds(local[0]) % step
    # A DST change of less than an interval (30 minutes on Lord Howe Island) moves the later
    # rows off that grid: an hourly plan's 02:30 row sat in the 02:00 column. The columns are
    # then as far apart as the rows' starts need, so each row is in the column of its start;
    # to the minute, as the columns are labelled (Africa/Monrovia moved 44 min 30 s in 1972);
    # to the second, and labelled so, when the plan's own grid is not in whole minutes (an
    # interval of 30 or 90 seconds, a first row at 09:00:30), whose labels HH:MM repeated.
    exact = step % 60 != 0 or phase % 60 != 0
    unit = 1 if exact else 60
    for t in local:
        step = math.gcd(step, (_seconds(t) - phase) // unit * unit % step)
    per_day = round(_DAY) // step
    first = local[0].date()
    cells: dict[tuple[int, int], list[int]] = {}
    for i, t in enumerate(local):
        column = min(max(0, (_seconds(t) - phase) // step), per_day - 1)
        cells.setdefault(((t.date() - first).days, column), []).append(i)
    place: list[tuple[int, int, int, int]] = [(0, 0, 0, 1)] * len(rows)
    for (day, column), found in cells.items():
        for part, i in enumerate(found):  # rows are in real-time order: first pass first
            place[i] = (day, column, part, len(found))
    n_days = (local[-1].date() - first).days + 1
    first_cell, last_cell = place[0][:2], place[-1][:2]
    missing = []
    for day in range(n_days):
        on = first + timedelta(days=day)
        for column in range(per_day):
            if (day, column) in cells or not first_cell < (day, column) < last_cell:
                continue
            if tz is not None and not _exists(on, phase + column * step, tz):
                missing.append((day, column))
    columns = tuple(_time_of_day(phase + c * step, exact) for c in range(per_day))
    days = tuple((first + timedelta(days=d)).strftime("%a %d %b") for d in range(n_days))
    return Layout(days, columns, tuple(place), tuple(missing), step)


def _seconds(at: datetime) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def _exists(on: date, seconds: int, tz: Any) -> bool:
    """Whether the local time ``seconds`` after midnight on ``on`` exists in ``tz``."""
    wall = datetime(on.year, on.month, on.day) + timedelta(seconds=seconds)
    back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return bool(back == wall)


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


#: What a cell whose local time does not exist says (the hour a spring change skips).
NOT_A_TIME = "does not exist"


def heatmap_chart(plan: WeeklyPlan, field: str, *, draw: bool = True) -> Chart:
    """Return the heatmap of ``field`` (``"agents"`` or ``"scheduled"``): days × intervals.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100] * 96, aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> c = heatmap_chart(plan, "scheduled", draw=False)
        >>> len(c.table.rows), len(c.table.rows[0]) - 1
        (2, 48)
    """
    grid = layout(plan)
    values = [int(getattr(r, field)) for r in plan.rows]
    cid = f"chart-heatmap-{field}"
    title = _TITLES[field] + (" after shrinkage" if field == "scheduled" else "") + " per interval"
    per_day = len(grid.columns)
    # Table rows: each day, then a row per further pass of its repeated times (if any).
    lines: list[tuple[int, int]] = []
    for d in range(len(grid.days)):
        passes = max((n for day, _, _, n in grid.place if day == d), default=1)
        lines += [(d, p) for p in range(passes)]
    body: dict[tuple[int, int, int], Cell] = {}
    for i, (day, column, part, parts) in enumerate(grid.place):
        start = plan.rows[i].start
        # A start whose local time happens twice says which pass it is: a half hour's two
        # passes share a cell, an hourly plan's 01:30+10:30 on Lord Howe Island has its own.
        note = _offset(start) if start is not None and (parts > 1 or _repeated(start)) else ""
        body[(day, part, column)] = Cell(str(values[i]), note, key=f"{field}|{i}")
    for day, column in grid.missing:
        body[(day, 0, column)] = Cell(NOT_A_TIME)
    rows = []
    for d, p in lines:
        label = grid.days[d]
        if p:  # the pass's offsets: a time of day alone does not say which pass
            found = (
                start for (day, *_, part), start in _places(grid, plan) if (day, part) == (d, p)
            )
            offsets = ", ".join(dict.fromkeys(_offset(t) for t in found if t is not None))
            label = f"{label}, {_pass_name(p)} pass ({offsets})"
        cells = [Cell(label)] + [body.get((d, p, c), Cell("")) for c in range(per_day)]
        rows.append(tuple(cells))
    table = Table(f"{cid}-data", title, ("Day", *grid.columns), tuple(rows))
    desc = _heatmap_desc(plan, field, values, grid)
    chart = Chart(cid, title, desc, table, 0, len(values))
    if draw and values:
        chart = attrs.evolve(
            chart, svg=_heatmap_svg(chart, values, len(grid.days), per_day, grid, plan)
        )
    return chart


def _places(grid: Layout, plan: WeeklyPlan) -> list[tuple[tuple[int, int, int], Any]]:
    """``((day, column, part), start)`` of every row."""
    return [((d, c, p), r.start) for (d, c, p, _), r in zip(grid.place, plan.rows, strict=True)]


def _pass_name(part: int) -> str:
    return {0: "first", 1: "second", 2: "third"}.get(part, f"pass {part + 1}")


def _heatmap_desc(plan: WeeklyPlan, field: str, values: Sequence[int], grid: Layout) -> str:
    what = _TITLES[field].lower()
    if not values or max(values) == 0:
        return f"{_TITLES[field]}: no interval needs anyone." + _dst_desc(plan, grid)
    top = max(values)
    at = values.index(top)
    staffed = sum(1 for v in values if v)
    per = [0] * len(grid.days)
    for v, (day, *_) in zip(values, grid.place, strict=True):
        per[day] = max(per[day], v)
    by_day = ", ".join(f"{label.split()[0]} {v}" for label, v in zip(grid.days, per, strict=True))
    hours = sum(values) * plan.interval / 3600
    minutes = (grid.step or plan.interval) / 60
    return (
        f"{_TITLES[field]} in each interval, one row per day and one column per "
        f"{minutes:g} minutes, darker for more. Most {what}: {top}, first at "
        f"{_when(plan, at)}; {staffed} of {len(values)} intervals staffed, "
        f"{hours:g} {_HOURS[field]} hours"
        + (f"; the most per day: {by_day}." if len(per) > 1 else ".")
        + _dst_desc(plan, grid)
    )


def _dst_desc(plan: WeeklyPlan, grid: Layout) -> str:
    """The sentences that say which cells a DST change left empty, split or moved."""
    out = []
    step = grid.step or round(plan.interval)
    if step < plan.interval:
        out.append(
            f" The clocks move by less than an interval, so the intervals do not all start "
            f"at the same minutes past the hour: the columns are {step / 60:g} minutes apart "
            f"and each {plan.interval / 60:g}-minute interval is in the column of its start."
        )
    for day in sorted({d for d, _ in grid.missing}):
        columns = sorted(c for d, c in grid.missing if d == day)
        for lo, hi in _runs(columns):
            end = _add(grid.columns[hi], step)
            out.append(
                f" {grid.days[day]} {grid.columns[lo]}–{end} {NOT_A_TIME} (the clocks go "
                "forward): no interval there, its cells hatched and empty."
            )
    split = sorted({(d, c) for d, c, _, n in grid.place if n > 1})
    for day in sorted({d for d, _ in split}):
        columns = [c for d, c in split if d == day]
        rows = [i for i, (d, c, _, n) in enumerate(grid.place) if d == day and n > 1]
        offsets = list(dict.fromkeys(_offset(s) for i in rows if (s := plan.rows[i].start)))
        for lo, hi in _runs(columns):
            out.append(
                f" {grid.days[day]} {grid.columns[lo]}–{_add(grid.columns[hi], step)} happens "
                f"twice (the clocks go back; {', then '.join(offsets)}): each of its cells is "
                "split, the first pass above and the second below, each with its own count."
            )
    for i, (day, column, _, parts) in enumerate(grid.place):
        start = plan.rows[i].start
        if parts == 1 and start is not None and _repeated(start):
            out.append(
                f" {grid.days[day]} {grid.columns[column]} ({_offset(start)}) is a local time "
                "that happens twice (the clocks go back): its cell gives its offset."
            )
    return "".join(out)


def _runs(columns: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` of sorted column numbers."""
    runs: list[tuple[int, int]] = []
    for c in columns:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _add(label: str, seconds: int) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) plus ``seconds``, as a time of day (``23:30`` + 30 min is
    ``24:00``)."""
    parts = [int(p) for p in label.split(":")]
    total = parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0) + seconds
    return _time_of_day(total, len(parts) > 2)


def _heatmap_svg(
    chart: Chart,
    values: Sequence[int],
    days: int,
    per_day: int,
    grid: Layout | None = None,
    plan: WeeklyPlan | None = None,
) -> str:
    from matplotlib.patches import Patch, Rectangle

    cid = chart.id
    place = (
        grid.place
        if grid is not None
        else tuple((i // per_day, i % per_day, 0, 1) for i in range(len(values)))
    )
    classes = _classes(max(values))
    colours = [_colour(k, len(classes)) for k in range(len(classes))]
    index = {v: k for k, (lo, hi) in enumerate(classes) for v in range(lo, hi + 1)}
    labels = grid.days if grid is not None else [row[0].text for row in chart.table.rows]
    tooltips: dict[str, str] = {}
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
        ax.set_yticks(range(days), [label.split()[0] for label in labels[:days]])
        ax.tick_params(length=0, labelsize=7)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=c, edgecolor="#999999", linewidth=0.4, label=_class_label(lo, hi))
            for c, (lo, hi) in zip(colours, classes, strict=True)
        ]
        missing = grid.missing if grid is not None else ()
        split = any(n > 1 for *_, n in place)
        if missing:
            handles.append(
                Patch(facecolor="white", edgecolor="#777777", hatch="////", label=NOT_A_TIME)
            )
        if split:
            handles.append(
                Patch(
                    facecolor="white", edgecolor="#777777", hatch="--", label="hour repeated: split"
                )
            )
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

        def cell_marker(height: float, span: int = 1) -> dict[str, Any]:
            # A rectangle marker of the cell's shape; matplotlib scales its longer side to
            # the marker size.
            half = w * span / 2
            verts = [(-half, -height / 2), (half, -height / 2), (half, height / 2)]
            verts.append((-half, height / 2))
            return {"marker": verts, "markersize": 0.92 * max(2 * half, height)}

        # One line of markers per colour class (and width): each cell is one <use>.
        for (k, span), cells in _mark_lines(values, index, place, _spans(grid, plan, place)):
            ax.plot(
                [place[i][1] + (span - 1) / 2 for i in cells],
                [place[i][0] for i in cells],
                linestyle="none",
                markeredgewidth=0,
                color=colours[k],
                gid=f"{cid}--marks-{k}{_wide(span)}",
                **cell_marker(h, span),
            )
        # A repeated half hour: its passes share the cell, one stripe each, top to bottom in
        # real-time order, each its own mark with a tooltip naming its offset.
        for i, (day, column, part, parts) in enumerate(place):
            if parts == 1:
                continue
            gid = f"{cid}--marks-pass-{i}"
            ax.plot(
                [column],
                [day - 0.5 + (part + 0.5) / parts],
                linestyle="none",
                markeredgewidth=0,
                color=colours[index[values[i]]],
                gid=gid,
                **cell_marker(h / parts),
            )
            tooltips[gid] = _pass_tooltip(plan, chart, i, values[i], part, parts)
        for k, (day, column) in enumerate(missing):
            gid = f"{cid}--missing-{k}"
            ax.add_patch(
                Rectangle(
                    (column - 0.46, day - 0.46),
                    0.92,
                    0.92,
                    facecolor="white",
                    edgecolor="#777777",
                    hatch="////",
                    linewidth=0.4,
                    gid=gid,
                )
            )
            assert grid is not None  # missing cells come from a layout
            tooltips[gid] = f"{grid.days[day]} {grid.columns[column]}: {NOT_A_TIME}"
        return to_svg(fig, cid, chart.title, chart.desc, tooltips)


def _mark_lines(
    values: Sequence[int],
    index: dict[int, int],
    place: Sequence[tuple[int, int, int, int]],
    spans: Sequence[int],
) -> list[tuple[tuple[int, int], list[int]]]:
    """The rows of unsplit cells by (colour class, columns drawn across), in that order."""
    lines: dict[tuple[int, int], list[int]] = {}
    for i, v in enumerate(values):
        if place[i][3] == 1:
            lines.setdefault((index[v], spans[i]), []).append(i)
    return sorted(lines.items())


def _wide(span: int) -> str:
    return f"-wide-{span}" if span > 1 else ""


def _spans(
    grid: Layout | None, plan: WeeklyPlan | None, place: Sequence[tuple[int, int, int, int]]
) -> list[int]:
    """How many columns each row's cell is drawn across: its interval's worth when the
    columns are closer than an interval (``Layout.step``), up to the next row's column on its
    day (an hourly 01:00+11:00 row before a 01:30+10:30 one on Lord Howe Island: one)."""
    if grid is None or plan is None or not grid.step or grid.step >= plan.interval:
        return [1] * len(place)
    full = round(plan.interval) // grid.step
    out = []
    for i, (day, column, _, _) in enumerate(place):
        nxt = place[i + 1] if i + 1 < len(place) else None
        # The day's last row stops at midnight, the end of its line.
        gap = nxt[1] - column if nxt is not None and nxt[0] == day else len(grid.columns) - column
        out.append(max(1, min(full, gap)))
    return out


def _pass_tooltip(
    plan: WeeklyPlan | None, chart: Chart, i: int, value: int, part: int, parts: int
) -> str:
    start = plan.rows[i].start if plan is not None else None
    at = "" if start is None else f"{start:%a %d %b %H:%M} ({_offset(start)})"
    where = {0: "upper", parts - 1: "lower"}.get(part, f"stripe {part + 1} from the top")
    what = {"agents": "agents", "scheduled": "scheduled staff"}[chart.id.rsplit("-", 1)[-1]]
    return (
        f"{at}, {_pass_name(part)} of {parts} passes of this local time ({where}): {value} {what}"
    )


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
    """When row ``index`` starts: its local date and time, with the offset if it repeats."""
    start = plan.rows[index].start
    if start is None:
        days, per_day = _grid(plan)
        del days
        return f"{_day_label(plan, index // per_day)} {slot_label(plan, index % per_day)}"
    # An hour the clocks go back over happens twice: only its offset says which pass.
    return f"{start:%a %d %b %H:%M}" + (f" ({_offset(start)})" if _repeated(start) else "")


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
        f"intervals in simulation (dots, with {level_percent(check.level)} % batch-means "
        "intervals) "
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
    per_day = _grid(plan)[1]
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
        # The x axis is the rows' index, which is real time: a tick where each local day
        # starts (a 23- or 25-hour day is shorter or longer, as it is).
        grid = layout(plan)
        ticks = [i for i, p in enumerate(grid.place) if i == 0 or p[0] != grid.place[i - 1][0]]
        ax.set_xticks(ticks, [grid.days[grid.place[i][0]].split()[0] for i in ticks])
        ax.set_xlim(-0.5, max(len(plan.rows), ticks[-1] + per_day) - 0.5)  # the last day whole
        ax.set_ylabel(f"% answered in {check.within:g} s")
        fig.legend(fontsize=7, loc="outside lower center", ncols=4)
        chart_title(ax, chart.title)
        return to_svg(fig, cid, chart.title, chart.desc)
