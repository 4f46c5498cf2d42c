"""Charts of results with matplotlib (the ``report`` extra): trends with bands, survival curves.

Matplotlib is imported only when a chart is drawn; without it the call raises
[MissingExtraError][servicemodel.errors.MissingExtraError] naming
``pip install 'servicemodel[report]'``. Every function draws on the ``ax`` it is given (or on a
new ``pyplot`` figure) and returns the Axes, so it works under the non-interactive ``Agg``
backend, in scripts and in notebooks alike.

* A segmented result over periods: one line per segment (per row of its grid), the interval as
  a shaded band of the same colour; a period without a value is a gap, never a 0.
* A segmented result without periods: markers with interval whiskers per segment (a line
  between categories would suggest an order that is not there).
* A survival curve: the Kaplan–Meier step function from ``S(0) = 1``, its pointwise band, and a
  tick where an observation was censored (the convention of R ``survival`` and ``lifelines``).
* Every chart says what its numbers rest on, in a second line under the x axis's label: the
  interval's level, ``n`` (its range over the points or curves drawn) and what was left out of
  ``n`` (``missing=``: censored times, unanswered surveys; ``censored=`` for curves), as the
  printed estimates do.

Many series stay readable (see ``servicemodel.kpi._plot_layout``): at most twelve are drawn,
the largest by ``n``, and the legend's last entry names the others; colours repeat with
another line style and marker; the legend sits to the right of the axes in as many columns as
fit and the figure grows to hold it (a figure without a layout engine gets the constrained
one); long labels are shortened in the legend and kept whole as each line's label; category
names on the x axis turn upright and the figure widens rather than overlap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import level_percent
from servicemodel.errors import ConfigError, InputTypeError, MissingExtraError
from servicemodel.kpi._display import Leaf, Level, column_keys, flatten
from servicemodel.kpi._estimate import Estimate
from servicemodel.kpi._periods import Periods
from servicemodel.kpi._plot_layout import drawn, fit_legend, hidden_note, look, spread_ticks

__all__ = ["plot_segments", "plot_survival"]

_BAND_ALPHA = 0.2
_UNIT_LABEL = {"share": "%", "points": "points", "": ""}


def _axes(ax: Any, feature: str) -> Any:
    try:
        import matplotlib  # noqa: F401  (only to fail early, with the extra's name)
    except ImportError as exc:
        raise MissingExtraError("report", feature, "matplotlib") from exc
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=(8, 4), layout="constrained")
    return new


def _nan(x: float | None) -> float:
    return math.nan if x is None else x


# --- survival curves --------------------------------------------------------------------------


def _draw_curve(
    ax: Any, curve: Any, label: str, band: bool, censored: bool, kw: Any, k: int = 0
) -> Any:
    end = max(curve.last_time, curve.times[-1] if curve.times else 0.0)
    xs = [0.0, *curve.times, end]
    ys = [1.0, *curve.survival]
    ys.append(ys[-1])
    colour, linestyle, _ = look(k)
    (line,) = ax.step(xs, ys, where="post", label=label, **({"color": colour,
                      "linestyle": linestyle} | kw))  # fmt: skip
    colour = line.get_color()
    if band:
        lower = [1.0, *curve.lower]
        upper = [1.0, *curve.upper]
        lower.append(lower[-1])
        upper.append(upper[-1])
        ax.fill_between(xs, lower, upper, step="post", color=colour, alpha=_BAND_ALPHA, linewidth=0)
    if censored and curve.censored_times:
        marks = list(curve.censored_times)
        heights = [curve.survival_at(t) for t in marks]
        ax.plot(marks, heights, linestyle="none", marker="|", markersize=8, color=colour)
    return line


def _level(levels: set[float]) -> str:
    return f"{level_percent(levels.pop())} %" if len(levels) == 1 else "mixed-level"


def _range(name: str, counts: Sequence[int], per: str) -> str:
    """``n=12`` for one point or equal counts, ``n=3 to 65 per week`` otherwise."""
    if not counts:
        return ""
    low, high = min(counts), max(counts)
    return f"{name}={low}" if low == high else f"{name}={low} to {high} per {per}"


def _with_note(label: str, note: Sequence[str]) -> str:
    """The axis label, and under it what the chart's numbers rest on (level, n, left out)."""
    text = " · ".join(part for part in note if part)
    return f"{label}\n{text}" if text else label


def _legend(ax: Any, lines: Sequence[Any], hidden: Sequence[str], title: str | None) -> None:
    labels = [str(line.get_label()) for line in lines]
    fit_legend(ax, lines, labels, note=hidden_note(hidden), title=title)


def plot_survival(
    curves: Sequence[tuple[str, Any]],
    ax: Any = None,
    *,
    band: bool = True,
    censored: bool = True,
    title: str | None = None,
    legend_title: str | None = None,
    **kw: Any,
) -> Any:
    """Draw Kaplan–Meier step curves with bands and censor ticks; return the Axes.

    ``curves`` are ``(label, SurvivalCurve)`` pairs; ``kw`` goes to every ``ax.step``.
    """
    ax = _axes(ax, "SurvivalCurve.plot")
    shown = drawn([curve.n for _, curve in curves])
    lines = []
    for k, (label, curve) in enumerate(c for c, on in zip(curves, shown, strict=True) if on):
        lines.append(_draw_curve(ax, curve, label, band, censored, kw, k))
    hidden = [label for (label, _), on in zip(curves, shown, strict=True) if not on]
    units = {curve.unit for _, curve in curves}
    axis = f"time ({units.pop()})" if len(units) == 1 else "time"
    kept = [curve for (_, curve), on in zip(curves, shown, strict=True) if on]
    levels = {curve.level for curve in kept}
    ns = [curve.n for curve in kept]
    note = [f"{_level(levels)} bands" if band and kept else "", _range("n", ns, "curve")]
    note.append(f"censored={sum(curve.censored for curve in kept)} (ticks)" if kept else "")
    ax.set_xlabel(_with_note(axis, note))
    ax.set_ylabel("S(t): share still without the event")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    if title and not ax.get_title():
        ax.set_title(title)
    if len(curves) > 1:
        _legend(ax, lines, hidden, legend_title)
    return ax


# --- segmented results ------------------------------------------------------------------------


def _pick_statistic(leaves: list[Leaf], statistic: str | None) -> list[Leaf]:
    if statistic is not None and not isinstance(statistic, str):
        raise InputTypeError(
            f"statistic: expected text (mean, median, p90 ...), got {type(statistic).__name__} "
            f"{safe_repr(statistic)}"
        )
    stats = list(dict.fromkeys(leaf.statistic for leaf in leaves if leaf.statistic is not None))
    if not stats:
        if statistic is not None:
            raise ConfigError(
                f"statistic={safe_repr(statistic)}: this result has one value per segment; "
                "statistic picks one of several (mean, median, p90 ...)"
            )
        return leaves
    chosen = statistic if statistic is not None else ("median" if "median" in stats else stats[0])
    if chosen not in stats:
        raise ConfigError(f"statistic={safe_repr(chosen)} is not one of {stats}")
    return [leaf for leaf in leaves if leaf.statistic == chosen]


def _columns(levels: list[Level]) -> int | None:
    periods = [i for i, lv in enumerate(levels) if isinstance(lv.key, Periods)]
    if periods:
        return periods[-1]
    return len(levels) - 1 if len(levels) > 1 else None


class _Series:
    """One line of a trend chart: a label and an estimate per x key."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.points: dict[Any, Estimate] = {}


def _series(
    levels: list[Level], leaves: list[Leaf], across: int | None
) -> tuple[list[Any], list[_Series]]:
    series: dict[tuple[Any, ...], _Series] = {}
    xs: dict[Any, None] = {}
    down = [i for i in range(len(levels)) if i != across]
    for leaf in leaves:
        if not isinstance(leaf.value, Estimate) or len(leaf.path) < len(levels):
            continue  # an empty inner result has nothing to draw
        x = leaf.path[across] if across is not None else leaf.path[0]
        key = tuple(leaf.path[i] for i in down) if across is not None else ()
        if key not in series:
            label = " · ".join(levels[i].label(leaf.path[i]) for i in down)
            series[key] = _Series(label if across is not None else "")
        series[key].points[x] = leaf.value
        xs[x] = None
    level = levels[across] if across is not None else None
    return column_keys(level, xs), list(series.values())


def _finish(
    ax: Any, estimates: list[Estimate], names: list[str], legend: str | None, drew: Any
) -> None:
    ranged = [e for e in estimates if e.lower is not None or e.upper is not None]
    note = [f"{_level({e.level for e in ranged})} intervals" if ranged else ""]
    per = names[-1] if len(names) == 1 else "point"  # channel × week: per channel-week
    note.append(_range("n", [e.n for e in estimates], per))
    missing = [e.missing for e in estimates]
    note.append(_range("missing", missing, per) if any(missing) else "")
    ax.set_xlabel(_with_note(ax.get_xlabel(), note))
    units = {e.unit for e in estimates}
    metrics = {e.metric for e in estimates}
    unit = units.pop() if len(units) == 1 else "?"
    metric = metrics.pop() if len(metrics) == 1 else "value"
    shown = _UNIT_LABEL.get(unit, unit if unit != "?" else "")
    ax.set_ylabel(metric + (f" ({shown})" if shown else ""))
    if unit == "share":
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    if not ax.get_title():
        ax.set_title(f"{metric} by {' and '.join(names)}")
    if legend is not None:
        lines, hidden = drew
        _legend(ax, lines, hidden, legend)


def _size(s: _Series) -> int:
    return sum(p.n for p in s.points.values())


def _draw_trends(ax: Any, xs: list[Any], series: list[_Series], kw: Any) -> list[Any]:
    lines = []
    for k, s in enumerate(series):
        points = [s.points.get(x) for x in xs]
        ys = [_nan(None if p is None else p.value) for p in points]
        lo = [_nan(None if p is None else p.lower) for p in points]
        hi = [_nan(None if p is None else p.upper) for p in points]
        colour, linestyle, marker = look(k)
        mine = {"color": colour, "linestyle": linestyle, "marker": marker, "markersize": 4} | kw
        (line,) = ax.plot(xs, ys, label=s.label or None, **mine)
        lines.append(line)
        shown = [not (math.isnan(a) or math.isnan(b)) for a, b in zip(lo, hi, strict=True)]
        ax.fill_between(
            xs, lo, hi, where=shown, color=line.get_color(), alpha=_BAND_ALPHA, linewidth=0
        )
    return lines


def _draw_categories(
    ax: Any, xs: list[Any], series: list[_Series], labels: list[str], kw: Any
) -> list[Any]:
    width = 0.6 / max(1, len(series))
    handles: list[Any] = []
    for k, s in enumerate(series):
        colour, _, marker = look(k)
        offset = (k - (len(series) - 1) / 2) * width
        for i, x in enumerate(xs):
            p = s.points.get(x)
            if p is None or p.value is None:
                continue
            below = 0.0 if p.lower is None else p.value - p.lower
            above = 0.0 if p.upper is None else p.upper - p.value
            bars = ax.errorbar(
                [i + offset], [p.value], yerr=[[below], [above]], capsize=3,
                **({"color": colour, "marker": marker, "linestyle": "none"} | kw),
                label=s.label or None,
            )  # fmt: skip
            if len(handles) == k:  # the first drawn point of the series is its legend entry
                handles.append(bars)
        if len(handles) == k:  # a series without any value: still its entry, no point
            handles.append(ax.errorbar([], [], color=colour, marker=marker, label=s.label))
    ax.set_xticks(range(len(xs)), labels)  # named, turned and spread once all else is drawn
    return handles


def plot_segments(result: Any, ax: Any = None, *, statistic: str | None = None, **kw: Any) -> Any:
    """Draw a segmented result: trend lines with bands over periods, or whiskers per segment.

    A flat result of survival curves (``by("channel", FirstReplySurvival...)``) draws one
    Kaplan–Meier curve per segment instead. Returns the Axes.
    """
    values = list(result.values())
    if statistic is None and values and all(hasattr(v, "survival") for v in values):
        pairs = [(_label_of(result, seg), curve) for seg, curve in result.items()]
        title = f"{values[0].metric} by {result.name}"
        return plot_survival(pairs, ax, title=title, legend_title=result.name, **kw)
    ax = _axes(ax, "SegmentResult.plot")
    levels, leaves = flatten(result)
    leaves = _pick_statistic(leaves, statistic)
    across = _columns(levels)
    xs, every = _series(levels, leaves, across)
    shown = drawn([_size(s) for s in every])
    series = [s for s, on in zip(every, shown, strict=True) if on]
    hidden = [s.label for s, on in zip(every, shown, strict=True) if not on]
    x_level = levels[across if across is not None else 0]
    if across is not None and isinstance(x_level.key, Periods):
        ax.set_xlabel(f"{x_level.key.unit} starting (dates in {x_level.key.tz})")
        lines = _draw_trends(ax, xs, series, kw)
    else:
        ax.set_xlabel(x_level.name)
        lines = _draw_categories(ax, xs, series, [x_level.label(x) for x in xs], kw)
    down = [lv for i, lv in enumerate(levels) if across is not None and i != across]
    names = [lv.noun for lv in down] + [x_level.noun]
    legend = " · ".join(lv.name for lv in down) if len(every) > 1 else None
    _finish(ax, [p for s in series for p in s.points.values()], names, legend, (lines, hidden))
    if result.dropped_total():  # records in no segment: said, as the repr says it
        ax.set_xlabel(f"{ax.get_xlabel()} · {result.dropped_total()} in no segment")
    if not isinstance(x_level.key, Periods) or across is None:
        spread_ticks(ax, range(len(xs)), [x_level.label(x) for x in xs])
    return ax


def _label_of(result: Any, segment: Any) -> str:
    key = result.key
    if isinstance(key, Periods) and isinstance(segment, date):
        return key.label(segment)
    return "(none)" if segment is None else str(segment)
