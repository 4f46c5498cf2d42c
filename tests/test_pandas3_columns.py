"""Frames as pandas 3 makes them, checked on the pandas CI runs (2.x or 3.x).

pandas 3 infers instants in the unit their input has (``us`` from text and ``datetime``
objects, ``s`` from whole seconds) instead of always nanoseconds, infers text columns as the
``str`` dtype (pyarrow-backed where pyarrow is installed), and brings pyarrow-backed columns
(``timestamp[us, tz=...][pyarrow]``) to more notebooks. Each test builds such a column
explicitly, so it runs the same on pandas 2: ``elapsed_many`` and ``add_many`` answer
"exactly the scalar one" for a column in any unit, "a missing value (NaT, null) gives a
missing answer" whatever holds the other column (docs/calendars.md, the methods'
docstrings), and the frame readers read text and instants as the same values whatever
dtype holds them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError, NaiveDatetimeError, ServiceModelError
from servicemodel.io import eventlog, summary
from servicemodel.strategies._calendar import calendars
from test_calendar_laws import instants, utc

pa = pytest.importorskip("pyarrow")

UNITS = ("s", "ms", "us", "ns")
STEP = {"s": timedelta(seconds=1), "ms": timedelta(milliseconds=1), "us": timedelta(0, 0, 1)}
NINE_TO_FIVE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
ALWAYS = BusinessCalendar.always("UTC")


def floored(t: datetime, unit: str) -> datetime:
    """``t`` cut to ``unit`` (in UTC), as a column held in that unit holds it."""
    t = utc(t)
    step = STEP.get(unit)
    return t if step is None else t - (t - datetime(1970, 1, 1, tzinfo=UTC)) % step


def zoned_column(values: list[datetime | None], unit: str, zone: str, arrow: bool) -> Any:
    """A pandas Series of ``values`` held in ``unit`` and ``zone``: numpy- or pyarrow-backed."""
    utc_values = [None if v is None else utc(v) for v in values]
    column = pd.Series(pd.to_datetime(utc_values, utc=True)).dt.as_unit(unit)
    column = column.dt.tz_convert(zone)
    if arrow:
        column = column.astype(pd.ArrowDtype(pa.timestamp(unit, tz=zone)))
    return column


def missing(value: Any) -> bool:
    return value is None or value is pd.NaT or bool(pd.isna(value))


# --- instants in any unit, numpy- or pyarrow-backed --------------------------------------------


@given(
    calendars(),
    st.lists(st.tuples(instants(), instants()), min_size=1, max_size=12),
    st.sampled_from(UNITS),
    st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]),
    st.booleans(),
)
def test_elapsed_many_on_a_column_of_any_unit_is_the_scalar_answer(
    cal: BusinessCalendar,
    rows: list[tuple[datetime, datetime]],
    unit: str,
    zone: str,
    arrow: bool,
) -> None:
    starts = [floored(a, unit) for a, _ in rows]
    ends = [floored(b, unit) for _, b in rows]
    out = cal.elapsed_many(
        zoned_column(starts, unit, zone, arrow), zoned_column(ends, unit, zone, arrow)
    )
    assert out.tolist() == [cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]
    # The documented unit of the answer: the column's own for ns, microseconds otherwise.
    assert str(out.dtype) == f"timedelta64[{'ns' if unit == 'ns' else 'us'}]"


@given(
    calendars(),
    st.lists(st.tuples(instants(), st.integers(0, 10**12)), min_size=1, max_size=12),
    st.sampled_from(UNITS),
    st.sampled_from(["UTC", "Europe/Berlin", "Asia/Kolkata"]),
    st.booleans(),
)
def test_add_many_on_a_column_of_any_unit_is_the_scalar_answer_in_its_zone(
    cal: BusinessCalendar,
    rows: list[tuple[datetime, int]],
    unit: str,
    zone: str,
    arrow: bool,
) -> None:
    starts = [floored(t, unit) for t, _ in rows]
    durations = [timedelta(microseconds=us) for _, us in rows]
    try:
        expected = [cal.add(t, d) for t, d in zip(starts, durations, strict=True)]
    except ServiceModelError as exc:
        with pytest.raises(type(exc)):
            cal.add_many(zoned_column(starts, unit, zone, arrow), durations)
        return
    out = cal.add_many(zoned_column(starts, unit, zone, arrow), durations)
    assert [utc(t) for t in out.tolist()] == [utc(t) for t in expected]
    assert str(out.dt.tz) == zone
    assert out.dt.unit == ("ns" if unit == "ns" else "us")


@pytest.mark.parametrize("unit", UNITS)
def test_missing_instants_of_a_pyarrow_column_give_missing_answers(unit: str) -> None:
    monday_8 = datetime(2026, 1, 5, 8, tzinfo=UTC)
    starts = zoned_column([monday_8, None, monday_8], unit, "Europe/Berlin", arrow=True)
    ends = zoned_column([monday_8 + timedelta(hours=3), monday_8, None], unit, "UTC", arrow=True)
    elapsed = NINE_TO_FIVE.elapsed_many(starts, ends).tolist()
    # 08:00 UTC is 09:00 in Berlin in January: three hours later, all three were open.
    assert elapsed[0] == timedelta(hours=3)
    assert missing(elapsed[1])
    assert missing(elapsed[2])
    added = NINE_TO_FIVE.add_many(starts, timedelta(hours=1)).tolist()
    assert utc(added[0]) == monday_8 + timedelta(hours=1)
    assert missing(added[1])


@pytest.mark.parametrize(
    "arrow_type",
    [lambda: pa.timestamp("us"), lambda: pa.timestamp("s"), lambda: pa.date32()],
    ids=["timestamp-us", "timestamp-s", "date32"],
)
def test_a_pyarrow_column_without_a_zone_is_refused_as_naive(arrow_type: Any) -> None:
    column = pd.Series(pd.to_datetime(["2026-01-05 09:00", None])).astype(
        pd.ArrowDtype(arrow_type())
    )
    with pytest.raises(NaiveDatetimeError, match=r"starts: the column has no time zone"):
        ALWAYS.elapsed_many(column, column)
    with pytest.raises(NaiveDatetimeError, match=r"starts: the column has no time zone"):
        ALWAYS.add_many(column, timedelta(hours=1))


# --- a missing value in the other column -------------------------------------------------------


def _as_kind(values: list[datetime], kind: str) -> Any:
    if kind == "list":
        return values
    if kind == "numpy":
        return np.array(values, dtype=object)
    return pd.Series(values, dtype=object)


@given(
    st.lists(st.tuples(instants(), st.one_of(st.none(), st.integers(0, 10**11))), max_size=10),
    st.sampled_from(["list", "numpy", "pandas-object"]),
    st.sampled_from(["pandas", "pandas-arrow", "polars"]),
)
def test_a_missing_duration_beside_plain_starts_gives_a_missing_answer(
    rows: list[tuple[datetime, int | None]], kind: str, holder: str
) -> None:
    # Was the epoch, 1970-01-01T00:00:00+00:00: the 0 its row held.
    starts = [t for t, _ in rows]
    durations = [None if us is None else timedelta(microseconds=us) for _, us in rows]
    if holder == "polars":
        pl = pytest.importorskip("polars")
        column: Any = pl.Series(durations, dtype=pl.Duration("us"))
    else:
        column = pd.Series(pd.to_timedelta(durations)).dt.as_unit("us")
        if holder == "pandas-arrow":
            column = column.astype(pd.ArrowDtype(pa.duration("us")))
    out = list(NINE_TO_FIVE.add_many(_as_kind(starts, kind), column))
    for got, t, d in zip(out, starts, durations, strict=True):
        if d is None:
            assert got is None
        else:
            assert utc(got) == utc(NINE_TO_FIVE.add(t, d))


@given(
    st.lists(st.tuples(instants(), st.one_of(st.none(), instants())), max_size=10),
    st.sampled_from(["list", "pandas-object"]),
    st.sampled_from(UNITS),
)
def test_a_missing_end_beside_plain_starts_gives_a_missing_answer(
    rows: list[tuple[datetime, datetime | None]], kind: str, unit: str
) -> None:
    # Was timedelta(0) in a list: a missing end read as an end at the start.
    starts = [t for t, _ in rows]
    ends = [None if e is None else floored(e, unit) for _, e in rows]
    out = list(
        NINE_TO_FIVE.elapsed_many(_as_kind(starts, kind), zoned_column(ends, unit, "UTC", False))
    )
    for got, a, b in zip(out, starts, ends, strict=True):
        if b is None:
            assert missing(got)
        else:
            assert got == NINE_TO_FIVE.elapsed(a, b)


# --- numpy durations in any unit ---------------------------------------------------------------


#: Microseconds per unit of a numpy timedelta64 array, and the largest count drawn of each.
NUMPY_UNITS = {
    "D": (86_400_000_000, 10**8),
    "h": (3_600_000_000, 10**8),
    "m": (60_000_000, 10**10),
    "s": (1_000_000, 10**12),
    "ms": (1000, 10**13),
    "us": (1, 10**13),
}


@given(
    instants(),
    st.sampled_from(sorted(NUMPY_UNITS)),
    st.data(),
    st.sampled_from([ALWAYS, NINE_TO_FIVE]),
)
def test_a_numpy_duration_of_any_unit_adds_as_its_timedelta(
    t: datetime, unit: str, data: st.DataObject, cal: BusinessCalendar
) -> None:
    # A timedelta64[s] of 500 years was made nanoseconds first and wrapped round (an answer
    # 85 years before the start); each unit is now read as itself.
    per, most = NUMPY_UNITS[unit]
    count = data.draw(st.integers(-most, most))
    column = np.array([count, "NaT"], dtype=f"timedelta64[{unit}]")
    try:
        expected = cal.add(t, timedelta(microseconds=count * per))
    except ServiceModelError as exc:
        with pytest.raises(type(exc)):
            cal.add_many([t, t], column)
        return
    got = cal.add_many([t, t], column)
    assert utc(got[0]) == utc(expected)
    assert got[1] is None


def test_a_nanoseconds_duration_array_answered_row_by_row_is_read_as_its_timedelta() -> None:
    # Ten years of open time (2,080 open hours a year) lands more than seven years away, a
    # row the arrays leave to the scalar method, which takes no nanoseconds' timedelta64:
    # it was an InputTypeError; it is handed the duration as read.
    t = datetime(2026, 1, 5, 9, tzinfo=UTC)
    hours = 10 * 2080
    column = np.array([hours * 3_600 * 10**9], dtype="timedelta64[ns]")
    assert NINE_TO_FIVE.add_many([t], column) == [NINE_TO_FIVE.add(t, timedelta(hours=hours))]


def test_a_numpy_duration_in_months_or_years_is_refused_by_name() -> None:
    t = datetime(2026, 1, 5, tzinfo=UTC)
    for unit in ("M", "Y"):
        with pytest.raises(InputTypeError, match=rf"timedelta64\[{unit}\] array has no fixed"):
            ALWAYS.add_many([t], np.array([1], dtype=f"timedelta64[{unit}]"))


# --- the frame readers: text and instants whatever holds them ----------------------------------

SUMMARY_CSV = [
    ("T-1", "2026-03-02T09:00:00+01:00", "2026-03-02T09:40:00+01:00", "5", "email", "high"),
    ("T-2", "2026-03-02T10:00:00+01:00", None, None, "chat", None),
    ("T-3", "2026-03-28T23:30:00+01:00", "2026-03-29T03:30:00+02:00", "3", None, "urgent"),
]
SUMMARY_COLUMNS = ("id", "created_at", "first_reply_at", "rating", "channel", "priority")


def _text_frame(rows: list[tuple[Any, ...]], names: tuple[str, ...], dtype: str) -> Any:
    """The rows as a frame of text columns in ``dtype``: ``object`` (pandas 2's default),
    ``string`` (python-backed), ``string[pyarrow]`` or pandas 3's ``str`` (NaN for missing)."""
    columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    if dtype == "object":
        return pd.DataFrame(columns, dtype=object)
    if dtype == "str":
        # pandas 3's default for text; on pandas 2 the same dtype, with NaN as its missing.
        return pd.DataFrame(
            {
                n: pd.array(v, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
                for n, v in columns.items()
            }
        )
    return pd.DataFrame({n: pd.array(v, dtype=dtype) for n, v in columns.items()})


TEXT_DTYPES = ("object", "string", "string[pyarrow]", "str")


@pytest.mark.parametrize("dtype", TEXT_DTYPES)
def test_summary_rows_read_the_same_from_every_text_dtype(dtype: str) -> None:
    reference = summary.from_pandas(
        _text_frame(SUMMARY_CSV, SUMMARY_COLUMNS, "object"), on_error="collect"
    ).collect()
    got = summary.from_pandas(
        _text_frame(SUMMARY_CSV, SUMMARY_COLUMNS, dtype), on_error="collect"
    ).collect()
    assert list(got.histories) == list(reference.histories)
    assert [str(e) for e in got.errors] == [str(e) for e in reference.errors]
    # What the rows say (docs/exports-summary.md, "Field mapping"), read from any dtype.
    first = got.histories[0]
    assert first.id == "T-1"
    assert first.first_reply_at() == datetime(2026, 3, 2, 8, 40, tzinfo=UTC)
    assert [r.score for r in first.ratings()] == [5]
    assert got.histories[1].first_reply_at() is None


LOG_NAMES = ("case:concept:name", "concept:name", "time:timestamp", "org:resource")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "ä-1", "10", "9"]),
            st.sampled_from(["Resolved", "Reopened"]),
            st.integers(0, 10**6),
            st.one_of(st.none(), st.sampled_from(["ann", "bo", "Zoë"])),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(TEXT_DTYPES),
    st.sampled_from(["text", *UNITS]),
)
def test_event_logs_read_the_same_from_every_text_dtype_and_unit(
    rows: list[tuple[str, str, int, str | None]], dtype: str, held: str
) -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    text_rows = [
        (case, activity, (start + timedelta(seconds=s)).isoformat(), who)
        for case, activity, s, who in rows
    ]
    options: dict[str, Any] = {"status_map": {"Resolved": "solved", "Reopened": "open"}}
    reference = eventlog.from_pandas(
        _text_frame(text_rows, LOG_NAMES, "object"), on_error="collect", **options
    ).collect()
    frame = _text_frame(text_rows, LOG_NAMES, dtype)
    if held != "text":
        frame["time:timestamp"] = pd.to_datetime(
            list(frame["time:timestamp"].astype(object)), utc=True
        ).as_unit(held)
    got = eventlog.from_pandas(frame, on_error="collect", **options).collect()
    assert list(got.histories) == list(reference.histories)
    assert [str(e) for e in got.errors] == [str(e) for e in reference.errors]
    # Each case once, in case-id order as text sorts (docs/exports.md, "Order").
    assert [h.id for h in got.histories] == sorted({case for case, *_ in rows})
