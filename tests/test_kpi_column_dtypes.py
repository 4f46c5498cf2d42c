"""Columns as a notebook holds them: every dtype of one column gives the figure of its values.

The laws: a column of durations, as Python ``timedelta``s, a numpy ``timedelta64`` array, a
pandas ``timedelta64`` or pyarrow ``duration`` column (any unit) or a polars ``Duration``,
gives the same accumulator; a column of scores, as a list, a pandas column of any dtype (a
category with unused categories too) or a polars column, gives the same counts.
"""

from __future__ import annotations

import importlib.util
from datetime import date, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError, ScaleError
from servicemodel.kpi import NPS, FirstReplyTime

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None
needs_pyarrow = pytest.mark.skipif(not HAS_PYARROW, reason="pyarrow not installed")

#: Whole seconds (every unit holds them exactly), or None: a ticket without a reply.
seconds = st.lists(st.one_of(st.none(), st.integers(0, 10 * 86_400)), min_size=1, max_size=30)


def _duration_columns(values: list[int | None]) -> dict[str, Any]:
    as_td = [None if v is None else timedelta(seconds=v) for v in values]
    series = pd.Series(pd.to_timedelta(as_td))  # timedelta64[ns], NaT for None
    columns = {
        "pandas timedelta64": series,
        "numpy timedelta64": series.to_numpy(),
        "TimedeltaIndex": pd.TimedeltaIndex(series),
        "TimedeltaArray": series.array,
        "polars Duration": pl.from_pandas(series),
    }
    if HAS_PYARROW:
        for unit in ("s", "ms", "us", "ns"):
            columns[f"pyarrow duration[{unit}]"] = series.astype(f"duration[{unit}][pyarrow]")
    return columns


@given(values=seconds)
def test_every_duration_column_gives_the_figure_of_its_values(values: list[int | None]) -> None:
    # Before, a pyarrow duration column was read as its count of units (a 1-hour reply was
    # 3.6e12 "h" in nanoseconds), and a TimedeltaIndex or TimedeltaArray raised AttributeError.
    want = FirstReplyTime.empty(unit="h").add_many(
        [None if v is None else timedelta(seconds=v) for v in values]
    )
    for name, column in _duration_columns(values).items():
        assert FirstReplyTime.empty(unit="h").add_many(column) == want, name


def test_a_pandas_column_is_cut_to_microseconds_as_its_numpy_array_is() -> None:
    # One column, one figure: the Series kept nanoseconds, its array and a timedelta did not.
    series = pd.Series(pd.to_timedelta(["1h", "2h 500ns"]))
    got = FirstReplyTime.empty(unit="h").add_many(series)
    assert got == FirstReplyTime.empty(unit="h").add_many(series.to_numpy())
    assert got == FirstReplyTime.empty(unit="h").add_many([timedelta(hours=1), timedelta(hours=2)])


def _instant_columns() -> dict[str, Any]:
    stamps = pd.Series(pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00"], utc=True))
    columns = {
        "pandas datetime64": stamps,
        "polars Datetime": pl.from_pandas(stamps),
        "polars Date": pl.Series([date(2026, 3, 2)]),
        "polars Time": pl.Series([time(9)]),
    }
    if HAS_PYARROW:
        columns["pyarrow timestamp"] = stamps.astype("timestamp[us, tz=UTC][pyarrow]")
        columns["pyarrow date32"] = pd.Series([date(2026, 3, 2)], dtype="date32[pyarrow]")
    return columns


@pytest.mark.parametrize("name", list(_instant_columns()))
def test_a_column_of_instants_is_no_column_of_durations(name: str) -> None:
    # Before, a polars Datetime column was read as its count since 1970 (1.77e18 "h") and a
    # Date as days since 1970; pandas raised its own TypeError.
    with pytest.raises(InputTypeError, match=r"first reply time: a column of instants or dates"):
        FirstReplyTime.empty(unit="h").add_many(_instant_columns()[name])


@pytest.mark.parametrize("dtype", ["boolean", pytest.param("bool[pyarrow]", marks=needs_pyarrow)])
def test_a_nullable_boolean_column_is_no_column_of_durations_or_scores(dtype: str) -> None:
    # Before, a nullable or pyarrow boolean column was read as durations of 1 and 0.
    column = pd.Series([True, False, None], dtype=dtype)
    with pytest.raises(ScaleError, match="a boolean column is not a column of durations"):
        FirstReplyTime.empty(unit="h").add_many(column)
    with pytest.raises(ScaleError, match="a boolean column is not a column of scores"):
        NPS.empty().add_many(column)


scores = st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=40)


def _score_columns(values: list[int | None]) -> dict[str, Any]:
    nullable = pd.Series(values, dtype="Int64")
    columns = {
        "pandas float": nullable.astype("Float64").astype(float),
        "pandas Int64": nullable,
        "pandas IntegerArray": nullable.array,
        # Every score of the scale a category, most never given: a category is no answer.
        "pandas category": nullable.astype(pd.CategoricalDtype(list(range(11)))),
        "pandas Categorical": pd.Categorical(nullable, categories=list(range(11))),
        "polars": pl.from_pandas(nullable),
    }
    if HAS_PYARROW:
        columns["pyarrow int64"] = nullable.astype("int64[pyarrow]")
        columns["pyarrow array"] = nullable.astype("int64[pyarrow]").array
    if None not in values:
        columns["pandas Index"] = pd.Index(values)
    return columns


@given(values=scores)
def test_every_score_column_gives_the_counts_of_its_values(values: list[int | None]) -> None:
    # Before, a category no row held was a ScaleError when off the scale (CSAT's 6 on 1..5)
    # and a pandas array or Categorical (no Series) raised TypeError from value_counts.
    want = NPS.empty().add_many(values, skip_missing=True)  # a column's nulls are missing
    for name, column in _score_columns(values).items():
        assert NPS.empty().add_many(column) == want, name


def test_an_unused_category_off_the_scale_is_no_score() -> None:
    from servicemodel.kpi import CSAT

    column = pd.Series([4, 5, 2]).astype(pd.CategoricalDtype([1, 2, 3, 4, 5, 6]))
    assert CSAT.empty().add_many(column) == CSAT.empty().add_many([4, 5, 2])
    with pytest.raises(ScaleError, match=r"CSAT score 6 is outside the scale 1\.\.5"):
        CSAT.empty().add_many(pd.Series([6, 5]).astype("category"))


def test_the_numpy_array_of_a_column_reads_as_the_column() -> None:
    # (the path the pandas column now shares)
    column = pd.Series(pd.to_timedelta([np.timedelta64(90, "m"), None]))
    acc = FirstReplyTime.empty(unit="h").add_many(column)
    assert acc.result()["median"].value == 1.5
    assert acc.result().censored == 1


@given(values=seconds)
def test_an_object_column_of_timedeltas_reads_as_its_list(values: list[int | None]) -> None:
    # Before, astype(float) raised its own TypeError on the first timedelta.
    cells = [None if v is None else timedelta(seconds=v) for v in values]
    want = FirstReplyTime.empty(unit="h").add_many(cells)  # None: censored
    assert FirstReplyTime.empty(unit="h").add_many(pd.Series(cells, dtype=object)) == want


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["1.5", None]),
        pd.Series(["1.5", None], dtype="string"),
        pl.Series(["1.5", None]),
        pd.Series(["1:30:00"]),
    ],
    ids=["object", "string", "polars", "clock text"],
)
def test_a_text_column_is_no_column_of_durations(column: Any) -> None:
    # As a list of texts is not, and as a text score column is not: the number is not parsed
    # (before, '1.5' was read as 1.5 h, and '1:30:00' raised pandas' own ValueError).
    with pytest.raises(InputTypeError, match=r"first reply time: expected a number, got str"):
        FirstReplyTime.empty(unit="h").add_many(column)
