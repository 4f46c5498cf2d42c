"""The result of a segmented accumulator: an ordered mapping of segment to result.

How it looks in a notebook (a grid of segments × periods) is in ``_display``; its charts are in
``_plot``; its frames in ``_frames``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import UnknownKeyError
from servicemodel.kpi import _display
from servicemodel.kpi._frames import records_to_frame, records_to_polars
from servicemodel.kpi._periods import Periods
from servicemodel.kpi._plot import plot_segments
from servicemodel.model import Priority

__all__ = ["SegmentResult", "ordered"]


def _sort_key(item: tuple[Any, Any]) -> tuple[int, Any]:
    return (1, 0) if item[0] is None else (0, item[0])


def ordered(items: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Return ``(segment, value)`` pairs sorted by segment, ``None`` last, mixed types by name."""
    listed = list(items)
    try:
        return sorted(listed, key=_sort_key)
    except TypeError:
        return sorted(listed, key=lambda kv: (kv[0] is None, type(kv[0]).__name__, str(kv[0])))


#: A day to stand for any period where only the shape of a period column is wanted.
_ANY_DAY = date(2000, 1, 3)
#: The named keys whose segments are text (a channel, a group, an agent, a tag).
_TEXT_KEYS = ("channel", "group", "agent", "tag")


def _is_attribute_key(key: Any) -> bool:
    """Whether ``key`` is ``by("attr:NAME", ...)``'s key, whose segments are text."""
    from servicemodel.kpi._segments import _Attribute  # here: _segments imports this module

    return isinstance(key, _Attribute)


class SegmentResult(Mapping[Any, Any]):
    """An ordered, read-only mapping of segment to result (usually an Estimate).

    ``dropped`` counts the records that fell in no segment (a period key: outside its range,
    or without the instant it places records by, such as an unsolved ticket with
    ``at="solved"``); the repr and the notebook view say how many, so none vanish unseen.

    Examples:
        >>> from servicemodel.kpi import CSAT, by
        >>> res = by("channel", CSAT.empty(), fill=["chat", "email"]).result()
        >>> list(res), [r["n"] for r in res.to_records()]
        (['chat', 'email'], [0, 0])
    """

    __slots__ = ("_items", "dropped", "empty", "key", "name")

    def __init__(
        self,
        items: Iterable[tuple[Any, Any]],
        *,
        name: str = "segment",
        key: Any = None,
        dropped: int = 0,
        empty: Any = None,
    ) -> None:
        self._items: dict[Any, Any] = dict(items)
        self.name = name
        self.key = key
        self.dropped = dropped
        # What one segment's result looks like with no records (``None``: unknown): a result
        # without segments still gives frames with the columns and types of one that has.
        self.empty = empty

    def dropped_total(self) -> int:
        """Return ``dropped`` here and in every nested result: records in no segment.

        Examples:
            >>> from datetime import date, datetime, timezone
            >>> from servicemodel.kpi import ReopenRate, by, periods
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> march = periods("month", date(2026, 3, 1), date(2026, 4, 1))
            >>> april = TicketHistory(Ticket("T", datetime(2026, 4, 2, tzinfo=timezone.utc)), [])
            >>> by(march, ReopenRate.empty()).add(april).result().dropped_total()
            1
        """
        inner = sum(v.dropped_total() for v in self._items.values() if isinstance(v, SegmentResult))
        return self.dropped + inner

    def _dropped_note(self) -> str:
        total = self.dropped_total()
        if not total:
            return ""
        records = "record" if total == 1 else "records"
        return (
            f"({total} {records} in no segment: outside the periods, or without the instant "
            "they are placed by)"
        )

    def __getitem__(self, segment: Any) -> Any:
        try:
            return self._items[segment]
        except (KeyError, TypeError):  # TypeError: an unhashable segment (a list) is none
            pass
        raise UnknownKeyError(
            f"no segment {safe_repr(segment)}; the segments are {safe_repr(list(self))}"
        )

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SegmentResult):
            return (
                self.name == other.name
                and self.dropped == other.dropped
                and list(self._items.items()) == list(other._items.items())
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        note = [self._dropped_note()] if self.dropped_total() else []
        grid = _display.text_grid(self)
        if grid is not None:  # nested (channel × week): a grid, periods down, segments across
            return "\n".join([f"SegmentResult({self.name})", *_display.grid_text(grid), *note])
        lines = [f"SegmentResult({self.name})"]
        for segment, value in self._items.items():
            shown = self.key.label(segment) if isinstance(self.key, Periods) else segment
            body = repr(value).replace("\n", "\n  ")
            lines.append(f"  {shown}: {body}")
        return "\n".join([*lines, *note])

    def _repr_html_(self) -> str:
        table = _display.grid_html(_display.html_grid(self))
        note = self._dropped_note()
        return f"{table}<p>{html.escape(note)}</p>" if note else table

    def grid(self) -> _display.Grid:
        """Return the table a notebook shows: one row per segment, one column per period.

        A nested result (``by("channel", by(periods("week"), ...))``) has one row per outer
        segment (and per statistic, for results holding several such as ``TimeSummary``) and one
        column per period (or per inner segment when no key is a period); a flat one has a
        single value column named after the metric. A cell is an ``Estimate``, another result,
        or ``ABSENT`` when that segment had no records in that column at all.

        Examples:
            >>> from servicemodel.kpi import CSAT, by
            >>> res = by(lambda x: x % 2, by(lambda x: x > 2, CSAT.empty(), name="big"),
            ...          name="odd").add_many([1, 2, 3, 4, 5]).result()
            >>> res.grid().shape, res.grid().header
            ((2, 2), ('odd', 'False', 'True'))
        """
        return _display.html_grid(self)

    def _key_columns(self, segment: Any) -> dict[str, Any]:
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return {self.name: segment, f"{self.name}_label": self.key.label(segment)}
        return {self.name: segment}

    def to_records(self) -> list[dict[str, Any]]:
        """Return one flat ``dict`` per segment (and per inner row, for nested results).

        Estimates become their ``to_record()`` with the segment column in front; a period key
        adds a ``period_label`` column (e.g. ``2026-W10``).

        Examples:
            >>> from servicemodel.kpi import CSAT, by
            >>> rows = by(lambda x: x > 3, CSAT.empty(), name="high").add(5).result().to_records()
            >>> rows[0]["high"], rows[0]["value"]
            (True, 1.0)
        """
        rows: list[dict[str, Any]] = []
        for segment, value in self._items.items():
            keys = self._key_columns(segment)
            if hasattr(value, "to_records"):
                inner = value.to_records() or _blank_rows(value)
                # An empty nested result still gets a row, so empty periods stay visible.
                rows.extend([{**keys, **row} for row in inner] or [{**keys, "value": None, "n": 0}])
            elif hasattr(value, "to_record"):
                rows.append({**keys, **value.to_record()})
            else:
                rows.append({**keys, "value": value})
        return rows

    def _period_columns(self) -> dict[str, Periods]:
        """The period key of each nesting level, by column name (for datetime columns)."""
        columns: dict[str, Periods] = {}
        result: Any = self
        while isinstance(result, SegmentResult):
            if isinstance(result.key, Periods):
                columns.setdefault(result.name, result.key)
            inner = next((v for v in result.values() if isinstance(v, SegmentResult) and v), None)
            # No segments: the shape of one, if known (an empty frame keeps its columns' types).
            result = inner if inner is not None or result else result.empty
        return columns

    def to_frame(self) -> Any:
        """Return a pandas ``DataFrame`` of [to_records][servicemodel.kpi.SegmentResult.to_records].

        A period column (``period``) holds time-zone-aware datetimes, ``datetime64[ns, tz]``:
        the instant each period starts in the zone of its ``periods(...)``; ``period_label``
        keeps the short label. Raises [MissingExtraError][servicemodel.errors.MissingExtraError]
        without pandas.

        Examples:
            >>> from datetime import date
            >>> from servicemodel.kpi import CSAT, by, periods
            >>> weeks = periods("week", date(2026, 3, 2), date(2026, 3, 16), tz="Europe/Berlin")
            >>> frame = by(weeks, CSAT.empty()).result().to_frame()
            >>> str(frame["period"].dtype), list(frame["period_label"])
            ('datetime64[ns, Europe/Berlin]', ['2026-W10', '2026-W11'])
        """
        periods = self._period_columns()
        records, blank = self._records_or_template()
        frame = records_to_frame(records, periods=periods, feature="SegmentResult.to_frame")
        return frame.iloc[0:0] if blank else frame

    def to_polars(self) -> Any:
        """Return a polars ``DataFrame`` with the same columns and values as ``to_frame()``.

        Period columns are ``Datetime("us", tz)``. Raises
        [MissingExtraError][servicemodel.errors.MissingExtraError] without polars
        (``pip install 'servicemodel[polars]'``).

        Examples:
            >>> from datetime import date
            >>> from servicemodel.kpi import CSAT, by, periods
            >>> weeks = periods("week", date(2026, 3, 2), date(2026, 3, 16), tz="Europe/Berlin")
            >>> frame = by(weeks, CSAT.empty()).result().to_polars()
            >>> frame.schema["period"], frame["period_label"].to_list()
            (Datetime(time_unit='us', time_zone='Europe/Berlin'), ['2026-W10', '2026-W11'])
        """
        periods = self._period_columns()
        records, blank = self._records_or_template()
        frame = records_to_polars(
            records, periods=periods, texts=self._text_columns(), feature="SegmentResult.to_polars"
        )
        return frame.clear() if blank else frame

    def _text_columns(self) -> list[str]:
        """The key columns whose segments are text (a channel, a tag, an attribute): a text
        column in polars also when no record has one (every ticket without a tag)."""
        columns: list[str] = []
        result: Any = self
        while isinstance(result, SegmentResult):
            if result.key in _TEXT_KEYS or _is_attribute_key(result.key):
                columns.append(result.name)
            inner = next((v for v in result.values() if isinstance(v, SegmentResult)), None)
            result = inner if inner is not None else result.empty
        return columns

    def _records_or_template(self) -> tuple[list[dict[str, Any]], bool]:
        """The records, or, for a result without segments, one row of what a segment's
        empty result would give (to be dropped: ``True``), so an empty frame keeps its
        columns and their types (a frame of no columns breaks ``frame["value"]``)."""
        records = self.to_records()
        if records or self.empty is None:
            return records, False
        segment: Any = None
        if isinstance(self.key, Periods):  # any period: a column of instants, and its label
            segment = next(iter(self.key.range(_ANY_DAY, _ANY_DAY)))
        elif self.key == "priority":  # any priority: an ordered categorical (polars: an Enum)
            segment = Priority.NORMAL
        elif self.key in _TEXT_KEYS or _is_attribute_key(self.key):  # any text: a text column
            segment = ""
        probe = SegmentResult([(segment, self.empty)], name=self.name, key=self.key)
        if isinstance(self.empty, SegmentResult):  # nested: the inner result's shape
            inner, _ = self.empty._records_or_template()
            keys = probe._key_columns(segment)
            return [{**keys, **row} for row in inner] or probe.to_records(), True
        return probe.to_records(), True

    def plot(self, ax: Any = None, *, statistic: str | None = None, **kw: Any) -> Any:
        """Draw the result with matplotlib (the ``report`` extra) and return the Axes.

        Over periods: one line per segment with its interval as a shaded band; a period
        without a value is a gap. Without periods: a marker and interval whisker per segment.
        A result of survival curves per segment draws one Kaplan–Meier curve per segment. For
        results holding several statistics (``FirstReplyTime``: mean, median, p90) ``statistic``
        picks one (default ``"median"``). ``ax`` draws on existing Axes (else a new figure);
        ``kw`` goes to matplotlib (e.g. ``linewidth=1``). Raises
        [MissingExtraError][servicemodel.errors.MissingExtraError] without matplotlib.

        Examples:
            >>> from matplotlib.figure import Figure
            >>> from servicemodel.kpi import CSAT, by
            >>> res = by(lambda x: "top" if x == 5 else "rest", CSAT.empty(), name="band")
            >>> ax = res.add_many([5, 4, 2, 5]).result().plot(ax=Figure().subplots())
            >>> ax.get_title()
            'CSAT by band'
        """
        return plot_segments(self, ax, statistic=statistic, **kw)


def _key_names(result: SegmentResult) -> list[str]:
    """The key columns of ``result`` and of the results nested in it (by their shape)."""
    names = [result.name]
    if isinstance(result.key, Periods):
        names.append(f"{result.name}_label")
    if isinstance(result.empty, SegmentResult):
        names += _key_names(result.empty)
    return names


def _blank_rows(value: Any) -> list[dict[str, Any]]:
    """The row an empty nested result stands as: what one of its segments would give with no
    records, its keys empty, so the frame's columns keep their types (``[]``: unknown)."""
    if not isinstance(value, SegmentResult) or value.empty is None:
        return []
    rows, _ = value._records_or_template()
    blank = dict.fromkeys(_key_names(value))
    return [{**row, **blank} for row in rows]
