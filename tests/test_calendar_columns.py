"""Whole columns (issue 16): ``elapsed_many`` / ``add_many`` equal the scalar answers exactly."""

from __future__ import annotations

import math
import sys
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar, ScheduleHistory, _columns
from servicemodel.errors import (
    CalendarError,
    InputTypeError,
    MissingExtraError,
    NaiveDatetimeError,
    OutOfRangeError,
)
from servicemodel.strategies._calendar import calendars
from test_calendar_laws import durations, instants, utc

H = timedelta(hours=1)
BERLIN = ZoneInfo("Europe/Berlin")
NINE_TO_FIVE = BusinessCalendar.weekly(
    "Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"]}, holidays=["2026-12-25"]
)
HISTORY = ScheduleHistory(
    [
        (None, NINE_TO_FIVE),
        (datetime(2026, 6, 1, tzinfo=UTC), BusinessCalendar.weekly("UTC", {"sat": "22:00-06:00"})),
    ]
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def pairs(n: int, seed: int = 7) -> tuple[list[datetime], list[datetime], list[timedelta]]:
    rng = np.random.default_rng(seed)
    starts = [at(2026, 1, 1) + timedelta(seconds=int(s)) for s in rng.integers(0, 800 * 86400, n)]
    starts = [t.astimezone(BERLIN) if i % 3 == 0 else t for i, t in enumerate(starts)]
    ends = [
        t + timedelta(seconds=int(s))
        for t, s in zip(starts, rng.integers(-1e7, 1e7, n), strict=True)
    ]
    durs = [timedelta(microseconds=int(u)) for u in rng.integers(-4e11, 4e11, n)]
    return starts, ends, durs


@given(calendars(), st.lists(st.tuples(instants(), instants()), max_size=20), st.data())
def test_columns_equal_the_scalar_answers(
    cal: BusinessCalendar, rows: list[tuple[datetime, datetime]], data: st.DataObject
) -> None:
    starts, ends = [a for a, _ in rows], [b for _, b in rows]
    assert cal.elapsed_many(starts, ends) == [cal.elapsed(a, b) for a, b in rows]
    ds = [data.draw(durations(cal)) * data.draw(st.sampled_from([1, -1])) for _ in rows]
    got = cal.add_many(starts, ds)
    want = [cal.add(t, d) for t, d in zip(starts, ds, strict=True)]
    assert [utc(x) for x in got] == [utc(x) for x in want]
    assert [x.tzinfo for x in got] == [x.tzinfo for x in want]


@pytest.mark.parametrize("cal", [NINE_TO_FIVE, HISTORY, NINE_TO_FIVE - NINE_TO_FIVE & NINE_TO_FIVE])
def test_every_calendar_kind_answers_columns_like_its_scalar_queries(cal: Any) -> None:
    starts, ends, durs = pairs(300)
    assert cal.elapsed_many(starts, ends) == [
        cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
    ]
    try:
        want = [cal.add(t, d) for t, d in zip(starts, durs, strict=True)]
    except CalendarError:
        with pytest.raises(CalendarError):
            cal.add_many(starts, durs)
        return
    assert cal.add_many(starts, durs) == want


def test_pandas_columns_keep_their_index_zone_and_missing_values() -> None:
    starts, ends, durs = pairs(200)
    # Nanoseconds as pandas 2 infers them (pandas 3 infers microseconds).
    s = pd.Series(pd.to_datetime([utc(t) for t in starts]).as_unit("ns"), index=range(100, 300))
    s = s.dt.tz_convert("Europe/Berlin").copy()
    e = pd.Series(pd.to_datetime([utc(t) for t in ends]).as_unit("ns"), index=s.index)
    el = NINE_TO_FIVE.elapsed_many(s, e)
    assert list(el.index) == list(s.index)
    assert el.dtype == "timedelta64[ns]"
    assert el.tolist() == [NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]
    added = NINE_TO_FIVE.add_many(s, pd.Series(durs, index=s.index))
    assert str(added.dtype) == "datetime64[ns, Europe/Berlin]"
    assert added.tolist() == [NINE_TO_FIVE.add(a, d) for a, d in zip(starts, durs, strict=True)]
    s.iloc[5] = pd.NaT
    assert pd.isna(NINE_TO_FIVE.elapsed_many(s, e).iloc[5])
    assert pd.isna(NINE_TO_FIVE.add_many(s, H).iloc[5])
    index = pd.DatetimeIndex(s.dropna())
    assert isinstance(NINE_TO_FIVE.add_many(index, H), pd.DatetimeIndex)


@given(
    st.lists(st.one_of(durations(NINE_TO_FIVE), st.sampled_from([None, pd.NaT, pd.NA, math.nan])))
)
def test_an_object_column_of_durations_reads_every_missing_value_as_missing(
    cells: list[Any],
) -> None:
    # docs/calendars.md: a pandas column of durations may hold timedeltas and missing values,
    # and a missing value gives a missing answer; pandas.NA is pandas' own missing value.
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    starts = pd.Series([start] * len(cells), dtype="datetime64[us, UTC]")
    got = NINE_TO_FIVE.add_many(starts, pd.Series(cells, dtype=object)).tolist()
    for cell, answer in zip(cells, got, strict=True):
        if isinstance(cell, timedelta) and cell is not pd.NaT:
            assert answer == NINE_TO_FIVE.add(start, cell)
        else:
            assert pd.isna(answer)


def test_polars_and_numpy_columns() -> None:
    starts, ends, durs = pairs(200)
    ps = pl.Series([utc(t) for t in starts]).dt.convert_time_zone("Europe/Berlin")
    pe = pl.Series([utc(t) for t in ends]).dt.replace_time_zone("UTC")
    assert NINE_TO_FIVE.elapsed_many(ps, pe).to_list() == [
        NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
    ]
    added = NINE_TO_FIVE.add_many(ps, pl.Series(durs))
    assert added.dtype == pl.Datetime("us", "Europe/Berlin")
    # Compared as instants, read from the column's UTC values: polars gives a cell in a zone
    # as a local time of its own bundled zone data, which may differ from Python's.
    assert added.dt.convert_time_zone("UTC").to_list() == [
        NINE_TO_FIVE.add(a, d) for a, d in zip(starts, durs, strict=True)
    ]
    with_null = pl.Series([utc(starts[0]), None]).dt.replace_time_zone("UTC")
    assert NINE_TO_FIVE.add_many(with_null, H).to_list()[1] is None
    objects = np.array(starts, dtype=object)
    el = NINE_TO_FIVE.elapsed_many(objects, np.array(ends, dtype=object))
    assert el.dtype == "timedelta64[us]"
    assert el.tolist() == [NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]
    ns = np.array([d // timedelta(microseconds=1) * 1000 for d in durs], dtype="timedelta64[ns]")
    assert list(NINE_TO_FIVE.add_many(objects, ns)) == [
        NINE_TO_FIVE.add(a, d) for a, d in zip(starts, durs, strict=True)
    ]


def test_an_always_open_calendar_is_plain_arithmetic() -> None:
    starts, ends, durs = pairs(50)
    always = BusinessCalendar.always("Europe/Berlin")
    assert always.elapsed_many(starts, ends) == [
        utc(b) - utc(a) for a, b in zip(starts, ends, strict=True)
    ]
    assert always.add_many(starts, durs) == [
        always.add(a, d) for a, d in zip(starts, durs, strict=True)
    ]


def test_rows_the_arrays_cannot_answer_go_to_the_scalar_query() -> None:
    sparse = BusinessCalendar.from_dict(
        {"tz": "UTC", "overrides": {"2006-03-02": ["09:00-17:00"], "2030-03-04": ["09:00-17:00"]}}
    )
    t = [at(2026, 1, 1), at(2006, 3, 2, 10)]
    assert sparse.add_many(t, [H, -H]) == [sparse.add(t[0], H), sparse.add(t[1], -H)]
    far = [at(2026, 1, 1), at(1800, 1, 1)]
    assert NINE_TO_FIVE.elapsed_many(far, [at(2027, 1, 1), at(1990, 1, 1)]) == [
        NINE_TO_FIVE.elapsed(far[0], at(2027, 1, 1)),
        NINE_TO_FIVE.elapsed(far[1], at(1990, 1, 1)),
    ]
    with pytest.raises(CalendarError, match="200 years"):
        NINE_TO_FIVE.elapsed_many([at(1700, 1, 1)], [at(2026, 1, 1)])
    with pytest.raises(OutOfRangeError):
        NINE_TO_FIVE.add_many([datetime(9998, 12, 30, tzinfo=UTC)], timedelta(days=9000))


def test_bad_columns_are_refused_with_the_scalar_errors() -> None:
    naive = pd.Series(pd.to_datetime(["2026-01-05 09:00"]))
    with pytest.raises(NaiveDatetimeError, match="starts: the column has no time zone"):
        NINE_TO_FIVE.elapsed_many(naive, naive)
    with pytest.raises(NaiveDatetimeError, match="numpy datetime64"):
        NINE_TO_FIVE.elapsed_many(naive.to_numpy(), naive.to_numpy())
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        NINE_TO_FIVE.add_many(pl.Series([datetime(2026, 1, 5)]), H)
    with pytest.raises(NaiveDatetimeError, match=r"starts\[1\]"):
        NINE_TO_FIVE.elapsed_many([at(2026, 1, 5), datetime(2026, 1, 5)], [at(2026, 1, 5)] * 2)
    with pytest.raises(InputTypeError, match="differ in length"):
        NINE_TO_FIVE.elapsed_many([at(2026, 1, 5)], [])
    with pytest.raises(InputTypeError, match="expected timedeltas, got int 5"):
        NINE_TO_FIVE.add_many([at(2026, 1, 5)], [5])


def test_without_numpy_sequences_still_work_and_columns_name_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert _columns._numpy() is None
    starts, ends, _ = pairs(20)
    assert NINE_TO_FIVE.elapsed_many(starts, ends) == [
        NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
    ]
    assert NINE_TO_FIVE.add_many(starts, H) == [NINE_TO_FIVE.add(a, H) for a in starts]
    column = pd.Series(pd.to_datetime([utc(t) for t in starts]))
    with pytest.raises(MissingExtraError, match=r"servicemodel\[numpy\]"):
        NINE_TO_FIVE.elapsed_many(column, column)


_SECONDS = st.integers(0, 800 * 86400).map(lambda s: at(2026, 1, 1) + timedelta(seconds=s))


@given(
    rows=st.lists(st.tuples(_SECONDS, _SECONDS, st.integers(-4 * 10**5, 4 * 10**5)), max_size=12),
    pandas_unit=st.sampled_from(["ns", "us", "ms", "s"]),
    polars_unit=st.sampled_from(["ns", "us", "ms"]),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]),
)
def test_pandas_and_polars_columns_in_any_unit_give_the_scalar_answers(
    rows: list[tuple[datetime, datetime, int]], pandas_unit: str, polars_unit: str, zone: str
) -> None:
    # A pandas column in "us", "ms" or "s" (a parquet or arrow read, polars' to_pandas) was
    # read as nanoseconds: every instant near 1970, and each answer silently wrong.
    starts, ends = [a for a, _, _ in rows], [b for _, b, _ in rows]
    durs = [timedelta(seconds=s) for _, _, s in rows]

    def pandas_column(values: list[Any], kind: str) -> Any:
        column = pd.Series(values, dtype=f"{kind}64[ns{', UTC' if kind == 'datetime' else ''}]")
        column = column.astype(f"{kind}64[{pandas_unit}{', UTC' if kind == 'datetime' else ''}]")
        return column.dt.tz_convert(zone) if kind == "datetime" else column

    def polars_column(values: list[Any], dtype: Any) -> Any:
        column = pl.Series(values, dtype=dtype)
        return column.dt.convert_time_zone(zone) if isinstance(dtype, pl.Datetime) else column

    instant = pl.Datetime(polars_unit, "UTC")  # type: ignore[arg-type]
    elapsed = [NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]
    added = [NINE_TO_FIVE.add(a, d) for a, d in zip(starts, durs, strict=True)]
    for start, end, dur in [
        (pandas_column(starts, "datetime"), pandas_column(ends, "datetime"),
         pandas_column(durs, "timedelta")),
        (polars_column(starts, instant), polars_column(ends, instant),
         polars_column(durs, pl.Duration(polars_unit))),  # type: ignore[arg-type]
    ]:  # fmt: skip
        got_elapsed = NINE_TO_FIVE.elapsed_many(start, end)
        got_added = NINE_TO_FIVE.add_many(start, dur)
        # (a polars column of instants read from its UTC values, not by its bundled zone data)
        as_list = polars_list if isinstance(start, pl.Series) else list
        assert [pd.Timedelta(t).to_pytimedelta() for t in as_list(got_elapsed)] == elapsed
        assert [pd.Timestamp(t).to_pydatetime() for t in as_list(got_added)] == added


def polars_list(column: Any) -> list[Any]:
    """A polars column's values; a zoned one's as instants in UTC, from its physical values."""
    if isinstance(column.dtype, pl.Datetime):
        return list(column.dt.convert_time_zone("UTC").to_list())
    return list(column.to_list())


def test_a_pandas_answer_past_its_nanoseconds_is_refused_not_wrapped() -> None:
    # Was a silent 1677-10-10 (int64 nanoseconds wrapped): now the error, and a column in
    # microseconds holds the answer.
    always = BusinessCalendar.always("UTC")
    column = pd.Series(pd.to_datetime(["2262-04-01", None], utc=True).as_unit("ns"))
    with pytest.raises(OutOfRangeError, match=r"starts\[0\].*2262-05-01"):
        always.add_many(column, timedelta(days=30))
    micro = always.add_many(column.astype("datetime64[us, UTC]"), timedelta(days=30))
    assert str(micro.dtype) == "datetime64[us, UTC]"
    assert micro.iloc[0] == pd.Timestamp("2262-05-01", tz="UTC")
    assert micro.isna().tolist() == [False, True]
