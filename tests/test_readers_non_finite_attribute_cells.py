"""Event-log and summary readers: an attribute cell that reads like a non-finite number.

docs/exports.md: a text cell is kept as its text whatever it reads like (``"30.25"``, ``"inf"``,
``"NaN"``, ``"sNaN"``); a ``Decimal`` is read as its text (``Decimal("Infinity")`` is
``"Infinity"``); a frame's gap -- NaN of any float width, a ``Decimal`` NaN, quiet or
signalling -- is a missing value; a float infinity, which no attribute holds, is its row's
(case's) error. So no attribute is ever a float NaN or infinity, and no such cell stops a read:
under ``on_error="collect"`` every other ticket is kept.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import eventlog, summary

ISO = "2026-03-02T09:00:00Z"


def _cased(text: str) -> st.SearchStrategy[str]:
    """``text`` in any letter case, with or without a sign and spaces around it."""
    return st.tuples(
        st.sampled_from(["", "+", "-"]),
        st.lists(st.booleans(), min_size=len(text), max_size=len(text)),
        st.sampled_from(["", " "]),
    ).map(lambda t: t[2] + t[0] + _case(text, t[1]) + t[2])


def _case(text: str, upper: list[bool]) -> str:
    return "".join(c.upper() if u else c.lower() for c, u in zip(text, upper, strict=True))


#: Text a float() or Decimal() would read as a non-finite number, and number-like text.
number_texts = st.one_of(
    st.sampled_from(["inf", "infinity", "nan", "snan"]).flatmap(_cased),
    st.sampled_from(["1e999", "-1e999", "30.25", "1_000", "0x10", "NaN1", "sNaN7"]),
    st.floats().map(repr),
)
#: Decimal cells (a frame's object column from a database's numeric type).
decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from([Decimal("sNaN"), Decimal("-sNaN1"), Decimal("NaN"), Decimal("-Infinity")]),
)
cells = st.one_of(number_texts, decimals, st.sampled_from([math.nan, math.inf, -math.inf]))


def _expected(cell: Any) -> Any:
    """What the documented rule makes of the cell: text, a Decimal's text, a gap, an error."""
    if isinstance(cell, str):
        return cell if cell.strip() not in ("", "?") else None  # the default missing markers
    if isinstance(cell, Decimal):
        return None if cell.is_nan() else str(cell)
    if math.isnan(cell):
        return None
    return RecordError  # a float infinity: no attribute holds one


def _check(found: list[Any], errors: list[Any], cell: Any) -> None:
    expected = _expected(cell)
    ids = [h.id for h in found]
    assert "B" in ids  # the other ticket is always kept
    for h in found:
        value = h.ticket.attributes.get("x")
        assert not (isinstance(value, float) and not math.isfinite(value))
    if expected is RecordError:
        assert ids == ["B"]
        (err,) = errors
        assert isinstance(err, RecordError)
        assert "attributes.x" in str(err)
        return
    assert not errors
    (a,) = (h for h in found if h.id == "A")
    assert a.ticket.attributes.get("x") == expected
    if expected is not None:
        assert type(a.ticket.attributes["x"]) is str


@given(cells)
def test_summary_rows_keep_number_like_text_as_text(cell: Any) -> None:
    rows = [
        {"id": "A", "created_at": ISO, "x": cell},
        {"id": "B", "created_at": ISO, "x": "ok"},
    ]
    stream = summary.histories(rows, attributes=["x"], on_error="collect")
    found = list(stream)
    _check(found, list(stream.errors), cell)


@given(cells, st.booleans())
def test_event_log_rows_keep_number_like_text_as_text(cell: Any, repeated: bool) -> None:
    def row(case: str, activity: str, at: str, x: Any) -> dict[str, Any]:
        return {"case:concept:name": case, "concept:name": activity, "time:timestamp": at, "x": x}

    rows = [row("A", "Open", ISO, cell)]
    if repeated:  # the same row again: compared with itself (a signalling NaN refuses ==)
        rows.append(row("A", "Open", ISO, cell))
    rows += [row("A", "Done", "2026-03-02T10:00:00Z", cell), row("B", "Done", ISO, "ok")]
    stream = eventlog.histories(
        rows, attributes=["x"], status_map={"Open": "open", "Done": "solved"}, on_error="collect"
    )
    found = list(stream)
    _check(found, list(stream.errors), cell)
