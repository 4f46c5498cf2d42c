"""How segmented results look: a grid of segments × periods, as notebook HTML and as text.

A [SegmentResult][servicemodel.kpi.SegmentResult] nests: ``by("channel", by(periods("week"),
CSAT))`` gives channel → week → estimate. Listing that as one long column hides the shape a
reader wants, so it is shown as a grid: one row per segment (and per statistic, for results such
as ``TimeSummary`` that hold several), one column per period, each cell the value, its interval
and ``n``. The HTML grid puts periods across (a trend reads left to right and the notebook
scrolls sideways); the text grid puts them down, since text cannot scroll and there are
usually more periods than segments. Tooltips say each figure in plain words
([Estimate.describe][servicemodel.kpi.Estimate.describe]).

Examples:
    >>> from servicemodel.kpi import CSAT, by
    >>> res = by(lambda x: "top" if x == 5 else "rest", CSAT.empty(), name="band")
    >>> grid = build_grid(res.add_many([5, 4, 2]).result(), across=None)
    >>> grid.header, [row.labels for row in grid.rows]
    (('band', 'CSAT'), [('rest',), ('top',)])
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import level_percent
from servicemodel.kpi._estimate import Estimate, _fmt
from servicemodel.kpi._periods import Periods

__all__ = [
    "ABSENT",
    "Grid",
    "build_grid",
    "column_keys",
    "grid_html",
    "grid_text",
    "html_grid",
    "period_words",
    "text_grid",
]


class _Absent:
    """A grid cell with no result at all (that segment had no records in that period)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

_UNIT_HEADER = {"share": "%", "points": "points", "": ""}


@attrs.frozen
class Level:
    """One level of nesting: its column name and its key (a ``Periods`` or anything else)."""

    name: str
    key: Any

    @property
    def noun(self) -> str:
        """What one segment of this level is called in a title: ``week``, or the level's name."""
        return self.key.unit if isinstance(self.key, Periods) else self.name

    def label(self, segment: Any) -> str:
        """The short label of ``segment`` (``2026-W10`` for a week, ``(none)`` for None)."""
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return self.key.label(segment)
        if segment is None:
            return "(none)"
        return str(segment) or "(empty)"  # an empty-string segment still gets a header

    def words(self, segment: Any) -> str:
        """``segment`` in plain words for a tooltip: ``week of 2026-03-02``, ``channel chat``."""
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return period_words(self.key, segment)
        return f"{self.name} {self.label(segment)}"


def period_words(key: Periods, start: date) -> str:
    """The period starting on ``start`` in plain words.

    Examples:
        >>> from datetime import date
        >>> from servicemodel.kpi import periods
        >>> period_words(periods("week"), date(2026, 3, 2))
        'week of 2026-03-02'
    """
    if key.unit == "day":
        return start.isoformat()
    if key.unit == "week":
        return f"week of {start.isoformat()}"
    return f"{key.unit} {key.label(start)}"


@attrs.frozen
class Leaf:
    """One figure of a nested result: its segments (outer first), statistic, value and metric."""

    path: tuple[Any, ...]
    statistic: str | None
    value: Any
    metric: str | None


@attrs.frozen
class Row:
    """One grid row: its labels (one per row level), its words and one cell per column."""

    labels: tuple[str, ...]
    words: str
    cells: tuple[Any, ...]


@attrs.frozen
class Grid:
    """A table of results: ``header`` names every column (never empty), ``rows`` hold cells.

    ``row_names`` are the levels shown down the side (``channel``, ``statistic``);
    ``columns`` are the labels across with their tooltip words; a cell is an ``Estimate``, any
    other result, or ``ABSENT``.
    """

    title: str
    row_names: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    unit: str
    level: float | None

    @property
    def header(self) -> tuple[str, ...]:
        """Every column's header: the row levels, then the column labels."""
        return (*self.row_names, *(label for label, _ in self.columns))

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the cells, headers left out."""
        return len(self.rows), len(self.columns)


def flatten(result: Any) -> tuple[list[Level], list[Leaf]]:
    """Return the levels of a nested result and its leaves (an empty inner result is a stub)."""
    levels: list[Level] = []
    leaves: list[Leaf] = []
    _walk(result, (), levels, leaves)
    return levels, leaves


def _walk(result: Any, path: tuple[Any, ...], levels: list[Level], leaves: list[Leaf]) -> None:
    if len(path) == len(levels):
        levels.append(Level(result.name or "segment", result.key))  # a header is never empty
    if not result:
        leaves.append(Leaf(path, None, ABSENT, None))
        return
    for segment, value in result.items():
        here = (*path, segment)
        if isinstance(value, type(result)):
            _walk(value, here, levels, leaves)
        elif isinstance(value, Mapping) and all(isinstance(v, Estimate) for v in value.values()):
            # TimeSummary, SurvivalCurve: one row per statistic (mean, median, p90 ...).
            metric = getattr(value, "metric", None)
            leaves.extend(Leaf(here, str(k), v, metric) for k, v in value.items())
        else:
            leaves.append(Leaf(here, None, value, getattr(value, "metric", None)))


def column_keys(level: Level | None, keys: Iterable[Any]) -> list[Any]:
    """The ordered column keys; a period level gets every period from the first to the last.

    Each inner result fills only its own range of periods, so two segments active in different
    weeks would otherwise leave the weeks between them out of the grid (a silent gap).
    """
    from servicemodel.kpi._segment_result import ordered

    found = dict.fromkeys(keys)
    if level is not None and isinstance(level.key, Periods) and found:
        dates = [k for k in found if isinstance(k, date)]
        if len(dates) == len(found):
            found = dict.fromkeys(level.key.range(min(dates), max(dates)))
    return [k for k, _ in ordered((k, None) for k in found)]


def _common(values: Iterable[Any], default: Any) -> Any:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else default


def build_grid(result: Any, *, across: int | None) -> Grid:
    """Return the grid of ``result`` with nesting level ``across`` as the columns.

    ``across=None`` gives one value column, named after the metric.
    """
    levels, leaves = flatten(result)
    with_stats = any(leaf.statistic is not None for leaf in leaves)
    estimates = [leaf.value for leaf in leaves if isinstance(leaf.value, Estimate)]
    metric = _common((leaf.metric for leaf in leaves if leaf.metric), "value")
    down = [i for i in range(len(levels)) if i != across]
    row_names = tuple(levels[i].name for i in down) + (("statistic",) if with_stats else ())
    cells: dict[tuple[Any, ...], dict[Any, Any]] = {}
    row_paths: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    seen: dict[Any, None] = {}  # every column key, also of a segment whose rows are all empty
    for leaf in leaves:
        has_column = across is None or len(leaf.path) > across
        column = metric if across is None else (leaf.path[across] if has_column else ABSENT)
        if has_column:
            seen[column] = None
        row_path = tuple(leaf.path[i] for i in down if i < len(leaf.path))
        if len(row_path) < len(down):
            continue  # an empty result below the rows' levels: no row to show it in
        row_key = (*row_path, leaf.statistic) if with_stats else row_path
        row_paths.setdefault(row_key, row_path)
        row = cells.setdefault(row_key, {})
        if leaf.value is not ABSENT and has_column:
            row[column] = leaf.value
    col_keys = [metric] if across is None else column_keys(levels[across], seen)
    col_level = levels[across] if across is not None else None
    columns = tuple(
        (str(k), "") if col_level is None else (col_level.label(k), col_level.words(k))
        for k in col_keys
    )
    side = [levels[i] for i in down]
    rows = tuple(
        _row(key, row_paths[key], side, with_stats, cells[key], col_keys)
        for key in _arranged(cells, row_paths, side, with_stats)
    )
    names = [levels[i].noun for i in down] + ([] if col_level is None else [col_level.noun])
    title = f"{metric} by {' and '.join(names)}" if names else str(metric)
    return Grid(
        title=title,
        row_names=row_names,
        columns=columns,
        rows=rows,
        unit=_common((e.unit for e in estimates), "?"),
        level=_common((e.level for e in estimates), None),
    )


def _arranged(
    cells: dict[tuple[Any, ...], dict[Any, Any]],
    row_paths: dict[tuple[Any, ...], tuple[Any, ...]],
    side: list[Level],
    with_stats: bool,
) -> list[tuple[Any, ...]]:
    """The row keys in order (periods by date, statistics as first seen), period gaps filled.

    Rows come from every inner result in turn, so with periods down they arrive out of order,
    and a period in which no segment had records would be missing: both are put right here.
    """
    stats = list(dict.fromkeys(key[-1] for key in cells)) if with_stats else [None]
    if len(side) == 1 and isinstance(side[0].key, Periods):
        for period in column_keys(side[0], (path[0] for path in row_paths.values())):
            for stat in stats:
                key = (period, stat) if with_stats else (period,)
                row_paths.setdefault(key, (period,))
                cells.setdefault(key, {})
    ranks = [
        {k: i for i, k in enumerate(column_keys(lv, (p[j] for p in row_paths.values())))}
        for j, lv in enumerate(side)
    ]
    stat_rank = {s: i for i, s in enumerate(stats)}

    def rank(key: tuple[Any, ...]) -> tuple[int, ...]:
        path = row_paths[key]
        by_level = tuple(r[k] for r, k in zip(ranks, path, strict=True))
        return (*by_level, stat_rank[key[-1]]) if with_stats else by_level

    return sorted(cells, key=rank)


def _row(
    key: tuple[Any, ...],
    path: tuple[Any, ...],
    levels: list[Level],
    with_stats: bool,
    cells: dict[Any, Any],
    col_keys: list[Any],
) -> Row:
    labels = [lv.label(seg) for lv, seg in zip(levels, path, strict=True)]
    words = [lv.words(seg) for lv, seg in zip(levels, path, strict=True)]
    if with_stats:
        labels.append(str(key[-1]) if key[-1] is not None else "")
    return Row(tuple(labels), ", ".join(words), tuple(cells.get(k, ABSENT) for k in col_keys))


# --- HTML ---------------------------------------------------------------------------------------

# One scoped style block per table (no inline style on every cell: a 5 × 13 grid stays small).
_STYLE = (
    "<style>.servicemodel-grid td{text-align:right;white-space:nowrap;vertical-align:top}"
    ".servicemodel-grid th{text-align:left}"
    ".servicemodel-grid caption{caption-side:top;text-align:left}</style>"
)


def _caption(grid: Grid) -> str:
    unit = _UNIT_HEADER.get(grid.unit, grid.unit if grid.unit != "?" else "")
    what = f"{grid.title}" + (f" ({unit})" if unit else "")
    level = f"{level_percent(grid.level)} % interval" if grid.level is not None else "interval"
    return f"{what}: value, {level}, n"


def _html_cell(cell: Any, context: str) -> str:
    if cell is ABSENT:
        title = html.escape(f"no records ({context})" if context else "no records", quote=True)
        return f'<td title="{title}">·</td>'
    if isinstance(cell, Estimate):
        value, interval, _ = cell._text()
        words = cell.describe() + (f", {context}" if context else "")
        detail = " ".join(part for part in (interval, f"n={cell.n}") if part)
        return (
            f'<td title="{html.escape(words, quote=True)}">'
            f"{html.escape(value)}<br><small>{html.escape(detail)}</small></td>"
        )
    text = html.escape(safe_repr(cell))
    return f'<td title="{text}">{text}</td>'


def grid_html(grid: Grid) -> str:
    """Return ``grid`` as an HTML table: every text escaped, tooltips in plain words."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name in grid.row_names)
    head += "".join(
        f'<th title="{html.escape(words, quote=True)}">{html.escape(label)}</th>'
        if words
        else f"<th>{html.escape(label)}</th>"
        for label, words in grid.columns
    )
    body = []
    for row in grid.rows:
        side = "".join(f"<th>{html.escape(x)}</th>" for x in row.labels)
        cells = "".join(
            _html_cell(cell, ", ".join(w for w in (row.words, words) if w))
            for cell, (_, words) in zip(row.cells, grid.columns, strict=True)
        )
        body.append(f"<tr>{side}{cells}</tr>")
    if not grid.rows:
        body.append(f'<tr><td colspan="{max(1, len(grid.header))}">no segments</td></tr>')
    return (
        f'{_STYLE}<table class="servicemodel-grid">'
        f"<caption>{html.escape(_caption(grid))}</caption>"
        f"<tr>{head}</tr>{''.join(body)}</table>"
    )


# --- text ---------------------------------------------------------------------------------------


def _text_cell(cell: Any) -> str:
    if cell is ABSENT:
        return ""
    if isinstance(cell, Estimate):
        value = "–" if cell.value is None else _fmt(cell.value, cell.unit)
        _, interval, _ = cell._text()
        return " ".join(part for part in (value, interval, f"n={cell.n}") if part)
    return safe_repr(cell, limit=40)


def _printable(text: str) -> str:
    # A newline or another control character in a segment name would break the table's lines.
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def grid_text(grid: Grid) -> list[str]:
    """Return ``grid`` as aligned text lines: a header line, then one line per row."""
    table = [[_printable(h) for h in grid.header]]
    table += [
        [*map(_printable, row.labels), *(_text_cell(c) for c in row.cells)] for row in grid.rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    sides = len(grid.row_names)
    lines = []
    for r in table:
        parts = [
            cell.ljust(w) if i < sides else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    return [_caption(grid), *lines]


# --- choosing the columns -----------------------------------------------------------------------


def _period_level(levels: list[Level]) -> int | None:
    found = [i for i, lv in enumerate(levels) if isinstance(lv.key, Periods)]
    return found[-1] if found else None


def html_grid(result: Any) -> Grid:
    """The notebook grid: periods (or the innermost segments) across; one column if not nested."""
    levels, _ = flatten(result)
    if len(levels) < 2:
        return build_grid(result, across=None)
    period = _period_level(levels)
    return build_grid(result, across=len(levels) - 1 if period is None else period)


def text_grid(result: Any) -> Grid | None:
    """The text grid of a nested result: periods down, segments across (``None`` if flat)."""
    levels, _ = flatten(result)
    if len(levels) < 2:
        return None
    period = _period_level(levels)
    if period is None:
        return build_grid(result, across=len(levels) - 1)
    return build_grid(result, across=next(i for i in range(len(levels)) if i != period))
