"""The result of a segmented accumulator: an ordered mapping of segment to result."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from servicemodel.errors import MissingExtraError
from servicemodel.kpi._periods import Periods

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


class SegmentResult(Mapping[Any, Any]):
    """An ordered, read-only mapping of segment to result (usually an Estimate).

    Examples:
        >>> from servicemodel.kpi import CSAT, by
        >>> res = by("channel", CSAT.empty(), fill=["chat", "email"]).result()
        >>> list(res), [r["n"] for r in res.to_records()]
        (['chat', 'email'], [0, 0])
    """

    __slots__ = ("_items", "key", "name")

    def __init__(
        self, items: Iterable[tuple[Any, Any]], *, name: str = "segment", key: Any = None
    ) -> None:
        self._items: dict[Any, Any] = dict(items)
        self.name = name
        self.key = key

    def __getitem__(self, segment: Any) -> Any:
        return self._items[segment]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SegmentResult):
            return self.name == other.name and list(self._items.items()) == list(
                other._items.items()
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        lines = [f"SegmentResult({self.name})"]
        for segment, value in self._items.items():
            shown = self.key.label(segment) if isinstance(self.key, Periods) else segment
            body = repr(value).replace("\n", "\n  ")
            lines.append(f"  {shown}: {body}")
        return "\n".join(lines)

    def _label(self, segment: Any) -> str:
        if isinstance(self.key, Periods) and isinstance(segment, date):
            return self.key.label(segment)
        return "(none)" if segment is None else str(segment)

    def _repr_html_(self) -> str:
        import html

        rows = []
        for segment, value in self._items.items():
            inner = getattr(value, "_repr_html_", None)
            body = inner() if callable(inner) else html.escape(repr(value))
            rows.append(f"<tr><th>{html.escape(self._label(segment))}</th><td>{body}</td></tr>")
        head = f"<tr><th>{html.escape(self.name)}</th><th></th></tr>"
        return f'<table class="servicemodel-segments">{head}{"".join(rows)}</table>'

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
                inner = value.to_records()
                # An empty nested result still gets a row, so empty periods stay visible.
                rows.extend([{**keys, **row} for row in inner] or [{**keys, "value": None, "n": 0}])
            elif hasattr(value, "to_record"):
                rows.append({**keys, **value.to_record()})
            else:
                rows.append({**keys, "value": value})
        return rows

    def to_frame(self) -> Any:
        """Return a pandas ``DataFrame`` of [to_records][servicemodel.kpi.SegmentResult.to_records].

        Raises [MissingExtraError][servicemodel.errors.MissingExtraError] without pandas.

        Examples:
            >>> from servicemodel.kpi import CSAT, by
            >>> by("channel", CSAT.empty(), fill=["chat"]).result().to_frame().shape[0]
            1
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - pandas is in the dev venv
            raise MissingExtraError("pandas", "SegmentResult.to_frame") from exc
        return pd.DataFrame.from_records(self.to_records())
